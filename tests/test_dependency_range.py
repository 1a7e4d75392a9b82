"""The oldest versions CI tests are exactly the lower bounds pyproject.toml allows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _lower_bounds() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9a-z.]*)", requirement)
        assert match, f"{requirement!r} has no lower bound: its oldest version is untested"
        bounds[_name(match[1])] = match[2]
    return bounds


def _pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "oldest-versions.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_name(name)] = version.strip()
    return pins


def _release(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_every_lower_bound_is_the_version_ci_tests_as_oldest() -> None:
    bounds, pins = _lower_bounds(), _pinned()
    assert set(pins) == set(bounds)
    for name, bound in bounds.items():
        assert _release(pins[name]) == _release(bound), name


def test_the_snapshot_pins_are_inside_the_runtime_range() -> None:
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    test_pins = {
        _name(r.split("==")[0]): r.split("==")[1]
        for r in optional["optional-dependencies"]["test"]
        if "==" in r
    }
    assert _release(test_pins["textual"]) >= _release(_lower_bounds()["textual"])
