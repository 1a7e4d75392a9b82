"""Daily use from the command line: nothing raw on the terminal, only regular files read
with a bound, a clear message (never "internal error") for every bad value."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confplan.cli.render import fit_widths
from confplan.errors import BadInputError
from confplan.export import Selection, md_url, render, select
from confplan.opening import load_catalogue
from confplan.progress import transfer
from confplan.progress.store import ProgressStore
from confplan.text import is_safe_url, parse_clock
from tests.helpers import BUNDLED, MINI, write_catalogue

SPOTIFY = "eu24-spotify-backend"
OSC52 = "\x1b]52;c;QUFB\x07"
CSI = "\x9b"


def assert_no_raw_controls(text: str) -> None:
    for ch in text:
        code = ord(ch)
        assert ch in "\n\t" or not (code < 0x20 or 0x7F <= code <= 0x9F), repr(text)
        assert not 0x202A <= code <= 0x202E, repr(text)


def cli(*argv: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "confplan", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


# -- nothing raw reaches a terminal ------------------------------------------------


def test_validate_shows_an_unknown_key_holding_escapes_literally(tmp_path: Path, run_cli) -> None:
    text = MINI + f'"{OSC52.encode("unicode_escape").decode()}": 1\n'
    path = write_catalogue(tmp_path / "c", text)
    code, out, err = run_cli("validate", str(path))
    assert code == 2
    assert "unknown key" in err and "␛]52" in err
    assert_no_raw_controls(out + err)


def test_a_file_name_with_escapes_is_shown_literally(tmp_path: Path, run_cli) -> None:
    path = write_catalogue(tmp_path / "c", MINI.replace("themes: [t1]", "themes: [t9]"))
    odd = path.with_name(f"cat{OSC52}\u202e.yaml")
    path.rename(odd)
    code, _, err = run_cli("validate", str(odd))
    assert code == 2 and "unknown theme" in err
    assert_no_raw_controls(err)


def test_status_shows_orphan_ids_literally(tmp_path: Path, run_cli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    with ProgressStore(data_dir / "progress.sqlite3") as store:
        store.watch("kubecon-recaps", [f"gone{OSC52}{CSI}31m"])
    code, out, err = run_cli("status")
    assert code == 0 and "no longer in this catalogue" in out
    assert_no_raw_controls(out + err)


def test_progress_load_names_unknown_keys_literally(tmp_path: Path, run_cli) -> None:
    dump = {
        "format": "confplan-progress",
        "version": 1,
        "entries": [{"catalogue": "c", "session": "s", OSC52: 1}],
        "history": [],
    }
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(dump))
    code, _, err = run_cli("progress", "load", str(path))
    assert code == 2 and "unknown keys" in err
    assert_no_raw_controls(err)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/\x9b31m",
        "https://example.com/\u202eevil",
        "https://exam\u200bple.com/",
        "https://user@example.com/",
        "https://user:pw@example.com/",
        "https://example.com:99999/",
        "https://example.com:0/",
        "https://example.com:port/",
        "https://example.com/a b",
        "javascript:alert(1)",
        "https:///nohost",
    ],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    assert not is_safe_url(url)


def test_plain_urls_are_accepted() -> None:
    assert is_safe_url("https://www.youtube.com/watch?v=a_b&t=1")
    assert is_safe_url("http://example.com:8080/x(y)")
    assert is_safe_url("https://例え.jp/パス")


def test_a_catalogue_url_with_userinfo_is_refused(tmp_path: Path, run_cli) -> None:
    text = MINI.replace(
        "    kind: talk\n", "    kind: talk\n    schedule_url: https://kubecon.io@evil.example/\n"
    )
    code, _, err = run_cli("validate", str(write_catalogue(tmp_path / "c", text)))
    assert code == 2 and "schedule_url" in err


def test_markdown_links_cannot_be_closed_early(tmp_path: Path) -> None:
    url = "https://example.com/a>b)[phish](https://evil.example/"
    assert is_safe_url(url)
    assert md_url(url) == "https://example.com/a%3Eb%29[phish]%28https://evil.example/"
    text = MINI.replace(
        "    kind: talk\n",
        f"    kind: talk\n    recording:\n      kind: video\n      url: {url}\n"
        "      confidence: high\n",
    )
    catalogue = load_catalogue(write_catalogue(tmp_path / "c", text))
    markdown = render(select(catalogue, {}, [], Selection()), "md")
    assert markdown.count("](") == 1 and "(https://evil" not in markdown


def test_a_raw_control_byte_in_yaml_is_located_on_one_line(tmp_path: Path, run_cli) -> None:
    text = MINI.replace("title: Mini", "title: Mi\x1bni")
    path = write_catalogue(tmp_path / "c", text)
    code, _, err = run_cli("validate", str(path))
    assert code == 2
    assert err == (
        f"{path}:3:10: control character U+001B is not allowed in YAML text "
        '(inside double quotes, write it as an escape such as "\\x1b")\n'
    )


# -- only regular files, read with a bound -------------------------------------------


def test_a_fifo_catalogue_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "catalogue.yaml"
    os.mkfifo(fifo)
    proc = cli("--catalogue", str(fifo), "list")
    assert proc.returncode == 2
    assert proc.stderr == f"{fifo}: is a FIFO (named pipe), not a regular file\n"


def test_a_fifo_recap_file_is_reported(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "c"
    path = write_catalogue(folder)
    (folder / "seed.txt").unlink()
    os.mkfifo(folder / "seed.txt")
    code, _, err = run_cli("validate", str(path))
    assert code == 2 and "FIFO" in err and "recaps[0].file" in err


def test_a_recap_file_in_a_symlink_loop_is_reported(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "c"
    path = write_catalogue(folder)
    (folder / "seed.txt").unlink()
    (folder / "seed.txt").symlink_to(folder / "loop")
    (folder / "loop").symlink_to(folder / "seed.txt")
    code, _, err = run_cli("validate", str(path))
    assert code == 2 and "recaps[0].file" in err and "internal error" not in err


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_progress_load_refuses_devices_and_fifos(tmp_path: Path, source: str) -> None:
    if source == "fifo":
        source = str(tmp_path / "fifo")
        os.mkfifo(source)
    proc = cli("progress", "load", source)
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr


def test_a_cache_entry_that_is_a_device_or_fifo_is_rebuilt(tmp_path: Path, run_cli) -> None:
    cache = Path(os.environ["CONFPLAN_CACHE_DIR"])
    assert run_cli("list")[0] == 0  # writes the entry
    (entry,) = (cache / "catalogues").glob("*.cache")
    entry.unlink()
    entry.symlink_to("/dev/zero")
    code, out, _ = run_cli("list", "--format", "ids")
    assert code == 0 and SPOTIFY in out
    assert Path("/dev/zero").is_char_device()  # followed by nothing, replaced by nothing
    entry.unlink()
    os.mkfifo(entry)
    code, out, _ = run_cli("list", "--format", "ids")
    assert code == 0 and SPOTIFY in out
    assert entry.is_file()  # rebuilt


def test_a_forged_cache_entry_is_rebuilt(tmp_path: Path, run_cli) -> None:
    """A well-formed entry (right checksum) holding values of the wrong kinds."""
    import marshal

    from confplan.catalogue import entry as entry_format
    from confplan.catalogue import files

    cache_dir = Path(os.environ["CONFPLAN_CACHE_DIR"])
    assert run_cli("list")[0] == 0
    (entry,) = (cache_dir / "catalogues").glob("*.cache")
    (shell, columns, stamps), (texts, blocks) = files.read_payload(cache_dir, entry.stem)
    haystacks, blocks = texts.load(), list(blocks)

    def forge(columns, blocks) -> None:  # type: ignore[no-untyped-def]
        entry.write_bytes(entry_format.entry_blob((shell, columns, stamps), haystacks, blocks))

    *first, kinds, conferences, timed, starts = columns
    numbers = tuple(range(len(kinds)))  # numbers where kinds of session belong
    forge((*first, numbers, conferences, timed, starts), blocks)
    code, out, err = run_cli("list", "--sort", "title")
    assert code == 0 and "How Spotify" in out, err
    forge(columns, [marshal.dumps((("not", "a", "row"),))] * len(blocks))  # damaged rows
    code, out, err = run_cli("show", SPOTIFY)
    assert code == 0 and "How Spotify" in out, err


# -- exit 2 with a message, never "internal error" -----------------------------------


def test_an_integer_over_4300_digits_in_yaml(tmp_path: Path, run_cli) -> None:
    text = MINI.replace("format_version: 1", "format_version: " + "9" * 5000)
    path = write_catalogue(tmp_path / "c", text)
    code, _, err = run_cli("validate", str(path))
    assert code == 2 and f"{path}:1:17: this integer has too many digits" in err


def _load(tmp_path: Path, run_cli, raw: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "dump.json"
    path.write_text(raw, encoding="utf-8")
    return run_cli("progress", "load", str(path))


def _dump(**entry: object) -> str:
    base = {
        "catalogue": "kubecon-recaps",
        "session": SPOTIFY,
        "status": "in-progress",
        "updated_at": "2024-04-01T10:00:00+00:00",
    }
    document = {
        "format": "confplan-progress",
        "version": 1,
        "entries": [{**base, **entry}],
        "history": [],
    }
    return json.dumps(document)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (_dump(position_s=10**30), "out of range"),
        (_dump(position_s=1e30), "whole number"),
        (_dump(watchlist_pos=10**30), "out of range"),
        (_dump(note="\ud800 lone"), "lone surrogate"),
        (_dump(updated_at="0001-01-01T00:00:00+05:00"), "out of range"),
        (_dump(updated_at="9999-12-31T23:00:00-05:00"), "out of range"),
        (_dump(position_s=int("9" * 4000)), "out of range"),
        ('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"version": ' + "9" * 5000 + "}", "not usable JSON"),
    ],
    ids=lambda v: v[:24] if isinstance(v, str) else None,
)
def test_progress_load_refuses_wild_values(tmp_path: Path, run_cli, raw: str, says: str) -> None:
    code, _, err = _load(tmp_path, run_cli, raw)
    assert code == 2, err
    assert says in err and "internal error" not in err
    assert run_cli("status")[1].count("in progress      0") == 1  # nothing was loaded


def test_mark_at_an_absurd_time(run_cli) -> None:
    code, _, err = run_cli("mark", SPOTIFY, "in-progress", "--at", "99999999999999999999999:00")
    assert code == 2 and "too long" in err
    code, _, err = run_cli("mark", SPOTIFY, "in-progress", "--at", "9999999:00")
    assert code == 2 and "more than 168 hours" in err


@pytest.mark.parametrize("redirect", [">/dev/full", ">&-"])
def test_standard_output_that_cannot_be_written(redirect: str) -> None:
    proc = subprocess.run(
        f"{sys.executable} -m confplan list {redirect}",
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("confplan: error: standard output cannot be written")
    assert proc.stderr.count("\n") == 1, proc.stderr


def test_export_never_replaces_a_fifo_or_device(tmp_path: Path, run_cli) -> None:
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    code, _, err = run_cli("export", "-o", str(fifo), "--force")
    assert code == 2 and "FIFO" in err
    assert fifo.is_fifo()
    code, _, err = run_cli("export", "-o", "/dev/null", "--force")
    assert code == 2 and "character device" in err


def test_export_through_a_dangling_symlink_needs_force(tmp_path: Path, run_cli) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "missing.md")
    code, _, err = run_cli("export", "-o", str(link))
    assert code == 2 and "--force" in err
    assert not (tmp_path / "missing.md").exists()
    assert run_cli("export", "-o", str(link), "--force")[0] == 0
    assert link.is_symlink() and (tmp_path / "missing.md").read_text().startswith("# ")


# -- command-line messages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("12:30", 750), ("1:02:03", 3723), ("90s", 90), ("12m", 720), ("1h5m", 3900), ("75", 75)],
)
def test_resume_times_in_every_form(text: str, seconds: int) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["", "1:75", "12x", "m", "1:2:3:4", "-5"])
def test_bad_resume_times(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


def test_mark_warns_past_the_known_length(run_cli) -> None:
    code, out, err = run_cli("mark", SPOTIFY, "in-progress", "--at", "50m")  # it lasts 42m
    assert code == 0 and "resume at 50:00" in out
    assert "past the session's known length (42m)" in err


@pytest.mark.parametrize(
    "command",
    ["watch", "unwatch", "move", "mark", "rate", "note", "status", "list", "show", "export"],
)
def test_every_subcommand_explains_its_arguments(command: str, capsys) -> None:
    from confplan.cli import main

    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "positional arguments" in text or "options" in text
    helps = [line for line in text.splitlines() if line.startswith("  ") and line.strip()]
    assert all(len(line.split(None, 1)) == 2 for line in helps if not line.startswith("   ")), text


def test_list_fits_a_terminal_and_pipes_keep_everything(run_cli) -> None:
    widths = fit_widths([30, 1, 70, 60, 40, 3], limit=100, flex=2, shrink=(3, 4))
    assert sum(widths) + 2 * 5 <= 100
    assert widths[0] == 30 and widths[2] > widths[3] and widths[2] > widths[4]
    assert fit_widths([5, 10], 100, flex=1, shrink=()) == [5, 10]
    _, out, _ = run_cli("list")  # not a terminal here: nothing is cut
    assert "How Spotify Re-Created Our Entire Backend Without Skipping a Beat" in out
    assert "Nick Rutigliano, Daniel de Repentigny" in out


# -- any value, any depth: a result or a clear error --------------------------------

_texts = st.text(alphabet=st.characters(exclude_categories=()), max_size=12)
_zones = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59)
_moments = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.tuples(st.datetimes(), _zones).map(
        lambda dz: (
            dz[0].isoformat() + f"{'+' if dz[1] >= 0 else '-'}"
            f"{abs(dz[1]) // 60:02d}:{abs(dz[1]) % 60:02d}"
        )
    ),
    _texts,
)
_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _texts, _moments)
_json = st.recursive(
    _values,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_texts, children, max_size=3)
    ),
    max_leaves=10,
)
_entries = st.fixed_dictionaries(
    {"catalogue": st.sampled_from(["c", "kubecon-recaps"]), "session": _texts},
    optional={
        "status": st.one_of(st.sampled_from(["watched", "in-progress", "unwatched"]), _values),
        "position_s": _values,
        "rating": _values,
        "note": _values,
        "watchlist_pos": _values,
        "added_at": _moments,
        "started_at": _moments,
        "watched_at": _moments,
        "updated_at": _moments,
        "extra": _json,
    },
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(_entries, max_size=3), depth=st.integers(min_value=0, max_value=3000))
def test_progress_load_gives_a_merge_or_a_clear_error(
    entries: list[dict], depth: int, tmp_path: Path
) -> None:
    document = {"format": "confplan-progress", "version": 1, "entries": entries, "history": []}
    text = json.dumps(document)
    if depth:
        text = text[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    raw = text.encode("utf-8", errors="surrogatepass")
    try:
        parsed, history = transfer.parse(raw, "dump.json")
    except BadInputError as exc:
        assert str(exc)
        return
    with ProgressStore(tmp_path / f"p{depth}.sqlite3") as store:
        store.merge(parsed, history)  # whatever parsing accepts, the store takes


def test_the_bundled_catalogue_still_loads() -> None:
    catalogue = load_catalogue(BUNDLED)
    assert len(catalogue) > 900 and catalogue.recommended_count() == 48
