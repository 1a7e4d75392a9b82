"""YAML reading that refuses what a catalogue never needs.

PyYAML's C composer (when present) builds the node tree; this module turns it
into plain Python values itself, so that it can refuse, with a position:

- tags that would construct objects (`!!python/object`, any `!custom`),
- aliases (`*name`), which would otherwise let a small file expand into an
  enormous one (an "alias bomb"),
- duplicate keys in a mapping, which YAML silently resolves to the last one.

Scalars keep YAML's plain meaning (null, booleans, numbers, strings), except
that timestamps stay strings: the schema parses dates itself.

The node tree is kept so that a later error about a value (found by the
schema) can be given the line and column where that value was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, cast

import yaml
from yaml import SafeLoader as _PyLoader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# The C loader is much faster; the pure-Python one when PyYAML was built without libyaml.
_Loader: type[Any] = getattr(yaml, "CSafeLoader", _PyLoader)

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_NULL = _TAG + "null"
_BOOL = _TAG + "bool"
_INT = _TAG + "int"
_FLOAT = _TAG + "float"
_TIMESTAMP = _TAG + "timestamp"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
_MERGE = _TAG + "merge"

# One constructor instance provides PyYAML's own scalar rules (0x1F, 1_000,
# .inf, yes/no ...) without its object-building machinery.
_SCALARS = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True, slots=True)
class Problem:
    position: Position
    message: str


class YamlSyntaxError(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


def _position(mark: Any) -> Position:
    """A Position from a PyYAML mark (1-based); the start of the file without one."""
    return Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)


def _pos(node: Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


# A catalogue nests a few levels deep. Far deeper documents are refused: the
# C composer recurses once per level and would overflow the C stack (a crash,
# not an exception) somewhere past twenty thousand levels.
MAX_DEPTH = 64
_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEEP_INDENT = re.compile(rb"(?m)^[ \t]{1000}")
_COMPACT_RUN = re.compile(rb"(?:[-?:][ \t]+){500}")


def _flow_depth_bound(data: bytes) -> int:
    brackets = data.translate(None, _BRACKETS)
    if not brackets:
        return 0
    steps = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
    return max(accumulate(steps[b] for b in brackets))


def _maybe_too_deep(data: bytes) -> bool:
    """A cheap, generous upper bound: False means the composer is certainly safe."""
    return (
        _flow_depth_bound(data) > 1000
        or _DEEP_INDENT.search(data) is not None
        or _COMPACT_RUN.search(data) is not None
    )


def _check_depth(data: bytes) -> None:
    """Refuse nesting past MAX_DEPTH, with the place where it starts.

    The C parser walks the events first (fast, no recursion). libyaml may stop
    deep nesting at a limit of its own while scanning ahead, before it has
    handed over the event that crosses ours (PyYAML 6.0.4 bundles such a
    libyaml); then the pure-Python parser, which has no such limit, walks the
    same bytes so that the message and its place do not depend on the build.
    """
    try:
        _walk_depth(data, _Loader)
    except yaml.YAMLError:
        if _Loader is _PyLoader:
            return  # the composer reports syntax errors with their own position
        try:
            _walk_depth(data, _PyLoader)
        except yaml.YAMLError:
            return


def _walk_depth(data: bytes, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(data, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    _position(event.start_mark),
                    f"nesting deeper than {MAX_DEPTH} levels",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def compose(data: bytes) -> Node | None:
    """Parse one YAML document into a node tree; raise YamlSyntaxError with a position."""
    if _maybe_too_deep(data):
        _check_depth(data)
    loader = _Loader(data)
    try:
        node: Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        parts = [p for p in (exc.context, exc.problem) if p]
        raise YamlSyntaxError(position, "YAML syntax error: " + ", ".join(parts)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        text = data.decode("utf-8", errors="replace")[: exc.position]
        line = text.count("\n") + 1
        column = exc.position - (text.rfind("\n") + 1) + 1
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise YamlSyntaxError(
            Position(line, column),
            f"control character U+{code:04X} is not allowed in YAML text "
            '(inside double quotes, write it as an escape such as "\\x1b")',
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        raise YamlSyntaxError(position, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


class _Builder:
    """One walk over the node tree. Written for speed: it is most of the cost of
    loading a catalogue after the C composer itself."""

    def __init__(self, track_identity: bool) -> None:
        self.problems: list[Problem] = []
        # Identity tracking finds aliases; it is needed only if the text can
        # hold an anchor at all (see may_have_anchor).
        self.seen: set[int] | None = set() if track_identity else None
        self.aliased = False

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(_pos(node), message))

    def build(self, node: Node, depth: int = 0) -> Any:
        seen = self.seen
        if seen is not None:
            key = id(node)
            if key in seen:
                # The composer hands back the anchored node itself for an alias,
                # so its position is the anchor's; `construct` finds the alias's.
                self.aliased = True
                return None
            seen.add(key)
        cls = node.__class__
        tag = node.tag
        if cls is ScalarNode:
            if tag in (_STR, _TIMESTAMP):
                return node.value
            return self.scalar(cast(ScalarNode, node), tag)
        if depth >= MAX_DEPTH:
            self.problem(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if cls is MappingNode:
            if tag != _MAP:
                self.problem(node, f"YAML tag {tag!r} is not allowed")
                return None
            return self.mapping(cast(MappingNode, node), depth + 1)
        if tag != _SEQ:
            self.problem(node, f"YAML tag {tag!r} is not allowed")
            return None
        build = self.build
        return [build(item, depth + 1) for item in node.value]

    def scalar(self, node: ScalarNode, tag: str) -> Any:
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _SCALARS.construct_yaml_bool(node)
        if tag == _INT:
            try:
                return _SCALARS.construct_yaml_int(node)
            except ValueError:  # more digits than Python converts (4,300)
                self.problem(node, "this integer has too many digits")
                return None
        if tag == _FLOAT:
            return _SCALARS.construct_yaml_float(node)
        self.problem(node, f"YAML tag {tag!r} is not allowed")
        return None

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        build = self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self.problem(key_node, "mapping keys must be plain text")
                continue
            if key_node.tag == _MERGE:
                self.problem(key_node, "YAML merge keys (<<) are not allowed in a catalogue")
                continue
            key = build(key_node, depth)
            if key in result:
                self.problem(key_node, f"duplicate key {key!r}")
                continue
            result[key] = build(value_node, depth)
        return result


_BEFORE_ANCHOR = frozenset(b" \t\r\n[{,:-")
_NOT_AFTER_AMPERSAND = frozenset(b" \t\r\n,[]{}")


def may_have_anchor(data: bytes) -> bool:
    """False if `data` certainly holds no anchor (&name), hence no alias.

    An anchor can only follow a line start, white space, a flow indicator, a
    colon or a dash, and has a name right after the `&`; an "&" in "R&D" or
    "Q & A" cannot start one. A false True only costs some speed.
    """
    i = data.find(b"&")
    while i != -1:
        after = data[i + 1] if i + 1 < len(data) else None
        before_ok = (
            i == 0 or data[i - 1] in _BEFORE_ANCHOR or data[max(i - 3, 0) : i] == b"\xef\xbb\xbf"
        )
        if before_ok and after is not None and after not in _NOT_AFTER_AMPERSAND:
            return True
        i = data.find(b"&", i + 1)
    return False


def construct(root: Node, data: bytes | None = None) -> tuple[Any, list[Problem]]:
    """Turn a node tree into plain values, collecting every refusal on the way.

    `data` (the document's bytes) lets aliases be reported where they are
    written; without it they are reported at their anchor.
    """
    builder = _Builder(track_identity=data is None or may_have_anchor(data))
    value = builder.build(root)
    problems = builder.problems
    if builder.aliased:
        problems = problems + _alias_problems(data, root)
        problems.sort(key=lambda p: (p.position.line, p.position.column))
    return value, problems


def _alias_problems(data: bytes | None, root: Node) -> list[Problem]:
    found = []
    if data is not None:
        for event in yaml.parse(data, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                found.append(
                    Problem(
                        _position(event.start_mark),
                        f"YAML alias *{event.anchor} is not allowed in a catalogue "
                        "(write the value out in full)",
                    )
                )
    return found or [Problem(_pos(root), "YAML aliases (*name) are not allowed in a catalogue")]


def locate(root: Node, path: tuple[Any, ...], *, key: bool = False) -> Position:
    """The position of the value at `path` (or of its key, with `key=True`).

    Walks as far as the path exists and returns the deepest position found,
    so an error about a missing key points at the mapping that lacks it.
    """
    node = root
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(step):
                    if last and key:
                        return _pos(key_node)
                    node = value_node
                    break
            else:
                return _pos(node)
        elif isinstance(node, SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
            else:
                return _pos(node)
        else:
            return _pos(node)
    return _pos(node)
