"""confplan's benchmarks: prints one table of figures (medians of several runs).

    python benchmarks/run.py            # everything, a few minutes
    python benchmarks/run.py --quick    # fewer runs, for a quick look

Measured, each against a reference where one makes sense:
- process start to first frame (headless, 120x40): confplan on the bundled
  catalogue and on 10,000 sessions (cache warm and cold), and a minimal
  Textual app in the same run;
- catalogue load, cold (parse and validate, no cache) and warm (cache), and a
  bare PyYAML C-loader parse of the same file;
- filter latency per keystroke over a scripted typing sequence, for the
  filter alone (10,000 and 100,000 sessions) and for the TUI (the filter, the
  visible rows and the details pane rendered);
- marking a session watched (one store commit), with 10,000 entries stored;
- peak memory of the TUI at 10,000 sessions.

No figure here is asserted by a test: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import catalogues  # noqa: E402

# Typed one key at a time, then partly erased and retyped; each sequence starts
# from a fresh search, so nothing is remembered from an earlier one.
TYPINGS = ("platform engineering kubernetes", "observability ebpf", "gpu inference cost")
PYTHON = sys.executable


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def child_env() -> dict[str, str]:
    """The environment of an installed program: bytecode caches are written (pip
    compiles them at install time), whatever this shell says."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def first_frame(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, str(HERE / "first_frame.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_env(),
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=120)
    if line.strip() != "frame":
        raise RuntimeError(f"first_frame.py {' '.join(args)} did not draw a frame")
    return elapsed


def timed(function, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, what: str, figure: str, note: str = "") -> None:
        self.rows.append((what, figure, note))
        print(f"  {what:<58} {figure:>14}  {note}", flush=True)

    def markdown(self) -> str:
        lines = ["| measurement | figure | note |", "|---|---:|---|"]
        lines += [f"| {w} | {f} | {n} |" for w, f, n in self.rows]
        return "\n".join(lines)


