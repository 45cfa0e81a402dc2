"""The application's name and version, for the metadata of what it writes."""
from __future__ import annotations

import functools
import tomllib
from importlib import metadata
from pathlib import Path

APP_NAME = "Reel Reader"


@functools.cache
def app_version() -> str:
    """The installed package's version, or pyproject.toml's when run from a checkout."""
    try:
        return metadata.version("reel-reader")
    except metadata.PackageNotFoundError:
        pass
    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as f:
            return tomllib.load(f)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def app_string() -> str:
    return f"{APP_NAME} {app_version()}"
