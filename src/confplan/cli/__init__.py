"""The command line. `confplan` alone opens the TUI; subcommands script the same work.

Errors meant for the user are printed as `confplan: error: ...` with exit code
2 (bad input or usage) or 1 (anything else); never a traceback, unless
CONFPLAN_DEBUG is set.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from confplan import __version__
from confplan.cli.options import given
from confplan.errors import EXIT_BAD_INPUT, BadInputError, ConfplanError
from confplan.text import printable, without_surrogates

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EPILOG = """\
Without a command, confplan opens the terminal UI.
Environment: CONFPLAN_CATALOGUE, CONFPLAN_DATA_DIR, CONFPLAN_CACHE_DIR.
"""


def _common_options(*, for_subcommand: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the command (`confplan --data-dir D list`, or after)."""
    default = argparse.SUPPRESS if for_subcommand else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--catalogue",
        metavar="PATH",
        default=default,
        help="catalogue YAML (default: $CONFPLAN_CATALOGUE, else the bundled one)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where progress is kept (default: $CONFPLAN_DATA_DIR, else the user data folder)",
    )
    common.add_argument(
        "--no-cache",
        action="store_true",
        default=argparse.SUPPRESS if for_subcommand else False,
        help="parse the catalogue without reading or writing the cache",
    )
    return common


def _top_level_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"confplan {__version__}")
    parser.add_argument(
        "--tz",
        dest="tui_tz",
        type=given,
        metavar="ZONE",
        help="the TUI's agenda shows times in this IANA zone (default: the conference's)",
    )
    parser.add_argument(
        "--now",
        dest="tui_now",
        metavar="TIME",
        help="the TUI's clock starts at TIME (YYYY-MM-DDTHH:MM, in the conference's zone "
        "unless an offset is given): to rehearse a conference day",
    )


def _tui_arguments(words: list[str]) -> argparse.Namespace:
    """The options, when they are all the TUI's: then no command's module is imported,
    which the start-up time notices. Refused (`_Refused`) when they are not."""
    light = _Quiet(prog="confplan", add_help=False, parents=[_common_options(for_subcommand=False)])
    _top_level_options(light)
    args, rest = light.parse_known_args(words)
    if rest:
        raise _Refused("not the TUI's options")
    args.command = None
    return args


# Each command by the module that defines it (a test checks this against the parsers),
# in the order `confplan --help` lists them.
COMMAND_MODULES = {
    "validate": "catalogue_cmds",
    "config": "config_cmd",
    "list": "catalogue_cmds",
    "show": "catalogue_cmds",
    "watch": "progress_cmds",
    "unwatch": "progress_cmds",
    "move": "progress_cmds",
    "mark": "progress_cmds",
    "rate": "progress_cmds",
    "note": "progress_cmds",
    "status": "status_cmds",
    "progress": "status_cmds",
    "export": "export_cmd",
    "import": "import_cmd",
    "refresh": "follow_cmds",
    "changes": "follow_cmds",
    "agenda": "agenda_cmd",
    "attend": "agenda_cmd",
    "later": "agenda_cmd",
    "recap": "recap_cmds",
    "open": "watch_cmds",
    "next": "watch_cmds",
    "serve": "serve_cmd",
}


def build_parser(
    modules: Sequence[str] | None = None, parser_class: type[_Parser] | None = None
) -> argparse.ArgumentParser:
    """The whole parser, or with `modules` one holding only their commands."""
    parser = (parser_class or _Parser)(
        prog="confplan",
        description="A keyboard-driven planner for catching up on conference talks.",
        epilog=EPILOG,
        parents=[_common_options(for_subcommand=False)],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _top_level_options(parser)
    common = _common_options(for_subcommand=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules or dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"confplan.cli.{name}").add_parsers(sub, common)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line. Without a command, parsed as the TUI's options alone; with
    one, by only that command's module (each module costs its imports, and all of
    them cost more than `mark` itself). Anything those cannot parse cleanly (help, a
    mistake, a command's name as an option's value) goes to the whole parser, which
    gives every message."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not {"-h", "--help", "--version"} & set(words):
        command = next((w for w in words if w in COMMAND_MODULES), None)
        try:
            if command is None:
                return _tui_arguments(words)
            return build_parser((COMMAND_MODULES[command],), _Quiet).parse_args(words)
        except _Refused:
            pass
    return build_parser().parse_args(words)


