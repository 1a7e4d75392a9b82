"""The catalogue: sessions, themes, recaps and conferences, loaded from YAML.

Nothing in this package imports Textual; pydantic and PyYAML are imported
only when a file has to be parsed (a warm cache needs neither).
"""

from confplan.catalogue.catalogue import Catalogue
from confplan.catalogue.load import CatalogueError, Diagnostic, load_catalogue

__all__ = ["Catalogue", "CatalogueError", "Diagnostic", "load_catalogue"]
