"""The desktop entry: resources/reel-reader.desktop with Exec pointing at this checkout.

The template is itself a valid entry for a packaged install (`reel-reader` on PATH);
installing from a clone rewrites Exec and TryExec to the absolute path of run.sh, quoted
by the Desktop Entry spec's rules so that a checkout in "My Files/reel reader" works.
"""
from __future__ import annotations

import re
from pathlib import Path

from .files import DESKTOP_TEMPLATE

# Characters that make the spec require an Exec argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class EntryError(ValueError):
    """The entry cannot be written for this path (a user-facing reason)."""


def string_value(text: str) -> str:
    """A value of type string: backslash, newline, tab and CR escaped."""
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def exec_argument(arg: str) -> str:
    """One argument of an Exec line: quoted and escaped where the spec asks, % doubled."""
    if "\n" in arg or "\r" in arg:
        raise EntryError(f"a desktop entry cannot run a path with a line break in it: {arg!r}")
    arg = arg.replace("%", "%%")   # a lone % would start a field code
    if any(c in _RESERVED for c in arg):
        arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    return arg


def exec_line(command: list[str], field_code: str = "%F") -> str:
    """The Exec value (already escaped as a string value) for COMMAND followed by FIELD_CODE."""
    return string_value(" ".join(exec_argument(a) for a in command) + f" {field_code}")


def render_entry(run_sh: Path, template: Path = DESKTOP_TEMPLATE) -> str:
    """The template with Exec and TryExec pointing at RUN_SH (an absolute path)."""
    run_sh = Path(run_sh)
    if not run_sh.is_absolute():
        raise EntryError(f"{run_sh} is not an absolute path")
    lines = []
    for line in template.read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            line = "Exec=" + exec_line([str(run_sh)])
        elif key == "TryExec":
            line = "TryExec=" + string_value(str(run_sh))
        lines.append(line)
    return "\n".join(lines) + "\n"


def mime_types(template: Path = DESKTOP_TEMPLATE) -> list[str]:
    """The MIME types the entry registers Reel Reader for."""
    for line in template.read_text(encoding="utf-8").splitlines():
        if line.startswith("MimeType="):
            return [t for t in line.split("=", 1)[1].split(";") if t]
    return []