class _Parser(argparse.ArgumentParser):
    """argparse, with its messages (which quote what was typed) made terminal-safe."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            super()._print_message(printable(message, single_line=False), file)


class _Refused(Exception):
    pass


class _Quiet(_Parser):
    """A first try that leaves every message to the whole parser."""

    def error(self, message: str) -> NoReturn:
        raise _Refused(message)


_T = TypeVar("_T")


class OutputError(ConfplanError):
    """Standard output cannot be written (closed, full, or failing)."""


class _GuardedOutput:
    """Standard output for the commands: a write that fails (a full disk, a closed or
    failing descriptor) becomes one clear OutputError; a reader going away stays a
    BrokenPipeError, which is not worth a word."""

    def __init__(self, stream: TextIO | _ClosedOutput) -> None:
        self._stream = stream

    def _guard(self, work: Callable[[], _T]) -> _T:
        try:
            return work()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise OutputError(f"standard output cannot be written: {reason}") from None

    def write(self, text: str) -> int:
        text = without_surrogates(text)
        try:
            return self._guard(lambda: self._stream.write(text))
        except OutputError:
            if not _unencodable(self._stream, text):
                raise
        # A terminal whose encoding lacks a character (✔ in Latin-1): shown as "?".
        encoding = getattr(self._stream, "encoding", None) or "utf-8"
        data = text.encode(encoding, "replace")
        self._guard(self._stream.flush)
        return self._guard(lambda: self._stream.buffer.write(data))  # type: ignore[union-attr]

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _unencodable(stream: object, text: str) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not encoding or not hasattr(stream, "buffer"):
        return False
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return True
    return False


class _ClosedOutput:
    """Stands in for a closed standard output: every write says so."""

    def write(self, _text: str) -> int:
        raise OutputError("standard output cannot be written: it is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None:  # started with stdout closed (`confplan list >&-`)
        sys.stdout = _ClosedOutput()
    args = parse_arguments(argv)
    if args.command is None:
        from confplan.cli.tui_launch import run_tui

        return _guarded(lambda: run_tui(args))

    from confplan.cli.context import Context

    ctx = Context(args)
    stdout = sys.stdout
    sys.stdout = _GuardedOutput(stdout)

    def run() -> int | None:
        ctx.check_data_dir()
        code: int | None = args.func(ctx, args)
        return code

    try:
        return _guarded(run)
    finally:
        if isinstance(sys.stdout, _GuardedOutput):
            sys.stdout = stdout
        ctx.close()


def _report(exc: ConfplanError) -> int:
    """Print a user-facing error, every line made terminal-safe; return its exit code."""
    lines = [_shortened(printable(line)) for line in str(exc).splitlines()] or [""]
    if exc.located:
        # FILE:LINE:COL: message lines, as editors and CI annotators read them.
        sys.stderr.write("".join(f"{line}\n" for line in lines))
    else:
        sys.stderr.write(f"confplan: error: {lines[0]}\n")
        for line in lines[1:]:
            sys.stderr.write(f"confplan: {line}\n")
    return exc.exit_code


MAX_ERROR_LINE = 1000  # characters: an argument or a value quoted whole could be megabytes


def _shortened(line: str) -> str:
    return line if len(line) <= MAX_ERROR_LINE else f"{line[: MAX_ERROR_LINE - 1]}…"


def _silence_stdout() -> None:
    """Nothing more will be written: keep the interpreter from failing on exit too."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    except OSError:
        pass


def _guarded(run: Callable[[], int | None]) -> int:
    try:
        code = int(run() or 0)
        sys.stdout.flush()  # for the commands, a failure here is an OutputError (the guard)
        return code
    except BrokenPipeError:
        # The reader went away (`confplan list | head`): not an error worth a word.
        _silence_stdout()
        return 0
    except OutputError as exc:
        _silence_stdout()
        return _report(exc)
    except ConfplanError as exc:
        return _report(exc)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if os.environ.get("CONFPLAN_DEBUG"):
            raise
        return _report(ConfplanError(f"{exc.strerror or exc}"))
    except Exception as exc:
        if os.environ.get("CONFPLAN_DEBUG"):
            raise
        return _report(_unforeseen(exc))


# What input that no check foresaw raises on its way down: a value out of range, a
# text that will not encode, a nesting too deep, a file too big, a damaged store.
_INPUT_FAILURES: tuple[type[BaseException], ...] = (
    ValueError,  # UnicodeError too
    LookupError,
    ArithmeticError,  # OverflowError
    RecursionError,
    MemoryError,
)


def _unforeseen(exc: Exception) -> ConfplanError:
    """Any other exception, as one clear line: exit 2 when it comes from the input (the
    user's files, arguments, store), 1 otherwise. Never a traceback."""
    detail = _detail(exc)
    if isinstance(exc, _INPUT_FAILURES) or type(exc).__module__ == "sqlite3":
        return BadInputError(f"cannot handle this input ({detail})")
    return ConfplanError(f"the command failed ({detail}); set CONFPLAN_DEBUG=1 to see where")


def _detail(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, UnicodeError):
        text = text.split(":")[0].split(" in position")[0]  # not the offending text
    text = " ".join(text.split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


__all__ = ["EXIT_BAD_INPUT", "build_parser", "main"]
