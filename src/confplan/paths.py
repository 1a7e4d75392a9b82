"""Where confplan keeps things: one place, each location overridable.

Every path comes from here, so tests can point all of them at a temporary
folder. Nothing is created on import; callers create what they write into.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

APP_NAME = "confplan"

ENV_DATA_DIR = "CONFPLAN_DATA_DIR"
ENV_CACHE_DIR = "CONFPLAN_CACHE_DIR"
ENV_CATALOGUE = "CONFPLAN_CATALOGUE"
ENV_CONFIG_DIR = "CONFPLAN_CONFIG_DIR"

STORE_FILENAME = "progress.sqlite3"


def _folder(
    override: str | os.PathLike[str] | None, env: str, platform: Callable[[], Path]
) -> Path:
    if override:
        return Path(override).expanduser()
    value = os.environ.get(env)
    if value:
        return Path(value).expanduser()
    return platform()


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding the progress store: flag, then environment, then platform."""

    def platform() -> Path:
        from platformdirs import user_data_path

        return user_data_path(APP_NAME, appauthor=False)

    return _folder(override, ENV_DATA_DIR, platform)


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the parsed-catalogue cache (safe to delete at any time)."""

    def platform() -> Path:
        from platformdirs import user_cache_path

        return user_cache_path(APP_NAME, appauthor=False)

    return _folder(override, ENV_CACHE_DIR, platform)


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for preferences (`config.toml`)."""

    def platform() -> Path:
        from platformdirs import user_config_path

        return user_config_path(APP_NAME, appauthor=False)

    return _folder(override, ENV_CONFIG_DIR, platform)


def store_path(data_directory: Path) -> Path:
    return data_directory / STORE_FILENAME


def bundled_catalogue() -> Path:
    """The catalogue shipped with confplan.

    An installed wheel carries it inside the package (`confplan/_bundled/`);
    a source checkout or an editable install finds it at the project root.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "_bundled" / "data" / "catalogue.yaml"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "data" / "catalogue.yaml"


def catalogue_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The catalogue to use: flag, then environment, then the bundled one."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_CATALOGUE)
    if env:
        return Path(env).expanduser()
    return bundled_catalogue()


def resolved(path: Path) -> Path:
    """`path` made absolute with links followed where they can be; a link loop or an
    unreadable folder leaves it as given (reading it then reports the problem)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return Path(os.path.abspath(path))


def check_data_dir(folder: Path) -> None:
    """Refuse a data folder that is something else (a file): every command does."""
    from confplan.errors import BadInputError

    try:
        is_folder = folder.is_dir()
        exists = is_folder or folder.exists() or folder.is_symlink()
    except OSError as exc:
        raise BadInputError(f"data folder {folder}: {exc.strerror or exc}") from None
    if exists and not is_folder:
        raise BadInputError(
            f"data folder {folder} is not a folder; give --data-dir (or CONFPLAN_DATA_DIR) "
            "a folder, where the progress store is kept"
        )


def within(root: Path, path: Path) -> bool:
    """Does `path` name a place inside `root`, read as written (`..` and absolute
    paths taken into account, links not followed: a link the user made in the folder
    is theirs to follow)?"""
    base = os.path.normpath(os.path.abspath(root))
    place = os.path.normpath(os.path.abspath(path))
    return place != base and place.startswith(base.rstrip(os.sep) + os.sep)


def inside(folder: Path, name: str | os.PathLike[str]) -> Path | None:
    """`folder / name` with links followed, if it stays inside `folder` (links followed
    too); None when it leaves it (`../x`, an absolute path, a link pointing out). Every
    path read from data (a catalogue, a post, the store) goes through this before it is
    read, written or deleted."""
    text = os.fspath(name)
    if not text or "\x00" in text:
        return None
    base = resolved(folder)
    target = resolved(base / text)
    if target == base or not target.is_relative_to(base):
        return None
    return target
