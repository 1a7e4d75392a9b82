"""The catalogue: sessions, themes, recaps and conferences, loaded from YAML (a file
of any kind, with the cache, is opened by `confplan.opening`).

Nothing in this package imports Textual; pydantic and PyYAML are imported
only when a file has to be parsed (a warm cache needs neither). The names
below are imported when first used, so a module of this package that needs
none of them (`files`) costs only itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confplan.catalogue.catalogue import Catalogue
    from confplan.catalogue.load import CatalogueError, Diagnostic

__all__ = ["Catalogue", "CatalogueError", "Diagnostic"]


def __getattr__(name: str) -> Any:
    if name == "Catalogue":
        from confplan.catalogue.catalogue import Catalogue

        return Catalogue
    if name in ("CatalogueError", "Diagnostic"):
        from confplan.catalogue import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
