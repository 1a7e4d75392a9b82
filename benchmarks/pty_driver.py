"""End-to-end timings in a real pseudo-terminal, the way a user meets them.

    python benchmarks/pty_driver.py [--runs N] [--cold] [--commands N] [--catalogue PATH ...]

Each case runs the real program (the installed `confplan` command) in a 120×40
pseudo-terminal (stdlib `pty`) and reads what it writes, as a terminal would:

- start-up: from spawning the process until the first frame showing sessions has
  been written (its marker text is on the terminal);
- keystrokes: after the screen is idle, each key of a filter typed into `/` is
  written to the terminal, and timed until the frame answering it has been
  written (the burst of output that follows, up to its last byte);
- peak memory of the process (VmHWM), read before it is stopped;
- a command: `confplan mark ID watched` against `python -c pass`, from spawning
  until the process has exited (no terminal needed);
- with --cold-list: a cold `confplan list` (a new cache each time) against PyYAML's
  bare C-loader parse of the same file, each in its own process: time and peak.

The floors run in the same session, interleaved with confplan: a minimal
Textual app (one Static), and an app echoing keys into one Input. Figures are
medians of the runs; ratios are against the floor of the same run.
No timing here is asserted anywhere: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
COLUMNS, ROWS = 120, 40
QUIET_S = 0.25  # no output for this long: the screen is idle
FRAME_GAP_S = 0.004  # reads closer than this belong to one frame

FLOOR_APPS = {
    "minimal": (
        "from textual.app import App\n"
        "from textual.widgets import Static\n"
        "class Minimal(App):\n"
        "    def compose(self):\n"
        "        yield Static('floor-ready')\n"
        "Minimal().run()\n"
    ),
    "echo": (
        "from textual.app import App\n"
        "from textual.widgets import Input\n"
        "class Echo(App):\n"
        "    def compose(self):\n"
        "        yield Input(placeholder='floor-ready')\n"
        "Echo().run()\n"
    ),
}


@dataclass
class Run:
    startup_s: float
    keys_s: list[float] = field(default_factory=list)
    peak_kib: int = 0


class Terminal:
    """A child process on a pseudo-terminal of COLUMNS × ROWS."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:  # the child: a terminal of the right size, then the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.seen = b""

    def read_until(self, marker: bytes, timeout: float = 60.0) -> float:
        """Seconds from spawning until `marker` has been written to the terminal."""
        deadline = time.perf_counter() + timeout
        while marker not in self.seen:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{marker!r} never appeared")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.seen += self._read()
        return time.perf_counter() - self.started

    def _read(self) -> bytes:
        try:
            return os.read(self.fd, 1 << 16)
        except OSError:
            return b""

    def settle(self, quiet: float = QUIET_S, timeout: float = 10.0) -> None:
        """Read until nothing has been written for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                return
            self.seen += self._read()

    def key(self, data: bytes, timeout: float = 5.0) -> float:
        """Write a key; seconds until the last byte of the frame that answers it."""
        sent = time.perf_counter()
        os.write(self.fd, data)
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            raise TimeoutError(f"no frame after {data!r}")
        last = time.perf_counter()
        self._read()
        while True:
            ready, _, _ = select.select([self.fd], [], [], FRAME_GAP_S)
            if not ready:
                return last - sent
            self._read()
            last = time.perf_counter()

    def peak_kib(self) -> int:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONFPLAN_", "TEXTUAL_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", **extra)
    return env


def floor(name: str, typing: str) -> Run:
    terminal = Terminal([PYTHON, "-c", FLOOR_APPS[name]], child_env())
    try:
        run = Run(terminal.read_until(b"floor-ready"))
        if typing:
            terminal.settle()
            run.keys_s = [terminal.key(ch.encode()) for ch in typing]
        run.peak_kib = terminal.peak_kib()
        return run
    finally:
        terminal.stop()


def confplan_argv(catalogue: Path, data: Path) -> list[str]:
    """The installed command when there is one beside this Python (as a user runs it),
    else the module."""
    script = Path(PYTHON).parent / "confplan"
    program = [str(script)] if script.is_file() else [PYTHON, "-m", "confplan"]
    return [*program, "--catalogue", str(catalogue), "--data-dir", str(data)]


def confplan(
    catalogue: Path, marker: bytes, data: Path, cache: Path, typing: str, config: Path
) -> Run:
    argv = confplan_argv(catalogue, data)
    env = child_env(CONFPLAN_CACHE_DIR=str(cache), CONFPLAN_CONFIG_DIR=str(config))
    terminal = Terminal(argv, env)
    try:
        run = Run(terminal.read_until(marker))
        if typing:
            terminal.settle()
            terminal.key(b"/")
            terminal.settle()
            run.keys_s = [terminal.key(ch.encode()) for ch in typing]
        run.peak_kib = terminal.peak_kib()
        return run
    finally:
        terminal.stop()


def fill_cache(catalogue: Path, data: Path, cache: Path, config: Path) -> None:
    """Parse once and write the cache entry, to the end. (Filling it with a TUI run, which
    writes the entry after the first frame, and stopping that run at the first frame
    left big catalogues uncached: the first "warm" run was a cold one.)"""
    import subprocess

    argv = confplan_argv(catalogue, data)
    env = child_env(CONFPLAN_CACHE_DIR=str(cache), CONFPLAN_CONFIG_DIR=str(config))
    subprocess.run(
        [*argv, "list", "--format", "json"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `argv` until it has exited (successfully)."""
    import subprocess

    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def mark(catalogue: Path, session: str, data: Path, cache: Path, config: Path) -> float:
    argv = confplan_argv(catalogue, data)
    env = child_env(CONFPLAN_CACHE_DIR=str(cache), CONFPLAN_CONFIG_DIR=str(config))
    return timed([*argv, "mark", session, "watched"], env)


