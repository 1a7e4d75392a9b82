"""Whatever YAML arrives, loading gives a catalogue or a CatalogueError, nothing else."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.load import CatalogueError, parse
from tests.helpers import MINI, write_catalogue

_ZONES = [
    datetime.timezone(datetime.timedelta(hours=h, minutes=m))
    for h, m in ((-12, 0), (5, 45), (14, 0))
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2024-01-02", "t1", "conf", "main", "r1", "talk", "s1", "[1, 2]"]),
)
keys = st.one_of(
    st.sampled_from(
        [
            "id",
            "title",
            "sessions",
            "themes",
            "events",
            "conferences",
            "recaps",
            "kind",
            "lines",
            "why",
            "format_version",
            "recording",
            "speakers",
            "name",
            "url",
            "date",
        ]
    ),
    st.text(max_size=10),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=30,
)


def _check(folder: Path, data: bytes) -> None:
    path = folder / "catalogue.yaml"
    try:
        result = parse(path, data)
    except CatalogueError as exc:
        assert exc.diagnostics
        assert exc.exit_code == 2
        for diagnostic in exc.diagnostics:
            assert diagnostic.file == str(path)
            assert diagnostic.message
        return
    assert isinstance(result, Catalogue)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents)
def test_arbitrary_yaml_structures(doc: object, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder)
    _check(folder, yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=len(MINI)),
    length=st.integers(min_value=0, max_value=12),
    insert=st.text(alphabet=":-[]{}&*!#|>'\"\n\t %@`,?0aZ\x00\x1b\u00e9", max_size=8),
)
def test_mutated_catalogue_text(cut: int, length: int, insert: str, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder)
    text = MINI[:cut] + insert + MINI[cut + length :]
    _check(folder, text.encode("utf-8", errors="surrogatepass"))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes(raw: bytes, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder)
    _check(folder, raw)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab :-[]{},&*!\n\t'\"#?|>", max_size=40),
)
def test_the_anchor_prescan_never_misses_an_alias(text: str) -> None:
    """If the parser sees an alias, the cheap prescan must have said "maybe"."""
    from confplan.catalogue.yamlsafe import may_have_anchor

    data = text.encode("utf-8")
    try:
        yaml.compose(data, Loader=yaml.SafeLoader)  # an alias to no anchor fails here
        events = list(yaml.parse(data, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    aliases = any(isinstance(e, yaml.AliasEvent) for e in events)
    if aliases:
        assert may_have_anchor(data), text


# Values the strategies above do not reach: integers of any length (Python refuses
# to convert more than 4,300 digits), any code point (surrogates and controls
# included), timestamps of any year, and nesting far past the depth limit.
class _Digits(str):
    """An integer written out in digits, too long for Python to convert."""


wild_scalars = st.one_of(
    st.integers(),
    st.integers(min_value=4290, max_value=6000).map(lambda n: _Digits("9" * n)),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=20),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.datetimes(timezones=st.sampled_from([None, *_ZONES])).map(str),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=wild_scalars, key=st.sampled_from(["title", "id", "format_version", "description"]))
def test_wild_values_in_a_real_catalogue(value: object, key: str, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder)
    document = yaml.safe_load(MINI)
    plain = "HUGE-NUMBER" if isinstance(value, _Digits) else value
    document[key] = plain
    document["sessions"][0]["duration_min"] = plain
    text = yaml.safe_dump(document, allow_unicode=True)
    if isinstance(value, _Digits):  # the dumper itself cannot write such an integer
        text = text.replace("HUGE-NUMBER", value)
    _check(folder, text.encode("utf-8", errors="surrogatepass"))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(depth=st.integers(min_value=1, max_value=200_000), flow=st.booleans())
def test_any_nesting_depth(depth: int, flow: bool, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder)
    if flow:
        text = "title: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "".join(f"{'  ' * i}- \n" for i in range(min(depth, 3000)))
    _check(folder, text.encode("utf-8"))
