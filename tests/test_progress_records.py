"""The progress records are typed named tuples that cost `confplan mark` nothing at import."""

from __future__ import annotations

import pytest

from confplan.progress.models import (
    ENTRY_FIELDS,
    HISTORY_FIELDS,
    UNWATCHED,
    Entry,
    HistoryItem,
    Merged,
)
from confplan.progress.undo import Group, Step


@pytest.mark.parametrize("record", [Entry, HistoryItem, Merged, Step, Group])
def test_annotations_are_evaluated_not_text(record: type) -> None:
    # Text annotations (`from __future__ import annotations` in the defining module)
    # are compiled one by one when typing.NamedTuple makes the class: about 1.5 ms.
    assert record.__annotations__
    assert not any(isinstance(a, str) for a in record.__annotations__.values())


def test_entries_keep_the_tuple_callers_rely_on() -> None:
    row = ("conf", "s1", "watched", None, 4, "good", 2, "a", "b", "c", "d", "attend")
    entry = Entry(*row)
    assert tuple(entry) == row and entry == row
    assert entry._asdict() == dict(zip(ENTRY_FIELDS, row, strict=True))
    assert entry.with_(rating=5).rating == 5 and entry.rating == 4
    assert entry.on_watchlist and not Entry("conf", "s2").on_watchlist
    assert Entry("conf", "s2").status == UNWATCHED and Entry("conf", "s2").updated_at == ""
    with pytest.raises(AttributeError):
        entry.status = "unwatched"  # type: ignore[misc]  # what this test checks


def test_field_lists_are_the_records_own() -> None:
    # The store selects and writes columns in this order.
    columns = "catalogue session status position_s rating note watchlist_pos added_at"
    assert list(ENTRY_FIELDS) == [
        *columns.split(),
        "started_at",
        "watched_at",
        "updated_at",
        "plan",
    ]
    assert HISTORY_FIELDS == ("catalogue", "session", "at", "status", "previous", "position_s")
    item = HistoryItem("conf", "s1", "2026-01-01T00:00:00+00:00", "watched")
    assert (item.previous, item.position_s) == (None, None)
    assert Merged(1, 2, 3) == (1, 2, 3) and Merged(1, 2, 3).kept == 2


def test_undo_steps_invert() -> None:
    step = Step("s1", (("status", "unwatched"),), (("status", "watched"),))
    assert step.inverse().inverse() == step and step.fields == ("status",)
    group = Group((step, Step("s2", (("plan", None),), (("plan", "later"),))))
    assert group.session == "s1" and group.inverse().steps[1].now == (("plan", None),)
