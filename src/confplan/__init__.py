"""confplan: a keyboard-driven terminal planner for catching up on conference talks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("confplan")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0+unknown"

__all__ = ["__version__"]