BARE_PARSE = (
    "import sys, yaml\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


def bare_parse(catalogue: Path) -> float:
    """The floor of a cold start: PyYAML's C loader parsing the file in a process of
    its own, from spawning it until it has exited."""
    return timed([PYTHON, "-c", BARE_PARSE, str(catalogue)], child_env())


def timed_peak(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawning `argv` until it has exited, and its peak memory (KiB)."""
    import subprocess

    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{argv[0]} failed ({child.returncode})")
    return took, usage.ru_maxrss


def cold_list(catalogue: Path, data: Path, cache: Path, config: Path) -> tuple[float, int]:
    """`confplan list` with an empty cache: the catalogue is parsed, then listed."""
    argv = confplan_argv(catalogue, data)
    env = child_env(CONFPLAN_CACHE_DIR=str(cache), CONFPLAN_CONFIG_DIR=str(config))
    return timed_peak([*argv, "list"], env)


def cold_list_rows(catalogue: Path, runs: int, work: Path) -> list[dict]:
    """A cold `list` and the bare C-loader parse, interleaved; medians and peaks."""
    lists, parses = [], []
    for i in range(runs):
        lists.append(cold_list(catalogue, work / "data", work / f"list-{i}", work / "config"))
        parses.append(timed_peak([PYTHON, "-c", BARE_PARSE, str(catalogue)], child_env()))
    took = statistics.median(t for t, _ in lists)
    parse = statistics.median(t for t, _ in parses)
    return [
        {
            "case": f"confplan cold list: {catalogue.name}",
            "ms": round(took * 1000, 1),
            "peak_mib": round(max(k for _, k in lists) / 1024, 1),
            "bare_parse_ms": round(parse * 1000, 1),
            "bare_parse_peak_mib": round(max(k for _, k in parses) / 1024, 1),
            "vs_bare_parse": round(took / parse, 2),
        }
    ]


def first_session(catalogue: Path) -> tuple[str, bytes]:
    """The top row's id, and text the first frame showing sessions holds: its title."""
    from confplan.opening import load_catalogue
    from confplan.planner.state import PlannerState

    state = PlannerState(load_catalogue(catalogue))
    session = state.session_at(0)
    assert session is not None
    return session.id, session.title[:16].encode()


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, runs: list[Run], floor_runs: list[Run] | None = None) -> dict:
    start = statistics.median(r.startup_s for r in runs)
    keys = [k for r in runs for k in r.keys_s]
    result = {
        "case": name,
        "startup_ms": round(start * 1000, 1),
        "peak_mib": round(max(r.peak_kib for r in runs) / 1024, 1),
    }
    if floor_runs:
        result["startup_ratio"] = round(
            start / statistics.median(r.startup_s for r in floor_runs), 2
        )
        # Each run against the floor run just before it: steadier on a busy machine,
        # whose load drifts between runs more than within one.
        pairs = [r.startup_s / f.startup_s for r, f in zip(runs, floor_runs, strict=True)]
        result["startup_ratio_paired"] = round(statistics.median(pairs), 2)
        result["startup_runs_ms"] = [round(r.startup_s * 1000) for r in runs]
        result["floor_runs_ms"] = [round(f.startup_s * 1000) for f in floor_runs]
    if keys:
        result.update(
            key_p50_ms=round(p(keys, 0.5) * 1000, 1),
            key_p95_ms=round(p(keys, 0.95) * 1000, 1),
            key_max_ms=round(max(keys) * 1000, 1),
            first_key_ms=round(statistics.median(r.keys_s[0] for r in runs) * 1000, 1),
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--typing", default="platform", help="keys typed into the filter")
    parser.add_argument(
        "--catalogue", type=Path, action="append", help="catalogues to time (default: bundled)"
    )
    parser.add_argument("--cold", action="store_true", help="also time cold starts (no cache)")
    parser.add_argument(
        "--cold-list",
        type=int,
        default=0,
        metavar="N",
        help="time N cold `confplan list` runs against the bare C-loader parse",
    )
    parser.add_argument(
        "--commands",
        type=int,
        default=4,
        metavar="N",
        help="`confplan mark` and `python -c pass` runs per round (0: none)",
    )
    args = parser.parse_args(argv)
    from confplan.paths import bundled_catalogue

    catalogues = args.catalogue or [bundled_catalogue()]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        config = work / "config"
        firsts = {c: first_session(c) for c in catalogues}
        markers = {c: marker for c, (_, marker) in firsts.items()}
        minimal: list[Run] = []
        bare: list[float] = []
        marks: dict[Path, list[float]] = {c: [] for c in catalogues}
        echo: list[Run] = []
        warm: dict[Path, list[Run]] = {c: [] for c in catalogues}
        cold: dict[Path, list[Run]] = {c: [] for c in catalogues}
        parses: dict[Path, list[float]] = {c: [] for c in catalogues}
        for c in catalogues:  # fill the cache once: the warm runs read it
            fill_cache(c, work / "data", work / "cache", config)
        for i in range(args.runs):
            minimal.append(floor("minimal", ""))
            echo.append(floor("echo", args.typing))
            for c in catalogues:
                warm[c].append(
                    confplan(c, markers[c], work / "data", work / "cache", args.typing, config)
                )
                if args.cold:
                    cold[c].append(
                        confplan(c, markers[c], work / "data", work / f"cold-{i}", "", config)
                    )
                    parses[c].append(bare_parse(c))
            for _ in range(args.commands):
                bare.append(timed([PYTHON, "-c", "pass"], child_env()))
                for c in catalogues:
                    marks[c].append(mark(c, firsts[c][0], work / "data", work / "cache", config))
        results.append(summary("minimal Textual app", minimal))
        # The echo app is a floor for keystrokes only: its placeholder text shows late.
        echo_row = summary("echo into an Input", echo)
        del echo_row["startup_ms"]
        results.append(echo_row)
        for c in catalogues:
            results.append(summary(f"confplan warm: {c.name}", warm[c], minimal))
            if args.cold:
                row = summary(f"confplan cold: {c.name}", cold[c], minimal)
                parse = statistics.median(parses[c])
                row["bare_parse_ms"] = round(parse * 1000, 1)
                row["vs_bare_parse"] = round(
                    statistics.median(r.startup_s for r in cold[c]) / parse, 2
                )
                results.append(row)
            if marks[c]:
                took = statistics.median(marks[c])
                results.append(
                    {
                        "case": f"confplan mark ID watched: {c.name}",
                        "ms": round(took * 1000, 1),
                        "ratio": round(took / statistics.median(bare), 2),
                        "floor_python_pass_ms": round(statistics.median(bare) * 1000, 1),
                    }
                )
        for c in catalogues if args.cold_list else ():
            results += cold_list_rows(c, args.cold_list, work)
    for row in results:
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
