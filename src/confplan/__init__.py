"""confplan: a keyboard-driven terminal planner for catching up on conference talks."""

# The one place the version is written: pyproject.toml reads it from here
# (hatch's version source), so the package metadata cannot drift from it,
# and start-up does not pay for importlib.metadata.
__version__ = "0.1.0"

__all__ = ["__version__"]
