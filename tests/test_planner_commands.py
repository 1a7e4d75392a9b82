"""The planner's commands: the command line and the TUI's store writer apply each one
the same way (same store, same result, same undo), and a command never changes."""

from __future__ import annotations

import ast
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from confplan import agenda
from confplan.opening import load_catalogue
from confplan.planner.commands import (
    Applied,
    Attend,
    Command,
    Decide,
    Mark,
    Move,
    Note,
    Plan,
    Rate,
    Redo,
    Shift,
    ToggleWatch,
    ToggleWatched,
    Undo,
    Unwatch,
    Watch,
    Written,
    execute,
)
from confplan.planner.record import Record
from confplan.planner.state import PlannerState
from confplan.planner.writer import Failed, Report, StoreWriter
from confplan.progress import user_recaps
from confplan.progress.models import IN_PROGRESS, LATER, WATCHED, Entry
from confplan.progress.store import ChangedElsewhereError, ProgressStore, StoreRefusedError
from confplan.progress.undo import USER_FIELDS
from confplan.progress.user_recaps import RecapLink, UserRecap
from tests.helpers import Clock, write_catalogue

CAT = "cat"
SRC = Path(__file__).resolve().parents[1] / "src" / "confplan"


def prepare(store: ProgressStore) -> None:
    """a, b, c on the watchlist (b watched, c rated, a noted); d and e unknown to the
    store; a recap proposing a and d."""
    store.watch(CAT, ["a", "b", "c"])
    store.mark(CAT, "b", WATCHED)
    store.rate(CAT, "c", 3)
    store.note(CAT, "a", "a note")
    store.plan(CAT, "c", LATER)
    recap = UserRecap("r1", CAT, "A recap", None, None, "conf", "r1.md", "markdown")
    links = [RecapLink("r1", sid, 1, 2, 0.9, "title") for sid in ("a", "d")]
    user_recaps.add(store, recap, links)


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[ProgressStore, ProgressStore]]:
    """Two stores in the same state, their clocks in step: one for the command line's
    way (executed at once), one for the TUI's (the store writer's thread)."""
    pair = []
    for name in ("cli", "tui"):
        store = ProgressStore(tmp_path / f"{name}.sqlite3", clock=Clock())
        prepare(store)
        pair.append(store)
    yield pair[0], pair[1]
    for store in pair:
        store.close()


def through_writer(store: ProgressStore, command: Command) -> Report:
    reports: list[Report] = []
    writer = StoreWriter(store, CAT, reports.append)
    writer.start()
    writer.submit(command)
    assert writer.wait_idle(10)
    writer.stop()
    (report,) = reports
    return report


def contents(store: ProgressStore) -> tuple[object, ...]:
    """Everything the store holds: entries, history, and the recaps' decisions."""
    links = [(link.session, link.accepted) for link in user_recaps.links(store, CAT)]
    return store.all_entries(), store.all_history(), links


def user_view(store: ProgressStore) -> dict[str, tuple[object, ...]]:
    """What the user sees of each entry (no timestamps)."""
    return {
        e.session: tuple(getattr(e, f) for f in USER_FIELDS)
        for e in store.all_entries()
        if any(getattr(e, f) != getattr(Entry(CAT, e.session), f) for f in USER_FIELDS)
    }


COMMANDS: list[Command] = [
    Watch("d"),
    Watch("d", ("e", "a", "d")),
    Unwatch("b"),
    Unwatch("a", ("c", "zz")),
    ToggleWatch("a"),
    ToggleWatch("d"),
    Move("c", 1),
    Move("a", 99),
    Shift("a", 2),
    Shift("c", -5),
    Mark("a", WATCHED),
    Mark("d", IN_PROGRESS, 90),
    Mark("b", IN_PROGRESS),
    ToggleWatched("b"),
    ToggleWatched("a"),
    Rate("a", 4),
    Rate("c", None),
    Note("b", "text"),
    Note("a", None),
    Attend("a", ("b", "c", "d")),
    Plan("b", LATER),
    Plan("c", None),
]


