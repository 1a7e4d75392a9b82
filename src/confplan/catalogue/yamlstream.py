"""The fast path for reading a catalogue's YAML: plain values straight from events.

`yamlsafe.compose` builds PyYAML's node tree first (about twenty times the size
of the file: 2 GB for a 100 MB catalogue) and keeps it, so that a later error
can point at its line and column. Most files have no error. This module reads
the parser's events one at a time and builds the same dicts, lists and scalars
directly, so the peak is the result and the file's bytes, nothing more.

It only says yes to a file it is sure of. Whatever `yamlsafe` would refuse, or
report with a position (a tag, an anchor or alias, a duplicate or non-text
key, a merge key, nesting near the limit, an integer too long to convert, a
syntax error, more than one document or none), makes it answer UNSURE, and the
caller takes the careful path, which finds the problem and its place. Scalars
are resolved by PyYAML's own implicit resolvers and constructors, as the
careful path resolves them: null, booleans, ints and floats; timestamps stay
strings.
"""

from __future__ import annotations

from typing import Any, Final

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from confplan.catalogue.yamlsafe import MAX_DEPTH

# The C parser when PyYAML has libyaml; the pure-Python one otherwise.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

UNSURE: Final = object()  # the answer when the careful path must decide

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_TIMESTAMP = _TAG + "timestamp"
# The careful path's resolvers (its loader's), keyed by a plain scalar's first character.
_RESOLVERS: dict[Any, list[tuple[str, Any]]] = _Loader.yaml_implicit_resolvers
_WILDCARD = _RESOLVERS.get(None, [])
_CONSTRUCT = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {
    _TAG + "null": lambda node: None,
    _TAG + "bool": _CONSTRUCT.construct_yaml_bool,
    _TAG + "int": _CONSTRUCT.construct_yaml_int,
    _TAG + "float": _CONSTRUCT.construct_yaml_float,
}
_NO_KEY: Final = object()


class _Unsure(Exception):
    """Raised inside the walk: leave this file to the careful path."""


def _tag_of(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (Resolver.resolve)."""
    for tag, pattern in _RESOLVERS.get(value[0] if value else "", []) + _WILDCARD:
        if pattern.match(value):
            return tag
    return _STR


class _Plain:
    """Plain (unquoted) scalars to values, each distinct text resolved once: a
    catalogue repeats its lengths, dates and flags thousands of times."""

    def __init__(self) -> None:
        self.known: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        try:
            return self.known[text]
        except KeyError:
            pass
        tag = _tag_of(text)
        if tag in (_STR, _TIMESTAMP):
            value: Any = text
        else:
            construct = _CONSTRUCTORS.get(tag)
            if construct is None:  # a merge key (<<), `=`: the careful path says why
                raise _Unsure
            try:
                value = construct(ScalarNode(tag, text))
            except ValueError:  # more digits than Python converts
                raise _Unsure from None
        if len(self.known) < 65536:
            self.known[text] = value
        return value


def load(data: bytes) -> Any:
    """The document in `data` as plain values, or UNSURE."""
    loader = _Loader(data)
    try:
        return _walk(loader.get_event, _Plain())
    except (_Unsure, yaml.YAMLError, RecursionError):
        return UNSURE
    finally:
        loader.dispose()


def _walk(next_event: Any, plain: _Plain) -> Any:
    if next_event().__class__ is not StreamStartEvent:
        raise _Unsure
    if next_event().__class__ is not DocumentStartEvent:
        raise _Unsure  # no document: the careful path says so
    root = _document(next_event, plain)
    if next_event().__class__ is not DocumentEndEvent:
        raise _Unsure
    if next_event().__class__ is not StreamEndEvent:
        raise _Unsure  # a second document
    return root


def _document(next_event: Any, plain: _Plain) -> Any:
    """The values of one document, built with a stack of open collections."""
    stack: list[Any] = []  # the open mappings and sequences
    keys: list[Any] = []  # per open collection: the pending key of a mapping
    deepest = MAX_DEPTH - 2  # a margin below the careful path's limit
    while True:
        event = next_event()
        kind = event.__class__
        is_text = False
        if kind is ScalarEvent:
            if event.tag is not None or event.anchor is not None:
                raise _Unsure
            text = event.value
            value = plain(text) if event.implicit[0] else text
            is_text = True
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None or event.anchor is not None or len(stack) > deepest:
                raise _Unsure
            stack.append({} if kind is MappingStartEvent else [])
            keys.append(_NO_KEY)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = stack.pop()
            keys.pop()
        else:  # an alias, or anything unexpected
            raise _Unsure
        if not stack:
            return value
        top = stack[-1]
        if top.__class__ is list:
            top.append(value)
            continue
        key = keys[-1]
        if key is not _NO_KEY:
            top[key] = value
            keys[-1] = _NO_KEY
        elif not is_text or value in top:  # a collection as a key, or a duplicate key
            raise _Unsure
        else:
            keys[-1] = value
