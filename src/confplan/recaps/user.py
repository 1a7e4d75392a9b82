"""The user's own recaps: adding one (the post copied into the data folder, its
proposals in the store) and laying the accepted ones over the catalogue, so that
they count and show exactly like the bundled recaps.

Never written into a catalogue file: the bundled one stays as shipped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path

from confplan.catalogue.catalogue import Catalogue, document_lines
from confplan.catalogue.models import ID_PATTERN, Recap, Recommendation, Recording, Session
from confplan.errors import BadInputError
from confplan.fileio import atomic_write_bytes, read_regular
from confplan.paths import inside, resolved
from confplan.progress import user_recaps
from confplan.progress.store import ProgressStore
from confplan.progress.user_recaps import RecapLink, UserRecap
from confplan.recaps.linker import Proposal
from confplan.recaps.normal import normalise
from confplan.recaps.post import MARKDOWN, Post, read_post
from confplan.text import is_safe_url, printable

FOLDER = "recaps"
MAX_POST_BYTES = 8 * 1024 * 1024  # a long post is a few hundred KB; 5 MB is measured
FROM_THE_POST = "from the post"
BY_HAND = "by hand"  # what a link made by hand was matched by


def folder(data_dir: Path) -> Path:
    return data_dir / FOLDER


def copy_path(data_dir: Path, name: str) -> Path:
    """Where the copy of a post named `name` (as the store keeps it) lives: a plain file
    name inside the recaps folder. A name that leads elsewhere (`../../victim.txt`, an
    absolute path, a link out: a hand-edited or damaged store) raises OSError, so that
    nothing outside the folder is ever read or deleted."""
    place = folder(data_dir)
    target = inside(place, name) if name == os.path.basename(name) else None
    if target is None or target.parent != resolved(place):
        raise OSError(errno.EACCES, f"the copy's name {name!r} leads outside {place}", name)
    return target


def read(path: Path) -> tuple[Post, bytes]:
    """A post from a regular file of at most MAX_POST_BYTES. A symbolic link is refused:
    its copy would be readable where the file it points to may not be."""
    if path.is_symlink():
        raise BadInputError(
            f"{path}: a symbolic link (to {os.readlink(path)}); give the post's own file"
        )
    try:
        raw = read_regular(path, MAX_POST_BYTES)
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInputError(f"{path}: a folder, not a post") from None
    except OSError as exc:
        raise BadInputError(f"{path}: {exc.strerror or exc}") from None
    return read_post(raw, path.name), raw


def default_title(post: Post, path: Path) -> str:
    """The post's own title (front matter, <title>, Open Graph), else its first line."""
    if post.meta.title:
        return printable(post.meta.title)[:100]
    for number, line in enumerate(post.lines, start=1):
        if number in post.hidden:
            continue
        words = line.strip().lstrip("#").strip()
        if words:
            return printable(words)[:100]
    return path.stem


def new_id(store: ProgressStore, title: str, raw: bytes) -> str:
    """`post-<words of the title>-<6 hex of the content>`: readable, and unique."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:40].strip("-") or "post"
    digest = hashlib.sha256(raw).hexdigest()[:6]
    taken = {r.id for r in user_recaps.recaps(store)}
    candidate = f"post-{slug}-{digest}"
    n = 2
    while candidate in taken:
        candidate, n = f"post-{slug}-{digest}-{n}", n + 1
    assert ID_PATTERN.fullmatch(candidate)
    return candidate


def save(
    store: ProgressStore,
    data_dir: Path,
    recap: UserRecap,
    post: Post,
    proposals: list[Proposal],
    accepted: set[str],
) -> UserRecap:
    """Copy the post's text into the data folder, then record the recap and its links."""
    folder(data_dir).mkdir(parents=True, exist_ok=True)
    target = copy_path(data_dir, recap.file)
    # The copy is private to the user, whatever the post's own mode was.
    atomic_write_bytes(target, post.text().encode("utf-8"), permissions=0o600)
    links = [
        RecapLink(
            recap.id,
            p.session_id,
            p.lines[0],
            p.lines[1],
            p.confidence,
            "+".join(p.matched_by),
            p.video,
            p.session_id in accepted,
        )
        for p in proposals
    ]
    try:
        return user_recaps.add(store, recap, links)
    except Exception:
        target.unlink(missing_ok=True)
        raise