@pytest.mark.parametrize("command", COMMANDS, ids=repr)
def test_the_cli_and_the_writer_apply_a_command_alike_and_take_it_back(
    stores: tuple[ProgressStore, ProgressStore], command: Command
) -> None:
    cli, tui = stores
    start = user_view(cli)
    applied = execute(cli, CAT, command)
    report = through_writer(tui, command)
    assert report == applied
    assert contents(tui) == contents(cli)
    assert applied.command is command
    assert applied.take_back is not None
    done = user_view(cli)
    assert done != start

    undone = execute(cli, CAT, Undo(applied.take_back))
    assert through_writer(tui, Undo(applied.take_back)) == undone
    assert contents(tui) == contents(cli)
    assert user_view(cli) == start

    assert undone.take_back is not None
    redone = execute(cli, CAT, Redo(undone.take_back))
    assert through_writer(tui, Redo(undone.take_back)) == redone
    assert contents(tui) == contents(cli)
    assert user_view(cli) == done


def test_a_toggle_is_decided_against_the_store_when_applied(
    stores: tuple[ProgressStore, ProgressStore],
) -> None:
    cli, _ = stores
    assert execute(cli, CAT, ToggleWatch("a")).done == Unwatch("a")
    assert execute(cli, CAT, ToggleWatch("a")).done == Watch("a")
    assert execute(cli, CAT, ToggleWatched("b")).done == Mark("b", "unwatched")
    assert execute(cli, CAT, Shift("a", -9)).done == Move("a", 1)


def test_what_a_command_reports(stores: tuple[ProgressStore, ProgressStore]) -> None:
    cli, _ = stores
    attended = execute(cli, CAT, Attend("a", ("b", "d")))
    assert [w.session for w in attended.written] == ["a", "b", "d"]
    assert attended.after is not None and attended.after.plan == "attend"
    assert attended.others[1] == Written("d", None, None)  # not on the watchlist: untouched
    assert attended.queue is None and attended.history is None

    moved = execute(cli, CAT, Move("c", 1))
    assert moved.queue is not None
    assert [e.session for e in moved.queue] == ["c", "a", "b"]
    marked = execute(cli, CAT, Mark("d", WATCHED))
    assert marked.history is not None and [h.status for h in marked.history] == [WATCHED]
    left = execute(cli, CAT, Unwatch("b", ("d",)))
    assert [w.left_watchlist for w in left.written] == [True, False]


def test_a_decision_on_a_recap_is_the_same_both_ways_and_not_undone(
    stores: tuple[ProgressStore, ProgressStore],
) -> None:
    cli, tui = stores
    for command in (Decide("a", "r1", True), Decide("d", "r1", False), Decide("a", "r1", False)):
        applied = execute(cli, CAT, command)
        assert through_writer(tui, command) == applied
        assert applied.take_back is None  # no progress changed: nothing to undo
        assert contents(tui) == contents(cli)
    assert [(link.session, link.accepted) for link in user_recaps.links(cli, CAT)] == [
        ("a", False),
        ("d", False),
    ]


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (Shift("d", 1), "not on the watchlist: press w to add it first"),
        (Move("d", 1), "d is not on the watchlist"),
        (Plan("d", LATER), "d is not on the watchlist: add it first"),
        (Attend("e"), "e is not on the watchlist: add it first"),
        (Rate("a", 6), "a rating is 1 to 5, not 6"),
        (Mark("a", "seen"), "unknown status 'seen'"),
        (Decide("b", "r1", True), "recap r1 proposes no session b"),
    ],
    ids=repr,
)
def test_a_refusal_is_the_same_both_ways_and_writes_nothing(
    stores: tuple[ProgressStore, ProgressStore], command: Command, message: str
) -> None:
    cli, tui = stores
    held = contents(cli)
    with pytest.raises(StoreRefusedError) as refused:
        execute(cli, CAT, command)
    assert str(refused.value) == message
    assert through_writer(tui, command) == Failed(command, message)
    assert contents(cli) == held == contents(tui)


def test_an_undo_refused_for_a_change_made_elsewhere_is_a_conflict(
    stores: tuple[ProgressStore, ProgressStore],
) -> None:
    cli, tui = stores
    for store in (cli, tui):
        applied = execute(store, CAT, Rate("a", 5))
        store.rate(CAT, "a", 2)  # another process, say
        assert applied.take_back is not None
        undo = Undo(applied.take_back)
    with pytest.raises(ChangedElsewhereError):
        execute(cli, CAT, undo)
    report = through_writer(tui, undo)
    assert isinstance(report, Failed) and report.conflict
    assert contents(cli) == contents(tui)


