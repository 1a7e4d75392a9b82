"""Fetching a published schedule from its URL, for `confplan import URL` and
`confplan refresh`.

Plain HTTP with `httpx`, and plain conditional requests: the server's `ETag` and
`Last-Modified` are kept in the catalogue's `source` block and sent back as
`If-None-Match` and `If-Modified-Since`, so an unchanged schedule costs a 304 and
nothing is rewritten. A timeout, a bound on the size (read as a stream, stopped
past the bound), at most a few redirects, http and https only. Failures are
`FetchError` (exit 1) with one plain sentence; a URL that is not one is
`BadInputError` (exit 2). The network is touched only here, and only for a URL
the user gave. No Textual here.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from confplan import __version__
from confplan.catalogue.models import Source
from confplan.errors import BadInputError, ConfplanError
from confplan.text import printable

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 64 * 1024 * 1024  # the largest real schedules (CCC's) are a few MB
TIMEOUT_S = 30.0  # for each connect and each read
TOTAL_S = 300.0  # for the whole body: a server dripping bytes is not waited on forever
MAX_REDIRECTS = 5
MAX_VALIDATOR = 1024  # an ETag or a date: a longer one is not kept
SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(ConfplanError):
    """The schedule could not be fetched (offline, an HTTP error, too large): exit 1."""


@dataclass(frozen=True)
class Fetched:
    """What a fetch gave: the bytes (None when the server said "not modified"), and
    the source with the server's new validators."""

    source: Source
    data: bytes | None
    final_url: str  # after redirects: what relative links are resolved against

    @property
    def not_modified(self) -> bool:
        return self.data is None


def is_url(text: str) -> bool:
    """`text` is meant as a URL (a scheme and "://"), not a file name."""
    scheme, sep, _rest = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha()


def checked_url(text: str) -> str:
    """The URL, refused (exit 2) unless it is http(s) with a host."""
    import httpx

    if any(not char.isprintable() or char.isspace() for char in text.strip()):
        raise BadInputError(f"not a usable URL (a space or a control character): {text[:200]!r}")
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
        httpx.URL(text.strip())
        (parts.hostname or "").encode("idna")  # a label too long, or not one IDNA encodes
    except (ValueError, httpx.InvalidURL) as exc:  # UnicodeError is a ValueError
        reason = str(exc).split(":")[0][:100] or type(exc).__name__
        raise BadInputError(f"not a usable URL: {text[:200]!r} ({reason})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise BadInputError(f"only http and https URLs are fetched, not {text[:200]!r}")
    if not parts.hostname:
        raise BadInputError(f"the URL names no host: {text[:200]!r}")
    if parts.username is not None or parts.password is not None:
        raise BadInputError(
            "a URL with a user name or password is not fetched: it would be kept in the "
            "catalogue as its source (give the URL without them)"
        )
    return text.strip()


def fetch(
    source: Source,
    *,
    conditional: bool = True,
    timeout: float = TIMEOUT_S,
    max_bytes: int | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET the source's URL (conditionally, with its validators, when `conditional`),
    following at most MAX_REDIRECTS redirects, each to an http(s) URL."""
    import httpx

    url = checked_url(source.url)
    headers = {"User-Agent": f"confplan/{__version__}", "Accept-Encoding": "gzip, deflate"}
    etag, last_modified = _validator(source.etag), _validator(source.last_modified)
    if conditional and etag:  # a hand-edited value that is not a header's is not sent
        headers["If-None-Match"] = etag
    if conditional and last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), transport=transport) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url, headers=headers) as response:
                    if response.status_code not in REDIRECTS:
                        asked = "If-None-Match" in headers or "If-Modified-Since" in headers
                        return _answer(source, response, max_bytes or MAX_BYTES, asked)
                    url = _redirected(url, response)
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except httpx.DecodingError:
        raise FetchError(f"{url}: the server sent a body that cannot be decoded") from None
    except (httpx.ConnectError, httpx.NetworkError) as exc:
        raise FetchError(f"{url}: cannot connect (offline?): {_reason(exc)}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: the fetch failed: {_reason(exc)}") from None
    except UnicodeError as exc:  # a host name IDNA refuses (xn--a), found only when asked
        raise BadInputError(
            f"{url}: not a host name that can be looked up: {_reason(exc)}"
        ) from None
    raise FetchError(f"{source.url}: more than {MAX_REDIRECTS} redirects")


def _redirected(url: str, response: httpx.Response) -> str:
    """Where a redirect leads: an http(s) URL, else FetchError."""
    location = response.headers.get("Location", "")
    try:
        target = str(response.url.join(location)) if location else ""
        checked_url(target)
    except (BadInputError, ValueError, TypeError):
        raise FetchError(f"{url}: redirected to a URL that is not http(s)") from None
    return target


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified worth keeping and sending back: visible ASCII (a space
    inside), of a bounded length; None for anything else (a control character, a
    line break, a byte that is not ASCII), which would make the next request fail."""
    if not value or len(value) > MAX_VALIDATOR:
        return None
    if not all(" " <= char <= "~" for char in value):
        return None
    return value


def _reason(exc: Exception) -> str:
    reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200] or type(exc).__name__
    return printable(reason)  # it may quote the server's bytes


def _answer(source: Source, response: httpx.Response, max_bytes: int, asked: bool) -> Fetched:
    """The fetch's result; a 304 only when the request sent validators (`asked`)."""
    final = str(response.url)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    if response.status_code == 304 and asked:
        return Fetched(replace(source, fetched_at=now), None, final)
    if response.status_code == 304:
        raise FetchError(
            f"{source.url}: the server answered 304 (not modified) to a request that "
            "named no version it has"
        )
    if response.status_code >= 400 or response.status_code < 200:
        phrase = printable(response.reason_phrase or "")[:100]  # the server's words
        raise FetchError(f"{source.url}: the server answered HTTP {response.status_code} {phrase}")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{source.url}: larger than {max_bytes // (1024 * 1024)} MB")
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + TOTAL_S
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{source.url}: larger than {max_bytes // (1024 * 1024)} MB")
        if time.monotonic() > deadline:
            raise FetchError(f"{source.url}: still arriving after {TOTAL_S:g} s")
        chunks.append(chunk)
    fresh = Source(
        url=source.url,
        etag=_validator(response.headers.get("ETag")),
        last_modified=_validator(response.headers.get("Last-Modified")),
        fetched_at=now,
    )
    return Fetched(fresh, b"".join(chunks), final)
