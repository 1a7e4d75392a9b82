"""A fresh import as catalogue text: checked as any catalogue is, then written as YAML
a person can edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confplan.importers.errors import ImportError_
from confplan.text import printable

if TYPE_CHECKING:
    from confplan.importers.common import Imported

CHECK_BLOCK = 2000


def checked(document: dict[str, Any], source_name: str, base: Any, first_session: int = 0) -> Any:
    """`document` checked as any catalogue is (recap files looked for in `base`): the
    CatalogueDocument, or ImportError_ naming the first problem. `first_session` is the
    index of the document's first session in the whole import, for the message."""
    from confplan.catalogue import schema

    shaped, issues = schema.validate_shape(document)
    if shaped is not None:
        issues = schema.check_meaning(shaped, base)
    if issues:  # an importer's bug, never the user's input: say where
        first = issues[0]
        path = first.path
        if path[:1] == ("sessions",) and len(path) > 1 and isinstance(path[1], int):
            path = ("sessions", path[1] + first_session, *path[2:])
        raise ImportError_(
            f"{source_name}: the imported catalogue is not valid: "
            f"{schema.dotted(path)}: {first.message}"
        )
    return shaped


def write_catalogue(imported: Imported, source_name: str, at: Any = None) -> str:
    """The catalogue text for `imported`, checked as any catalogue is (its recap files
    looked for beside `at`) before a byte is written."""
    from pathlib import Path

    import yaml

    document = imported.document
    base = Path(at).parent if at is not None else Path(source_name).parent
    sessions = document["sessions"]
    # Checked a block at a time, so the checked copies of 100,000 sessions never all
    # live at once; ids are checked across blocks separately. The sessions of an
    # importer's document were checked as they were kept (`Builder.imported`).
    to_check = [] if imported.checked else sessions
    for at_index in range(0, max(len(to_check), 1), CHECK_BLOCK):
        block = {**document, "sessions": to_check[at_index : at_index + CHECK_BLOCK]}
        checked(block, source_name, base, first_session=at_index)
    ids = [s["id"] for s in sessions]
    if len(set(ids)) != len(ids):
        raise ImportError_(f"{source_name}: the imported catalogue repeats a session id")

    class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        def ignore_aliases(self, data: Any) -> bool:
            return True  # a catalogue is written out in full, never with anchors

    def dump(value: Any) -> str:
        return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

    # The sessions are written a block at a time: the emitter's node graph for
    # 100,000 sessions at once would take more memory than the sessions themselves.
    parts = [f"# Imported by confplan from {printable(source_name)}. Edit it freely.\n"]
    parts.append(dump({k: v for k, v in document.items() if k != "sessions"}))
    if not sessions:
        parts.append("sessions: []\n")
    else:
        parts.append("sessions:\n")
        for at_index in range(0, len(sessions), CHECK_BLOCK):
            parts.append(dump(sessions[at_index : at_index + CHECK_BLOCK]))
    return "".join(parts)