def startup(table: Table, work: Path, big: Path, runs: int) -> None:
    bundled = str(HERE.parent / "data" / "catalogue.yaml")
    data, cache = str(work / "data"), str(work / "cache")
    from confplan.opening import load_catalogue

    first_frame(["minimal"])  # fill the caches (catalogue and bytecode)
    first_frame(["confplan", bundled, data, cache])
    # The TUI writes a new cache entry after its first frame, and first_frame.py stops
    # it there: the entry is written to the end here instead.
    load_catalogue(big, cache_dir=Path(cache))
    first_frame(["confplan", str(big), data, cache])
    minimal, small, large = [], [], []
    for _ in range(runs):  # interleaved, so that noise hits all three alike
        minimal.append(first_frame(["minimal"]))
        small.append(first_frame(["confplan", bundled, data, cache]))
        large.append(first_frame(["confplan", str(big), data, cache]))
    base = statistics.median(minimal)
    table.add("start to first frame: minimal Textual app", f"{base * 1000:.0f} ms")
    for label, samples, target in (
        ("start to first frame: confplan, bundled catalogue (warm)", small, 1.3),
        ("start to first frame: confplan, 10,000 sessions (warm)", large, 1.3),
    ):
        value = statistics.median(samples)
        table.add(
            label, f"{value * 1000:.0f} ms", f"{value / base:.2f}x minimal (target {target}x)"
        )
    cold = []
    for i in range(max(2, runs // 3)):
        cold.append(first_frame(["confplan", str(big), data, str(work / f"cold-{i}")]))
    table.add(
        "start to sessions shown: 10,000 sessions, cold cache",
        f"{statistics.median(cold) * 1000:.0f} ms",
        "a loading screen with progress is shown meanwhile",
    )


def loading(table: Table, big: Path, runs: int) -> None:
    import yaml

    from confplan.opening import cached_only, load_catalogue

    raw = big.read_bytes()
    bare = timed(lambda: yaml.load(raw, Loader=yaml.CSafeLoader), runs)
    cold = timed(lambda: load_catalogue(big, cache_dir=None), runs)
    with tempfile.TemporaryDirectory() as cache:
        load_catalogue(big, cache_dir=Path(cache))
        warm = timed(lambda: cached_only(big, Path(cache)), runs * 2)
    size = f"{len(raw) / 1e6:.1f} MB"
    table.add(f"PyYAML C loader, bare parse of 10,000 sessions ({size})", f"{bare * 1000:.0f} ms")
    table.add(
        "catalogue load, cold (parse, validate, index)",
        f"{cold * 1000:.0f} ms",
        f"{cold / bare:.2f}x the bare parse (target 1.2x)",
    )
    table.add("catalogue load, warm (from the cache)", f"{warm * 1000:.0f} ms")


def keystrokes(text: str) -> list[str]:
    """The filter's text after each key: typed, last word erased, "cloud" typed."""
    states, current = [], ""
    for ch in text:
        current += ch
        states.append(current)
    for _ in range(len(text.split()[-1])):
        current = current[:-1]
        states.append(current)
    for ch in "cloud":
        current += ch
        states.append(current)
    return states


def filter_latency(table: Table, big: Path) -> None:
    from confplan.catalogue import schema
    from confplan.catalogue.catalogue import Catalogue
    from confplan.opening import load_catalogue
    from confplan.planner.state import PlannerState

    for label, catalogue in (
        ("10,000", load_catalogue(big)),
        ("100,000", _in_memory(100_000, big.parent.parent / "huge", schema, Catalogue)),
    ):
        samples = []
        for typing in TYPINGS:
            state = PlannerState(catalogue)
            for text in keystrokes(typing):
                start = time.perf_counter()
                state.set_text(text)
                samples.append(time.perf_counter() - start)
        target = 16 if label == "10,000" else 50
        table.add(
            f"filter per keystroke, {label} sessions, p50 / p95",
            f"{pct(samples, 0.5) * 1000:.1f} / {pct(samples, 0.95) * 1000:.1f} ms",
            f"target p95 {target} ms",
        )


def _in_memory(n: int, folder: Path, schema, catalogue_class):  # type: ignore[no-untyped-def]
    document, recap = catalogues.synthetic(n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "recap.txt").write_text(recap, encoding="utf-8")
    doc, issues = schema.validate_shape(document)
    assert doc is not None and not issues
    return catalogue_class(doc, folder / "catalogue.yaml")


def tui_keystrokes(table: Table, big: Path, work: Path) -> None:
    from textual.geometry import Region

    from confplan.opening import load_catalogue
    from confplan.progress.store import ProgressStore
    from confplan.tui.app import ConfplanApp
    from confplan.tui.screens.main import MainScreen
    from confplan.tui.widgets.panes import DetailsPane
    from confplan.tui.widgets.session_table import SessionTable

    catalogue = load_catalogue(big)
    samples: list[float] = []

    async def run(typing: str) -> None:
        app = ConfplanApp(ProgressStore(work / "tui.sqlite3"), catalogue, cursor_blink=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await pilot.press("slash")
            field = screen.query_one("#filter")
            rows = screen.query_one(SessionTable)
            details = screen.query_one(DetailsPane)
            for text in keystrokes(typing):
                start = time.perf_counter()
                field.value = text  # what a keystroke does: filter, list, details
                rows.render_lines(Region(0, 0, rows.size.width, rows.size.height))
                details.render_lines(Region(0, 0, details.size.width, details.size.height))
                samples.append(time.perf_counter() - start)
                await pilot.pause()

    for typing in TYPINGS:
        asyncio.run(run(typing))
    table.add(
        "TUI keystroke, 10,000 sessions (filter + rows + details), p50 / p95",
        f"{pct(samples, 0.5) * 1000:.1f} / {pct(samples, 0.95) * 1000:.1f} ms",
        "before Textual composes and writes the frame",
    )


def marking(table: Table, work: Path) -> None:
    from confplan.progress.models import Entry
    from confplan.progress.store import ProgressStore

    ids = [f"s{i:06d}" for i in range(10_000)]
    with ProgressStore(work / "mark.sqlite3") as store:
        # A heavy user: every one of the 10,000 sessions has an entry.
        store.merge(
            [
                Entry(
                    "bench",
                    sid,
                    status="watched" if i % 3 == 0 else "unwatched",
                    rating=1 + i % 5,
                    watchlist_pos=i + 1 if i < 300 else None,
                    updated_at="2025-01-01T00:00:00.000000+00:00",
                )
                for i, sid in enumerate(ids)
            ],
            [],
        )
        samples = []
        for i in range(300):
            status = "watched" if i % 2 == 0 else "unwatched"
            start = time.perf_counter()
            store.mark("bench", ids[(i * 37) % 10_000], status)
            samples.append(time.perf_counter() - start)
    table.add(
        "mark watched (one committed transaction), p50 / p95",
        f"{pct(samples, 0.5) * 1000:.2f} / {pct(samples, 0.95) * 1000:.2f} ms",
        "10,000 entries stored; synchronous=FULL, WAL; target p95 5 ms",
    )


def memory(table: Table, big: Path, work: Path) -> None:
    code = (
        "import sys, asyncio\n"
        "from pathlib import Path\n"
        "from confplan.opening import cached_only, load_catalogue\n"
        "from confplan.progress.store import ProgressStore\n"
        "from confplan.tui.app import ConfplanApp\n"
        f"c = cached_only(Path({str(big)!r}), Path({str(work / 'cache')!r}))\n"
        "print('warm' if c else 'cold')\n"
        f"c = c or load_catalogue(Path({str(big)!r}), cache_dir=Path({str(work / 'cache')!r}))\n"
        f"app = ConfplanApp(ProgressStore(Path({str(work / 'mem.sqlite3')!r})), c)\n"
        "async def go():\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        await pilot.pause()\n"
        "        for ch in 'platform':\n"
        "            await pilot.press(ch if ch != ' ' else 'space')\n"
        "asyncio.run(go())\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent
        # through fork and exec, so it would report this (big) process.
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(int(status.split()[0]))\n"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    peak_mb = int(lines[-1]) / 1024
    table.add(
        f"peak memory, TUI with 10,000 sessions ({lines[0]} cache), filtering",
        f"{peak_mb:.0f} MB",
        "target 150 MB",
    )


def cold_memory(table: Table, big: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from confplan.opening import load_catalogue\n"
        f"load_catalogue(Path({str(big)!r}), cache_dir=None)\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(int(status.split()[0]))\n"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    peak_mb = int(out.stdout.strip().splitlines()[-1]) / 1024
    table.add(
        "peak memory, cold parse of 10,000 sessions (once per file change)",
        f"{peak_mb:.0f} MB",
        "PyYAML's node tree; a bare C-loader parse peaks alike",
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    started = time.perf_counter()
    print(f"machine: {machine()}")
    table = Table()
    with tempfile.TemporaryDirectory(prefix="confplan-bench-") as tmp:
        work = Path(tmp)
        document, recap = catalogues.synthetic(10_000)
        big = catalogues.write_catalogue(document, recap, work / "big")
        os.environ["CONFPLAN_CACHE_DIR"] = str(work / "cache")
        startup(table, work, big, runs)
        loading(table, big, max(2, runs // 2))
        filter_latency(table, big)
        tui_keystrokes(table, big, work)
        marking(table, work)
        memory(table, big, work)
        cold_memory(table, big)
    print(
        f"(took {time.perf_counter() - started:.0f} s; peak RSS of this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    if args.markdown:
        print()
        print(table.markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
