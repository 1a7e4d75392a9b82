"""How well `recap add --yes` links: precision and recall on two labelled sets.

- The seeds (seeds/): five real posts about Paris 2024 and Chicago 2023, labelled
  by the bundled catalogue's hand-made recommendations (the facts in the shared
  research table): a proposal is right when the seed recommends that session and
  the lines overlap the labelled passage (a line apart counts).
- The development set (tests/fixtures/recap-dev/): posts written for it, one per
  way of naming a session, about editions across 2021-2026; each `.expected` file
  lists the sessions its post names. A proposal is right when its session is listed.

Targets (docs/recaps.md): precision and recall at least 0.95 on posts about Paris
2024 and Chicago 2023; precision at least 0.90 and recall at least 0.85 on posts
about the other editions. These are quality assertions, not timings.

`python -m tests.test_recap_quality` prints the figures and every miss and false link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from confplan.catalogue.catalogue import Catalogue
from confplan.opening import load_catalogue
from confplan.recaps.linker import Index, link_post
from confplan.recaps.post import read_post
from tests.helpers import BUNDLED

DEV = Path(__file__).parent / "fixtures" / "recap-dev"
MAIN = frozenset({"kccnceu2024", "kccncna2023"})  # the editions of the tightest targets


@dataclass
class Scored:
    """What --yes took from one post, against its labels."""

    post: str
    edition: str
    labels: int
    taken: int
    right: int
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)


def _expected(path: Path) -> list[str]:
    """The sessions a dev post names (its `.expected` file: an id a line, # comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def score_dev(catalogue: Catalogue, index: Index) -> list[Scored]:
    found = []
    for path in sorted(DEV.iterdir()):
        if path.suffix == ".expected":
            continue
        wanted = _expected(path.with_suffix(".expected"))
        proposals, edition = link_post(read_post(path.read_bytes(), path.name), index)
        taken = [p.session_id for p in proposals if p.taken]
        right = [s for s in taken if s in wanted]
        found.append(
            Scored(
                path.name,
                edition or "?",
                len(wanted),
                len(taken),
                len(right),
                [s for s in wanted if s not in taken],
                [s for s in taken if s not in wanted],
            )
        )
    return found


def score_seeds(catalogue: Catalogue, index: Index) -> list[Scored]:
    labels: dict[str, list[tuple[str, tuple[int, int]]]] = {r: [] for r in catalogue.recaps}
    for session in catalogue.sessions:
        for rec in session.recommended_by:
            labels[rec.recap].append((session.id, rec.lines))
    found = []
    for recap_id, recap in catalogue.recaps.items():
        path = catalogue.seed_path(recap)
        proposals, _ = link_post(read_post(path.read_bytes(), path.name), index)
        wanted = labels[recap_id]
        right, false = [], []
        for p in (p for p in proposals if p.taken):
            hit = any(
                s == p.session_id and p.lines[0] <= at[1] + 1 and at[0] <= p.lines[1] + 1
                for s, at in wanted
            )
            (right if hit else false).append(p.session_id)
        found.append(
            Scored(
                recap_id,
                recap.conference,
                len(wanted),
                len(right) + len(false),
                len(right),
                [s for s, _ in wanted if s not in right],
                false,
            )
        )
    return found


def totals(scored: list[Scored]) -> tuple[float, float, int, int, int]:
    labels = sum(s.labels for s in scored)
    taken = sum(s.taken for s in scored)
    right = sum(s.right for s in scored)
    return (
        right / taken if taken else 1.0,
        right / labels if labels else 1.0,
        labels,
        taken,
        right,
    )


@pytest.fixture(scope="module")
def scored() -> list[Scored]:
    catalogue = load_catalogue(BUNDLED, cache_dir=None)
    index = Index(catalogue)
    return score_seeds(catalogue, index) + score_dev(catalogue, index)


def test_the_dev_set_has_a_post_per_style_and_its_labels() -> None:
    posts = [p for p in DEV.iterdir() if p.suffix != ".expected"]
    assert len(posts) >= 10
    assert {p.suffix for p in posts} >= {".md", ".txt", ".html", ".mdx"}
    assert all(p.with_suffix(".expected").is_file() for p in posts)


def test_paris_2024_and_chicago_2023(scored: list[Scored]) -> None:
    precision, recall, *_ = totals([s for s in scored if s.edition in MAIN])
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_the_other_editions(scored: list[Scored]) -> None:
    precision, recall, *_ = totals([s for s in scored if s.edition not in MAIN])
    assert precision >= 0.90 and recall >= 0.85, (precision, recall)


def test_each_post_is_given_its_own_edition(scored: list[Scored]) -> None:
    catalogue = load_catalogue(BUNDLED, cache_dir=None)
    for item in scored:
        if item.post.endswith((".md", ".txt", ".html", ".mdx")):
            wanted = _expected((DEV / item.post).with_suffix(".expected"))
            editions = {catalogue.get(s).conference for s in wanted}  # type: ignore[union-attr]
            assert item.edition in editions, item


def report() -> None:
    catalogue = load_catalogue(BUNDLED, cache_dir=None)
    index = Index(catalogue)
    scored = score_seeds(catalogue, index) + score_dev(catalogue, index)
    print("| post | edition | labels | taken | right | recall | precision |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for s in scored:
        recall = f"{s.right / s.labels:.0%}" if s.labels else "-"
        precision = f"{s.right / s.taken:.0%}" if s.taken else "-"
        print(
            f"| {s.post} | {s.edition} | {s.labels} | {s.taken} | {s.right} "
            f"| {recall} | {precision} |"
        )
    for name, group in (
        ("Paris 2024 + Chicago 2023", [s for s in scored if s.edition in MAIN]),
        ("other editions", [s for s in scored if s.edition not in MAIN]),
    ):
        precision, recall, labels, taken, right = totals(group)
        print(
            f"{name}: {labels} labels, {taken} taken, {right} right: "
            f"P {precision:.3f} R {recall:.3f}"
        )
    for s in scored:
        for sid in s.missed:
            print(f"missed {s.post}: {sid} {catalogue.get(sid).title[:70]}")  # type: ignore[union-attr]
        for sid in s.false:
            print(f"false  {s.post}: {sid} {catalogue.get(sid).title[:70]}")  # type: ignore[union-attr]


if __name__ == "__main__":
    report()