def hand_link(
    catalogue: Catalogue,
    store: ProgressStore,
    data_dir: Path,
    recap_id: str,
    session_id: str,
    lines: tuple[int, int] | None = None,
) -> RecapLink:
    """The link to make by hand (accepted), from a recap to a session: at the lines given, else at
    the passage already proposed for it, else at the first line naming its title or
    a speaker (else the post's first line). Bad input raises BadInputError."""
    recap = next((r for r in user_recaps.recaps(store, catalogue.id) if r.id == recap_id), None)
    if recap is None:
        raise BadInputError(f"no recap {printable(recap_id)!r} (see `confplan recap list`)")
    session = catalogue.get(session_id)
    if session is None:
        raise BadInputError(f"no session {printable(session_id)!r} in {catalogue.id}")
    try:
        text = document_lines(copy_path(data_dir, recap.file))
    except OSError:
        raise BadInputError(f"the copy of the post {printable(recap.file)!r} is missing") from None
    if lines is not None and not 1 <= lines[0] <= lines[1] <= len(text):
        raise BadInputError(f"lines {lines[0]}-{lines[1]}: the post has lines 1-{len(text)}")
    found = next(
        (
            item
            for item in user_recaps.links(store, catalogue.id)
            if item.recap == recap.id and item.session == session.id
        ),
        None,
    )
    if found is not None:
        first, last = lines or (found.first_line, found.last_line)
        return replace(found, first_line=first, last_line=last, accepted=True)
    first, last = lines or _mention(text, session)
    return RecapLink(recap.id, session.id, first, last, 1.0, BY_HAND, None, True)


def _mention(text: list[str], session: Session) -> tuple[int, int]:
    """The first line naming the session's title, else one of its speakers."""
    names = [normalise(session.title), *(normalise(s.name) for s in session.speakers)]
    normal = [f" {normalise(line)} " for line in text]
    for name in (n for n in names if n):
        for number, line in enumerate(normal, start=1):
            if f" {name} " in line:
                return number, number
    return 1, 1


def remove(store: ProgressStore, data_dir: Path, recap_id: str) -> UserRecap | None:
    gone = user_recaps.remove(store, recap_id)
    if gone is not None:
        try:
            copy_path(data_dir, gone.file).unlink(missing_ok=True)
        except OSError:
            pass  # a name leading out of the folder: only the store's row is removed
    return gone


def _copy_or_none(data_dir: Path, name: str) -> Path | None:
    try:
        return copy_path(data_dir, name)
    except OSError:
        return None


def suffix(post: Post) -> str:
    return ".md" if post.kind == MARKDOWN else ".txt"


def overlay(catalogue: Catalogue, store: ProgressStore, data_dir: Path) -> int:
    """Lay the accepted links of the user's recaps over the catalogue (again, after a
    change: what an earlier overlay added is taken back first). Returns how many
    recommendations were added."""
    catalogue.restore_originals()
    mine = user_recaps.recaps(store, catalogue.id)
    if not mine:
        return 0
    copies = {r.id: _copy_or_none(data_dir, r.file) for r in mine}
    mine = [r for r in mine if copies[r.id] is not None]
    by_id = {r.id: r for r in mine}
    recaps = [
        Recap(
            id=r.id,
            title=r.title,
            conference=r.conference
            if r.conference in catalogue.conferences
            else next(iter(catalogue.conferences), r.conference),
            kind="recap",
            file=str(copies[r.id]),
            author=r.author,
            url=r.url if r.url and is_safe_url(r.url) else None,
            publication="your recap",
        )
        for r in mine
    ]
    updated: dict[str, Session] = {}
    added = 0
    for item in user_recaps.links(store, catalogue.id, accepted_only=True):
        session = updated.get(item.session) or catalogue.get(item.session)
        recap = by_id.get(item.recap)
        if session is None or recap is None:
            continue
        why = f"Linked from your recap ({item.matched_by.replace('+', ', ')})."
        recommendation = Recommendation(item.recap, (item.first_line, item.last_line), why)
        session = replace(session, recommended_by=(*session.recommended_by, recommendation))
        searched = session.recording is None or not session.recording.is_video
        if item.video and is_safe_url(item.video) and searched:
            session = replace(
                session,
                recording=Recording(
                    "video", item.video, "medium", f"{FROM_THE_POST} “{recap.title}”"
                ),
            )
        updated[item.session] = session
        added += 1
    catalogue.add_recommendations(recaps, updated)
    return added
