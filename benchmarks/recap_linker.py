"""Precision and recall of the recap linker on the five seed posts.

The bundled catalogue's hand-made recommendations are the labels: for each seed,
which sessions it recommends and at which lines. The linker reads each seed as a
user's file would be read, against the bundled catalogue (both programmes, 949
sessions), and its proposals at or above the `--yes` threshold are compared:

- a proposal is right when the seed recommends that session and the lines overlap
  the labelled passage (one line apart counts: a label may start at the heading);
- recall is right proposals over labels; precision is right proposals over all
  proposals taken.

Run: python benchmarks/recap_linker.py [--conference] [--markdown]
(--conference restricts each seed to its own conference, as `--conference` does.)
Prints a table per seed, the totals, every miss and every false proposal, and the
time each seed took; with --markdown, also the table as docs/recaps.md shows it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from confplan.opening import load_catalogue  # noqa: E402
from confplan.paths import bundled_catalogue  # noqa: E402
from confplan.recaps.linker import Index, Proposal, link  # noqa: E402
from confplan.recaps.post import read_post  # noqa: E402


class Seed(TypedDict):
    """What the linker did with one seed post."""

    recap: str
    labels: int
    proposed: int
    right: int
    false: list[Proposal]
    missed: list[tuple[str, tuple[int, int]]]
    seconds: float
    shown: list[Proposal]


class Report(TypedDict):
    seeds: list[Seed]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] + 1 and b[0] <= a[1] + 1


def evaluate(restrict: bool) -> Report:
    catalogue = load_catalogue(bundled_catalogue(), cache_dir=None)
    labels: dict[str, list[tuple[str, tuple[int, int]]]] = {r: [] for r in catalogue.recaps}
    for session in catalogue.sessions:
        for rec in session.recommended_by:
            labels[rec.recap].append((session.id, rec.lines))
    index_all = Index(catalogue)
    report: Report = {"seeds": []}
    for recap_id, recap in catalogue.recaps.items():
        index = Index(catalogue, recap.conference) if restrict else index_all
        path = catalogue.seed_path(recap)
        started = time.perf_counter()
        post = read_post(path.read_bytes(), path.name)
        proposals = [p for p in link(post, index) if p.taken]
        elapsed = time.perf_counter() - started
        wanted = labels[recap_id]
        right: list[Proposal] = []
        false: list[Proposal] = []
        for proposal in proposals:
            if any(s == proposal.session_id and overlaps(proposal.lines, at) for s, at in wanted):
                right.append(proposal)
            else:
                false.append(proposal)
        found = {p.session_id for p in right}
        missed = [(s, at) for s, at in wanted if s not in found]
        report["seeds"].append(
            {
                "recap": recap_id,
                "labels": len(wanted),
                "proposed": len(proposals),
                "right": len(right),
                "false": false,
                "missed": missed,
                "seconds": elapsed,
                "shown": [p for p in link(post, index) if not p.taken],
            }
        )
    return report


def share(part: int, whole: int) -> str:
    """A percentage as docs/recaps.md writes it: 81.2%, 100%, and "-" for 0 of 0."""
    return f"{part / whole:.1%}".replace(".0%", "%") if whole else "-"


def markdown(report: Report) -> str:
    """The per-seed table in Markdown, with the totals in bold."""
    rows = [
        "| seed | labels | taken | right | recall | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in report["seeds"]:
        rows.append(
            f"| {s['recap']} | {s['labels']} | {s['proposed']} | {s['right']} "
            f"| {share(s['right'], s['labels'])} | {share(s['right'], s['proposed'])} |"
        )
    labels = sum(s["labels"] for s in report["seeds"])
    proposed = sum(s["proposed"] for s in report["seeds"])
    right = sum(s["right"] for s in report["seeds"])
    totals = ("all", labels, proposed, right, share(right, labels), share(right, proposed))
    rows.append("| " + " | ".join(f"**{cell}**" for cell in totals) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conference", action="store_true", help="each seed's conference only")
    parser.add_argument("--markdown", action="store_true", help="also print the table in Markdown")
    args = parser.parse_args(argv)
    report = evaluate(args.conference)
    seeds = report["seeds"]
    total_labels = sum(s["labels"] for s in seeds)
    total_right = sum(s["right"] for s in seeds)
    total_proposed = sum(s["proposed"] for s in seeds)
    catalogue = load_catalogue(bundled_catalogue(), cache_dir=None)
    print(
        f"{'seed':34} {'labels':>6} {'taken':>6} {'right':>6} {'recall':>7} "
        f"{'precision':>9} {'ms':>6}"
    )
    for s in seeds:
        recall = s["right"] / s["labels"] if s["labels"] else 1.0
        precision = s["right"] / s["proposed"] if s["proposed"] else 1.0
        print(
            f"{s['recap']:34} {s['labels']:>6} {s['proposed']:>6} {s['right']:>6} "
            f"{recall:>7.1%} {precision:>9.1%} {s['seconds'] * 1000:>6.0f}"
        )
    recall = total_right / total_labels
    precision = total_right / total_proposed if total_proposed else 1.0
    print(
        f"{'all':34} {total_labels:>6} {total_proposed:>6} {total_right:>6} "
        f"{recall:>7.1%} {precision:>9.1%}"
    )
    print("\nMissed (labelled, not taken):")
    for s in seeds:
        for session_id, lines in s["missed"]:
            session = catalogue.get(session_id)
            shown = [p for p in s["shown"] if p.session_id == session_id]
            extra = f" (shown at {shown[0].confidence:.2f})" if shown else ""
            title = session.title if session else session_id
            print(f"  {s['recap']} {lines[0]}-{lines[1]} {session_id}: {title[:60]}{extra}")
    print("\nFalse (taken, not labelled there):")
    for s in seeds:
        for p in s["false"]:
            print(
                f"  {s['recap']} {p.lines[0]}-{p.lines[1]} {p.session_id} "
                f"{p.confidence:.2f} {'+'.join(p.matched_by)}: {p.title[:60]}"
            )
    if args.markdown:
        print()
        print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
