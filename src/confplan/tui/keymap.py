"""The user's keys: the `[keys]` table of config.toml, checked, as Textual's keymap.

Every binding of confplan's has an id ("main.watchlist"); `[keys]` maps an id to
the keys that replace the binding's own ("W" or "ctrl+w,W"), as Posting's keymap
does. An entry is refused, with a reason, when its id is unknown, a key name is
not one Textual knows, or a key is already taken by another binding active at
the same time (and not moved away by the same table); the other entries apply.
The TUI reports the refusals when it starts, and `confplan config check` prints
them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from textual.binding import Binding, BindingType
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, Keys, key_to_character

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED = {key.value for key in Keys}


def key_name(written: str) -> str | None:
    """The name Textual gives a key as written in config.toml ("?" is "question_mark",
    "ctrl+W" keeps its letter), or None if it names no key."""
    written = written.strip()
    if not written:
        return None
    *mods, base = written.split("+") if len(written) > 1 else [written]
    if not base:  # "ctrl++": the plus key
        base, mods = "+", mods[:-1]
    if any(m.lower() not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return None
    if len(base) == 1:
        if not base.isprintable():
            return None
        base = base if base.isalnum() else _character_name(base)
    elif base.lower() in _NAMED or _is_character_name(base.lower()):
        base = base.lower()
        base = KEY_NAME_REPLACEMENTS.get(base, base)
    else:
        return None
    return "+".join([*(m.lower() for m in mods), base])


def _character_name(character: str) -> str:
    """As Textual names a key that types `character` ("?" is "question_mark")."""
    name = unicodedata.name(character, character).lower().replace(" ", "_").replace("-", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


def _is_character_name(name: str) -> bool:
    return key_to_character(REPLACED_KEYS.get(name, name)) is not None


def key_names(written: str) -> list[str] | None:
    """Each key of a comma-separated list, named; None if any names no key."""
    names = [key_name(part) for part in written.split(",")]
    if any(name is None for name in names):
        return None
    return [name for name in names if name is not None]


@dataclass(frozen=True)
class Context:
    """Bindings active at the same time (a screen's, the app's and a focused widget's)."""

    name: str
    bindings: Sequence[BindingType]


@dataclass
class Checked:
    keymap: dict[str, str] = field(default_factory=dict)  # the entries that apply
    problems: list[str] = field(default_factory=list)  # why the others do not

    def summary(self, most: int = 5) -> str:
        """The problems, a few lines at most (the rest: `confplan config check`)."""
        shown = self.problems[:most]
        if len(self.problems) > most:
            shown.append(f"and {len(self.problems) - most} more: confplan config check")
        return "\n".join(shown)


def _keys_of(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    written = keymap.get(binding.id or "", binding.key)
    return [k.strip() for k in written.split(",") if k.strip()]


def check(entries: Mapping[str, str], contexts: Iterable[Context]) -> Checked:
    """The entries that can apply, and a sentence for each that cannot."""
    contexts = list(contexts)
    known: dict[str, Binding] = {}
    for context in contexts:
        for binding in context.bindings:
            if isinstance(binding, Binding) and binding.id:
                known.setdefault(binding.id, binding)
    checked = Checked()
    candidates: dict[str, str] = {}
    for binding_id, written in entries.items():
        names = key_names(written)
        if binding_id not in known:
            checked.problems.append(f"[keys] {binding_id}: no binding has this id")
        elif not names:
            checked.problems.append(f"[keys] {binding_id} = {written!r}: not a key name")
        else:
            candidates[binding_id] = ",".join(names)
    # Checked against the whole table: a key may go to a binding another entry moves away.
    for binding_id in list(candidates):
        clash = _clash(binding_id, candidates, contexts)
        if clash:
            checked.problems.append(f"[keys] {binding_id} = {entries[binding_id]!r}: {clash}")
            del candidates[binding_id]
    checked.keymap = candidates
    return checked


def _clash(binding_id: str, keymap: Mapping[str, str], contexts: list[Context]) -> str | None:
    """Why the keys given to `binding_id` clash with another binding, if they do."""
    for context in contexts:
        bindings = [b for b in context.bindings if isinstance(b, Binding)]
        mine = [b for b in bindings if b.id == binding_id]
        if not mine:
            continue
        taken: dict[str, Binding] = {}
        for other in bindings:
            if other.id != binding_id and other.action != mine[0].action:
                for key in _keys_of(other, keymap):
                    taken.setdefault(key_name(key) or key, other)
        for key in _keys_of(mine[0], keymap):
            found = taken.get(key)
            if found is not None:
                what = found.description or found.action
                return f"{key} is already “{what}” ({found.id or 'a built-in key'}) {context.name}"
    return None