# -- immutability ----------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=repr)
def test_a_command_cannot_be_changed(command: Command) -> None:
    first = command._fields[0]
    with pytest.raises(AttributeError, match="immutable"):
        setattr(command, first, "other")
    with pytest.raises(AttributeError, match="immutable"):
        delattr(command, first)
    with pytest.raises(AttributeError):
        command.extra = 1  # type: ignore[attr-defined]
    again = type(command)(*(getattr(command, f) for f in command._fields))
    assert again == command and hash(again) == hash(command)
    assert again is not command


def test_executing_leaves_the_command_as_it_was(
    stores: tuple[ProgressStore, ProgressStore],
) -> None:
    cli, _ = stores
    for command in (Shift("a", 1), ToggleWatched("a"), ToggleWatch("b")):
        before = repr(command)
        applied = execute(cli, CAT, command)
        assert repr(command) == before and applied.command is command
        with pytest.raises(AttributeError):
            applied.done = command  # type: ignore[misc]


def test_records_are_equal_by_type_and_value_and_check_their_arguments() -> None:
    assert Watch("a") != Unwatch("a")
    assert Watch("a") == Watch("a", ())
    assert Mark("a", WATCHED) == Mark(session="a", status=WATCHED, position_s=None)
    assert repr(Rate("a", 2)) == "Rate(session='a', rating=2)"
    with pytest.raises(TypeError):
        Mark("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Rate("a", 1, 2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Rate("a", rating=1, stars=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="follows one with"):

        class _Wrong(Record):
            a: int = 1
            b: int


# -- the TUI's undo and redo stacks -------------------------------------------------


def test_planner_state_keeps_undo_and_redo_from_the_reports(tmp_path: Path) -> None:
    catalogue = load_catalogue(write_catalogue(tmp_path / "c"), cache_dir=None)
    state = PlannerState(catalogue)
    with ProgressStore(tmp_path / "p.sqlite3", clock=Clock()) as store:

        def run(command: Command) -> Applied:
            applied = execute(store, catalogue.id, command)
            state.record(applied)
            return applied

        run(Watch("s1"))
        run(Mark("s1", WATCHED))
        assert state.status("s1") == WATCHED and len(state.undo) == 2
        undo = state.take_back()
        assert isinstance(undo, Undo) and len(state.undo) == 1
        run(undo)
        assert state.status("s1") != WATCHED and len(state.redo) == 1
        redo = state.take_back(redo=True)
        assert isinstance(redo, Redo)
        run(redo)
        assert state.status("s1") == WATCHED and len(state.undo) == 2
        run(Rate("s1", 3))
        assert state.redo == [] and len(state.undo) == 3
        assert state.take_back(redo=True) is None


# -- the command line is the same path ------------------------------------------------


def clashing_catalogue(tmp_path: Path) -> Path:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "X-WR-CALNAME:Con"]
    for uid, start in (("x", "100000"), ("y", "103000"), ("z", "140000")):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTART:20240320T{start}Z",
            "DURATION:PT45M",
            f"SUMMARY:Talk {uid}",
            "END:VEVENT",
        ]
    path = tmp_path / "con.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n", encoding="utf-8")
    return path


