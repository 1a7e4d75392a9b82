"""The fast YAML path (yamlstream) gives exactly what the careful path (yamlsafe) gives,
or leaves the file to it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confplan.catalogue import yamlsafe, yamlstream
from confplan.catalogue.load import CatalogueError, parse
from tests.helpers import BUNDLED, CURATED, MINI, ROOT, write_catalogue


def typed(value: Any) -> Any:
    """`value` with every scalar's type beside it: 1, 1.0 and True are not the same
    here, and NaN equals NaN."""
    if isinstance(value, dict):
        return ("map", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def careful(data: bytes) -> tuple[Any, bool]:
    """The careful path's values, and whether it accepted the text."""
    try:
        root = yamlsafe.compose(data)
    except yamlsafe.YamlSyntaxError:
        return None, False
    if root is None:
        return None, False
    value, problems = yamlsafe.construct(root, data)
    return value, not problems


def agrees(data: bytes) -> None:
    fast = yamlstream.load(data)
    if fast is yamlstream.UNSURE:
        return  # the careful path decides; nothing to compare
    value, accepted = careful(data)
    assert accepted, data
    assert typed(fast) == typed(value), data


FILES = [BUNDLED, CURATED, ROOT / "tests" / "fixtures" / "awkward" / "catalogue.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_real_catalogues_read_the_same_on_both_paths(path: Path) -> None:
    data = path.read_bytes()
    fast = yamlstream.load(data)
    assert fast is not yamlstream.UNSURE  # a good file takes the fast path
    value, accepted = careful(data)
    assert accepted
    assert typed(fast) == typed(value)


SCALAR_TEXTS = [
    "~", "null", "Null", "", "true", "yes", "No", "off", "0", "-12", "0x1F", "0o17", "017",
    "1_000", "1:20", "3.5", ".inf", "-.INF", ".nan", "1e3", "2024-01-02",
    "2024-01-02 10:00:00+02:00", "=", "<<", "plain text", "R&D", "Q & A", "a # b",
    "9" * 5000,
]  # fmt: skip
PIECES = [
    *SCALAR_TEXTS, "\n", "\n  ", "\n    ", ": ", "- ", "? ", "&a ", "*a", "!!str ", "!!int ",
    "!custom ", "! ", "!!map ", "<<: ", "{", "}", "[", "]", ", ", '"', "'", "|\n  ", ">-\n  ",
    "#", "---\n", "...\n", "\t", "key", "\\x1b", "é", "\x85",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(SCALAR_TEXTS),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from(SCALAR_TEXTS)), inner, max_size=4
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, st.sampled_from([None, True, False]))
def test_dumped_values_read_the_same(value: Any, flow: bool | None) -> None:
    agrees(yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True).encode())


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_text_reads_the_same_or_goes_the_careful_way(pieces: list[str]) -> None:
    agrees("".join(pieces).encode())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_edits_of_a_catalogue_read_the_same(pieces: list[str]) -> None:
    text = MINI.replace("title: Mini", "title: " + "".join(pieces).replace("\n", " "), 1)
    agrees(text.encode())


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: &x 1\nb: *x\n",  # anchor, alias
        "a: !!python/object:os.system 1\n",  # a tag
        "<<: {a: 1}\n",  # a merge key
        "? [a]\n: 1\n",  # a collection as a key
        "a: 1\n---\nb: 2\n",  # two documents
        "",  # none
        "a: " + "9" * 5000 + "\n",  # an int Python will not convert
        "[" * (yamlsafe.MAX_DEPTH + 1) + "]" * (yamlsafe.MAX_DEPTH + 1),  # past the limit
        "a: [1, 2\n",  # a syntax error
        "a: b\x1b\n",  # a control character
    ],
)
def test_what_the_careful_path_refuses_is_left_to_it(text: str) -> None:
    assert yamlstream.load(text.encode()) is yamlstream.UNSURE


def test_a_wrong_value_found_after_the_fast_path_still_has_its_position(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, MINI.replace("title: Mini", "title: [not, text]", 1))
    with pytest.raises(CatalogueError) as raised:
        parse(path, path.read_bytes())
    line = MINI.splitlines().index("title: Mini") + 1
    assert f"{path}:{line}:" in str(raised.value)


def test_a_bad_byte_is_reported_where_it_is(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path)
    data = b"# " + b"x" * (1 << 20) + b"\n" + path.read_bytes().replace(b"Mini", b"Mi\xffni", 1)
    with pytest.raises(CatalogueError, match=r"not UTF-8 text \(byte 0xff\)"):
        parse(path, data)
