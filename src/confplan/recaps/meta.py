"""What a post says about itself: title, author, date, canonical address.

- Markdown and text: YAML (`---`) or TOML (`+++`) front matter, as Hugo, Jekyll,
  Docusaurus, Astro and most blog tools write it. Its lines are kept in the post
  (the line numbers stay the file's own) but never searched for sessions.
- HTML: `<title>`, `<meta name="author|description|date">`, Open Graph
  (`og:title`, `og:url`, `article:published_time`, `article:author`) and
  `<link rel="canonical">`.
- MDX: Markdown whose `import`/`export` lines and JSX tags are not text.

Whatever the post holds is read as data, never trusted: a front matter that does
not parse, or a value of the wrong type, is as if it were not there.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from confplan.htmltext import words
from confplan.text import is_safe_url

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

MAX_FRONT_MATTER_LINES = 400  # a front matter is a few dozen lines
_FENCES = {"---": "yaml", "+++": "toml"}
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MDX_STATEMENT = re.compile(r"^(?:import|export)\s")
# A JSX element's tag (<Tabs>, </Tabs>, <YouTube id="…" />, a fragment <>), never
# an HTML one in lower case, which Markdown reads as it is.
_JSX_TAG = re.compile(r"</?(?:[A-Z][\w.]*(?:\s[^<>]*)?)?/?>")


@dataclass(frozen=True, slots=True)
class PostMeta:
    title: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    url: str | None = None
    description: str | None = None


def as_date(value: object) -> datetime.date | None:
    """A date from a front matter's or a tag's value (a date, or text starting with one)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    found = _DATE.match(value) if isinstance(value, str) else None
    if found is None:
        return None
    try:
        return datetime.date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _text(value: object) -> str | None:
    """One line of text from a value: a string, a name in a mapping, the first of a list."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = words(str(value))[:300]
        return text or None
    return None


def _url(value: object) -> str | None:
    text = _text(value)
    return text if text and is_safe_url(text) else None


def front_matter(lines: list[str]) -> tuple[int, PostMeta]:
    """The post's front matter: how many lines it takes (0 if none) and what it says."""
    if not lines or lines[0].strip() not in _FENCES:
        return 0, PostMeta()
    fence = lines[0].strip()
    for number in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)):
        if lines[number].strip() == fence or (fence == "---" and lines[number].strip() == "..."):
            return number + 1, _meta(_parse(_FENCES[fence], "\n".join(lines[1:number])))
    return 0, PostMeta()


def _parse(kind: str, text: str) -> dict[str, Any]:
    try:
        if kind == "toml":
            import tomllib

            data: object = tomllib.loads(text)
        else:
            import yaml

            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # any error of the parser: a front matter it cannot read is none
        return {}
    return {str(k).casefold(): v for k, v in data.items()} if isinstance(data, dict) else {}


def _first(data: dict[str, Any], *keys: str) -> object:
    return next((data[k] for k in keys if data.get(k) not in (None, "", [])), None)


def _meta(data: dict[str, Any]) -> PostMeta:
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    merged = {**{str(k).casefold(): v for k, v in (params or {}).items()}, **data}
    return PostMeta(
        title=_text(_first(merged, "title", "name")),
        author=_text(_first(merged, "author", "authors", "byline")),
        date=as_date(_first(merged, "date", "pubdate", "publishdate", "published", "created")),
        url=_url(_first(merged, "canonical_url", "canonicalurl", "canonical", "url", "permalink")),
        description=_text(_first(merged, "description", "summary", "excerpt")),
    )


def html_meta(tree: LexborHTMLParser) -> PostMeta:
    """A page's own title, author, date and address, from its head."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        key = (node.attributes.get("property") or node.attributes.get("name") or "").casefold()
        content = node.attributes.get("content")
        if key and content and key not in found:
            found[key] = content
    canonical = next(
        (
            node.attributes.get("href")
            for node in tree.css("link[rel]")
            if "canonical" in (node.attributes.get("rel") or "").casefold().split()
        ),
        None,
    )
    title_node = tree.css_first("title")
    page_title = title_node.text() if title_node is not None else None
    author = found.get("author") or found.get("article:author") or found.get("twitter:creator")
    return PostMeta(
        title=_text(found.get("og:title") or page_title),
        author=None if author and "://" in author else _text(author),
        date=as_date(
            found.get("article:published_time")
            or found.get("date")
            or found.get("dc.date")
            or found.get("citation_publication_date")
        ),
        url=_url(canonical) or _url(found.get("og:url")),
        description=_text(found.get("og:description") or found.get("description")),
    )


def mdx_hidden(lines: list[str]) -> set[int]:
    """The lines of an MDX post that are code, not text: its import/export statements."""
    return {n for n, line in enumerate(lines, start=1) if _MDX_STATEMENT.match(line)}


def without_jsx(text: str) -> str:
    """MDX text with its JSX tags blanked (same length, same lines), for Markdown."""
    return _JSX_TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