def test_the_cli_commands_and_the_writer_leave_the_same_progress(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]], data_dir: Path
) -> None:
    path = clashing_catalogue(tmp_path)
    catalogue = load_catalogue(path, cache_dir=None)
    ids = {s.title.split()[-1]: s.id for s in catalogue.sessions}
    x, y, z = ids["x"], ids["y"], ids["z"]
    typed = [
        ["watch", x, y, z],
        ["move", z, "--to", "1"],
        ["mark", y, "in-progress", "--at", "1:30"],
        ["rate", x, "4"],
        ["note", z, "bring a laptop"],
        ["unwatch", z],
        ["attend", x],
        ["later", x],
        ["later", x, "--clear"],
    ]
    for words in typed:
        code, _, err = run_cli("--catalogue", str(path), *words)
        assert code == 0, err
    slot_of = agenda.slot_lookup(catalogue, None)
    commands: list[Command] = [
        Watch(x, (y, z)),
        Move(z, 1),
        Mark(y, IN_PROGRESS, 90),
        Rate(x, 4),
        Note(z, "bring a laptop"),
        Unwatch(z),
        Watch(x),
    ]
    with ProgressStore(tmp_path / "tui.sqlite3") as tui:
        for command in commands:
            assert not isinstance(through_writer_for(tui, catalogue.id, command), Failed)
        losers = tuple(agenda.clash_losers(slot_of, tui.entries(catalogue.id), x))
        assert losers == (y,)
        for command in (Attend(x, losers), Plan(x, LATER), Plan(x, None)):
            assert not isinstance(through_writer_for(tui, catalogue.id, command), Failed)
        with ProgressStore(data_dir / "progress.sqlite3") as cli:
            assert visible(cli, catalogue.id) == visible(tui, catalogue.id)
            statuses = [(h.session, h.status) for h in cli.all_history()]
            assert statuses == [(h.session, h.status) for h in tui.all_history()]


def through_writer_for(store: ProgressStore, catalogue: str, command: Command) -> Report:
    reports: list[Report] = []
    writer = StoreWriter(store, catalogue, reports.append)
    writer.start()
    writer.submit(command)
    assert writer.wait_idle(10)
    writer.stop()
    return reports[0]


def visible(store: ProgressStore, catalogue: str) -> dict[str, tuple[object, ...]]:
    """The entries without their times (the command line's store runs on a real clock)."""
    return {
        sid: tuple(getattr(e, f) for f in USER_FIELDS if not f.endswith("_at"))
        for sid, e in store.entries(catalogue).items()
    }


# -- layers ---------------------------------------------------------------------------


def imports_of(path: Path) -> set[str]:
    """Every confplan module (and third-party package) a file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


LOWER = ("confplan.progress", "confplan.errors", "confplan.text", "confplan.paths")


@pytest.mark.parametrize("name", ["commands", "writer", "record", "__init__"])
def test_the_commands_and_the_writer_sit_on_the_progress_store_alone(name: str) -> None:
    for module in imports_of(SRC / "planner" / f"{name}.py"):
        if module.startswith("confplan."):
            assert module.startswith((*LOWER, "confplan.planner.commands")) or module in (
                "confplan.planner.record",
                "confplan.fileio",
                "confplan.catalogue.models",
            ), module
        else:
            assert module.split(".")[0] in {
                "__future__",
                "collections",
                "queue",
                "threading",
                "typing",
            }, module


def test_nothing_below_the_planner_imports_it_and_it_imports_no_interface() -> None:
    below = [SRC / f for f in ("query.py", "agenda.py", "export.py", "export_ics.py")]
    for folder in ("catalogue", "progress", "importers", "recaps"):
        below += sorted((SRC / folder).glob("*.py"))
    below += [SRC / f for f in ("errors.py", "text.py", "paths.py", "fileio.py")]
    for path in below:
        assert not any(m.startswith("confplan.planner") for m in imports_of(path)), path
    for path in (SRC / "planner").glob("*.py"):
        for module in imports_of(path):
            assert not module.startswith(("textual", "rich", "confplan.tui", "confplan.cli"))


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_the_commands_import_nothing_heavy_and_the_model_no_textual() -> None:
    # `confplan mark` imports the commands: no catalogue building, no validation, and
    # not even `dataclasses` (see planner/record.py).
    loaded = modules_after("import confplan.planner.commands, confplan.planner.writer")
    heavy = {"pydantic", "yaml", "textual", "rich", "dataclasses", "inspect"}
    assert not heavy & loaded
    assert not {"confplan.query", "confplan.agenda", "confplan.catalogue.catalogue"} & loaded
    loaded = modules_after("import confplan.planner.state")
    assert "textual" not in loaded and "rich" not in loaded


def test_the_store_writer_thread_survives_a_bad_command(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        report = through_writer(store, Rate("a", "x"))  # type: ignore[arg-type]
        assert isinstance(report, Failed)
    with sqlite3.connect(tmp_path / "p.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (0,)
