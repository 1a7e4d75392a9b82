"""`confplan config path` and `confplan config check`: where the preferences are, and
whether the TUI would take all of them (the `[keys]` table included)."""

from __future__ import annotations

import argparse
from pathlib import Path

from confplan.cli.context import Context, err, out
from confplan.errors import EXIT_BAD_INPUT
from confplan.preferences import config_path, load


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "config",
        parents=[common],
        help="the preferences file (config.toml): where it is, and a check of it",
        description="The TUI keeps its preferences in config.toml ($CONFPLAN_CONFIG_DIR "
        "overrides its folder); its [keys] table rebinds the TUI's keys by binding id "
        '(`"main.watchlist" = "W"`; the ids are in the README). `check` says what the TUI '
        "would leave out: an unknown setting or binding id, a key name Textual does not "
        "know, a key taken by another binding.",
    )
    what = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    path = what.add_parser("path", help="print where config.toml is")
    path.set_defaults(func=cmd_path)
    check = what.add_parser("check", help="check config.toml, the [keys] table included")
    check.add_argument(
        "--file", metavar="PATH", help="the file to check (default: the one the TUI reads)"
    )
    check.set_defaults(func=cmd_check)


def cmd_path(ctx: Context, args: argparse.Namespace) -> int:
    out(str(config_path()))
    return 0


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser() if args.file else config_path()
    preferences, problem = load(path)
    problems = [problem] if problem else []
    entries = dict(preferences.keys)
    if entries:
        from confplan.cli.tui_launch import refused_keys  # Textual: only with a [keys] table

        problems += [f"{path}: {refused} (ignored)" for refused in refused_keys(entries)]
    for line in problems:
        err(line)
    if problems:
        return EXIT_BAD_INPUT
    rebound = len(entries)
    found = "" if path.exists() else " (no such file: every default applies)"
    out(f"{path}: fine{found}; {rebound} key{'s' if rebound != 1 else ''} rebound")
    return 0
