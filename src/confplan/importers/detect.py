"""Which schedule format a file holds, decided by its content, never by its name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from confplan.importers.common import Imported


class Reader(Protocol):
    """An importer's read(): the catalogue a schedule file gives."""

    def __call__(
        self, data: bytes, name: str, tz_name: str | None = None, *, base_url: str | None = None
    ) -> Imported: ...


FRAB_XML, SCHEDULE_JSON, ICAL = "frab-xml", "schedule-json", "ical"
FORMATS = (FRAB_XML, SCHEDULE_JSON, ICAL)


def sniff(data: bytes) -> str | None:
    """The format `data` looks like, or None."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"begin:vcalendar"):
        return ICAL
    if head.startswith((b"{", b"[")):
        return SCHEDULE_JSON
    if head.startswith(b"<"):
        if b"<html" in head or b"<!doctype html" in head:
            return None
        return FRAB_XML
    return None


def reader(kind: str) -> Reader:
    """The importer for a format: read(data, name, tz_name, base_url=...) -> Imported."""
    if kind == FRAB_XML:
        from confplan.importers import frab_xml

        return frab_xml.read
    if kind == SCHEDULE_JSON:
        from confplan.importers import schedule_json

        return schedule_json.read
    from confplan.importers import ical

    return ical.read
