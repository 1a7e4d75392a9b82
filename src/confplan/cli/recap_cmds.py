"""`confplan recap add|list|remove|accept|reject|link|unlink`: the user's own recaps."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from confplan import query
from confplan.cli.context import Context, err, out, typed_text
from confplan.errors import BadInputError
from confplan.planner.commands import Decide, LinkByHand, Unlink, execute
from confplan.progress import user_recaps
from confplan.progress.user_recaps import UserRecap
from confplan.text import is_safe_url, json_safe, line_span, printable

if TYPE_CHECKING:  # the linker is imported by the commands that use it, not by every command
    from confplan.recaps.linker import Proposal

THRESHOLD = 0.8  # confplan.recaps.linker.THRESHOLD (a test keeps them equal)


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "recap",
        parents=[common],
        help="add your own recaps (any post) and link the sessions they name",
        description="Read a post (Markdown, HTML or text), find the sessions of the catalogue it "
        "names, and keep the ones you accept as its recommendations: they count and show like "
        "the bundled recaps. The post is copied into your data folder; the catalogue file is "
        "never changed.",
    )
    rsub = p.add_subparsers(
        dest="recap_command", metavar="{add,list,remove,accept,reject,link,unlink}"
    )
    rsub.required = True
    a = rsub.add_parser(
        "add",
        parents=[common],
        help="read a post and propose the sessions it names",
        description=f"Propose the sessions a post names, with the lines, what matched and a "
        f"confidence. --yes accepts those at {THRESHOLD:.2f} or above; without it you are asked "
        "for each (on a terminal), or they wait for review in the TUI (R).",
    )
    a.add_argument("file", help="the post: .md, .html or text")
    a.add_argument(
        "--title", help="the recap's title (default: the post's own, else its first line)"
    )
    a.add_argument("--author", help="who wrote it (default: the post's own author, if it says)")
    a.add_argument("--url", help="where it was published (default: the post's canonical URL)")
    a.add_argument("--conference", help="only sessions of this conference (id, name or city)")
    a.add_argument("--dry-run", action="store_true", help="show the proposals, keep nothing")
    a.add_argument("--yes", action="store_true", help=f"accept every proposal ≥ {THRESHOLD:.2f}")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.set_defaults(func=cmd_add)
    ls = rsub.add_parser("list", parents=[common], help="your recaps and their links")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(func=cmd_list)
    rm = rsub.add_parser("remove", parents=[common], help="forget a recap (and its copy)")
    rm.add_argument("id", help="the recap's id (see `confplan recap list`)")
    rm.set_defaults(func=cmd_remove)
    for verb, accepted in (("accept", True), ("reject", False)):
        d = rsub.add_parser(verb, parents=[common], help=f"{verb} proposed sessions of a recap")
        d.add_argument("id", help="the recap's id")
        d.add_argument("sessions", nargs="*", metavar="SESSION", help="session ids")
        d.add_argument("--all", action="store_true", help=f"{verb} every proposal of the recap")
        d.set_defaults(func=cmd_decide, accepted=accepted)
    _add_hand_parsers(rsub, common)


def _add_hand_parsers(
    rsub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    h = rsub.add_parser(
        "link",
        parents=[common],
        help="link sessions to a recap by hand",
        description="Link sessions the matcher missed (or accept proposed ones) to one of your "
        "recaps. They show and count exactly like the sessions found; --lines gives the post's "
        "passage about them (else the one proposed, or the first line naming them).",
    )
    h.add_argument("id", help="the recap's id (see `confplan recap list`)")
    h.add_argument("sessions", nargs="+", metavar="SESSION", help="session ids")
    h.add_argument("--lines", metavar="A-B", help="the post's lines about them: 12 or 12-15")
    h.set_defaults(func=cmd_link)
    u = rsub.add_parser(
        "unlink", parents=[common], help="take sessions off a recap (found or linked by hand)"
    )
    u.add_argument("id", help="the recap's id")
    u.add_argument("sessions", nargs="+", metavar="SESSION", help="session ids")
    u.set_defaults(func=cmd_unlink)


def _proposal_json(p: Proposal) -> dict[str, object]:
    return {
        "session_id": p.session_id,
        "title": p.title,
        "lines": list(p.lines),
        "confidence": p.confidence,
        "matched_by": list(p.matched_by),
        "taken_by_yes": p.taken,
        "passage": p.passage,
        "video": p.video,
        "context": p.context,
    }


def _show(p: Proposal, number: int) -> None:
    mark = "✓" if p.taken else " "
    out(f"{number:>3}. {mark} {p.confidence:.2f}  {printable(p.session_id)}  {printable(p.title)}")
    context = " · not a talk: context, never taken by --yes" if p.context else ""
    out(f"        {line_span(p.lines)} · {', '.join(p.matched_by)}{context}")
    passage = printable(p.passage)
    out(f"        “{passage[:150]}{'…' if len(passage) > 150 else ''}”")
    if p.video:
        out(f"        recording from the post: {printable(p.video)}")


def _ask(proposals: list[Proposal]) -> set[str]:
    """Ask for each proposal on the terminal: y, n, a (this and the rest above the
    threshold), q (no more)."""
    accepted: set[str] = set()
    rest = False
    for number, p in enumerate(proposals, start=1):
        if rest:
            if p.taken:
                accepted.add(p.session_id)
            continue
        default = "Y/n" if p.taken else "y/N"
        sys.stdout.write(f"Accept {number} ({printable(p.title)[:60]})? [{default}/a/q] ")
        sys.stdout.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer == "q":
            break
        if answer == "a":
            rest = True
            if p.taken:
                accepted.add(p.session_id)
        elif answer == "y" or (answer == "" and p.taken):
            accepted.add(p.session_id)
    return accepted


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.recaps.linker import Index, link_post
    from confplan.recaps.user import default_title, new_id, read, save, suffix

    path = Path(args.file).expanduser()
    for value, option in ((args.title, "--title"), (args.author, "--author")):
        typed_text(value or "", option)
    post, raw = read(path)
    catalogue = ctx.catalogue()
    conference = query.resolve_conference(catalogue, args.conference) if args.conference else None
    if args.url and not is_safe_url(args.url):
        raise BadInputError(f"--url {printable(args.url)!r} is not a plain http(s) link")
    proposals, edition = link_post(post, Index(catalogue, conference))
    title = args.title or default_title(post, path)
    author = args.author or post.meta.author
    if args.format == "json":
        out(json_safe(json.dumps([_proposal_json(p) for p in proposals], ensure_ascii=False)))
    else:
        taken = sum(p.taken for p in proposals)
        out(
            f"{printable(str(path))}: {len(proposals)} proposal"
            f"{'' if len(proposals) == 1 else 's'}, {taken} at {THRESHOLD:.2f} or above (✓)"
        )
        about = catalogue.conferences.get(edition or "")
        by = f" by {printable(author)}" if author else ""
        out(f"    “{printable(title)}”{by}" + (f", about {printable(about.name)}" if about else ""))
        for number, p in enumerate(proposals, start=1):
            _show(p, number)
    if args.dry_run:
        return 0
    interactive = not args.yes and sys.stdin.isatty() and sys.stdout.isatty()
    if args.yes:
        accepted = {p.session_id for p in proposals if p.taken}
    elif interactive:
        accepted = _ask(proposals)
    else:
        accepted = set()
    store = ctx.store(write=True)
    conference = conference or edition
    if conference is None:
        linked = [catalogue.get(p.session_id) for p in proposals]
        counts: dict[str, int] = {}
        for session in linked:
            if session is not None:
                counts[session.conference] = counts.get(session.conference, 0) + 1
        conference = (
            max(counts, key=counts.__getitem__) if counts else next(iter(catalogue.conferences), "")
        )
    recap_id = new_id(store, title, raw)
    recap = UserRecap(
        recap_id,
        catalogue.id,
        title,
        author,
        args.url or post.meta.url,
        conference,
        recap_id + suffix(post),
        post.kind,
    )
    save(store, ctx.data_dir, recap, post, proposals, accepted)
    pending = len(proposals) - len(accepted)
    message = f"confplan: added recap {recap_id}: {len(accepted)} session(s) linked"
    if pending and not args.yes and not interactive:
        message += f", {pending} waiting for review (TUI: R; or `confplan recap accept`)"
    err(message)
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.catalogue()
    store = ctx.store(write=False)
    mine = user_recaps.recaps(store, catalogue.id)
    links = user_recaps.links(store, catalogue.id)
    if args.format == "json":
        document = [
            {
                "id": r.id,
                "title": r.title,
                "author": r.author,
                "url": r.url,
                "conference": r.conference,
                "added_at": r.added_at,
                "links": [
                    {
                        "session_id": item.session,
                        "lines": [item.first_line, item.last_line],
                        "confidence": item.confidence,
                        "matched_by": item.matched_by.split("+"),
                        "accepted": item.accepted,
                    }
                    for item in links
                    if item.recap == r.id
                ],
            }
            for r in mine
        ]
        out(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
        return 0
    if not mine:
        out("No recaps of your own yet: `confplan recap add POST` adds one.")
    for r in mine:
        own = [item for item in links if item.recap == r.id]
        accepted = sum(item.accepted for item in own)
        by = f" by {printable(r.author)}" if r.author else ""
        out(f"{r.id}  {printable(r.title)}{by}")
        out(f"    {accepted} linked, {len(own) - accepted} not (added {r.added_at[:10]})")
    return 0


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.recaps.user import remove

    gone = remove(ctx.store(write=True), ctx.data_dir, args.id)
    if gone is None:
        raise BadInputError(f"no recap {printable(args.id)!r} (see `confplan recap list`)")
    out(f"{gone.id}: removed, with its links and its copy")
    return 0


def cmd_decide(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.catalogue()
    store = ctx.store(write=True)
    own = [item for item in user_recaps.links(store, catalogue.id) if item.recap == args.id]
    if not any(r.id == args.id for r in user_recaps.recaps(store, catalogue.id)):
        raise BadInputError(f"no recap {printable(args.id)!r} (see `confplan recap list`)")
    sessions = [item.session for item in own] if args.all else args.sessions
    if not sessions:
        raise BadInputError("name the sessions to decide on, or --all")
    proposed = {item.session for item in own}
    for session in sessions:
        if session not in proposed:
            raise BadInputError(
                f"recap {printable(args.id)} proposes no session {printable(session)}: to link "
                f"it by hand, `confplan recap link {printable(args.id)} {printable(session)}`"
            )
    for session in sessions:
        execute(store, catalogue.id, Decide(session, args.id, args.accepted))
        out(f"{printable(session)}: {'accepted' if args.accepted else 'rejected'}")
    return 0


_LINES = re.compile(r"\s*([0-9]{1,9})(?:-([0-9]{1,9}))?\s*")  # ASCII digits only


def _lines(text: str | None) -> tuple[int, int] | None:
    """--lines: a line (12) or lines (12-15); "12-" or "12-10" are mistakes, said so."""
    if text is None:
        return None
    found = _LINES.fullmatch(text)
    first, last = (int(found[1]), int(found[2] or found[1])) if found else (0, 0)
    if not found or first < 1 or last < first:
        raise BadInputError(f"--lines {printable(text)!r}: give a line (12) or lines (12-15)")
    return first, last


def cmd_link(ctx: Context, args: argparse.Namespace) -> int:
    from confplan.recaps.user import hand_link

    catalogue = ctx.catalogue()
    store = ctx.store(write=True)
    lines = _lines(args.lines)
    links = [
        hand_link(catalogue, store, ctx.data_dir, args.id, session, lines)
        for session in args.sessions
    ]
    for item in links:  # every one checked before any is written
        execute(store, catalogue.id, LinkByHand.of(item))
        span = line_span((item.first_line, item.last_line))
        out(f"{printable(item.session)}: linked to {printable(args.id)} ({span})")
    return 0


def cmd_unlink(ctx: Context, args: argparse.Namespace) -> int:
    catalogue = ctx.catalogue()
    store = ctx.store(write=True)
    if not any(r.id == args.id for r in user_recaps.recaps(store, catalogue.id)):
        raise BadInputError(f"no recap {printable(args.id)!r} (see `confplan recap list`)")
    own = {item.session for item in user_recaps.links(store, catalogue.id) if item.recap == args.id}
    sessions = [catalogue.canonical(session) for session in args.sessions]
    missing = [s for s, own_id in zip(args.sessions, sessions, strict=True) if own_id not in own]
    if missing:
        raise BadInputError(f"recap {printable(args.id)} links no session {printable(missing[0])}")
    for session in sessions:
        execute(store, catalogue.id, Unlink(session, args.id, False))
        out(f"{printable(session)}: unlinked from {printable(args.id)}")
    return 0
