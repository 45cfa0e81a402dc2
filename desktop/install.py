"""Install and uninstall the desktop integration: entry, MIME type, icons; refresh caches.

`python main.py --install-desktop [--prefix DIR]` writes into a freedesktop data
directory (default $XDG_DATA_HOME, i.e. ~/.local/share), then runs the cache tools that
exist on this machine (update-desktop-database, update-mime-database, and for a prefix
the desktop actually reads, xdg-icon-resource forceupdate) so that file managers offer
Reel Reader for PDFs, TIFFs and ZIPs and open .reel files with it on a double-click.

An install records what it wrote and which folders it created; an uninstall removes
exactly those, refreshes the caches again, and leaves whatever else is in the prefix.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .entry import EntryError, render_entry
from .files import RUN_SH, installed_files, manifest_path

REFRESH_TIMEOUT = 60  # seconds; update-mime-database on a big prefix takes a few


class DesktopError(Exception):
    """The install or uninstall cannot go on (a user-facing one-line reason)."""


@dataclass
class Report:
    prefix: Path
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)   # tools that ran
    missing: list[str] = field(default_factory=list)     # tools not on this machine
    failures: list[str] = field(default_factory=list)    # tools that ran and failed


def default_prefix() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset (the Base Directory spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def desktop_data_dirs() -> list[Path]:
    """The data directories the desktop reads entries and MIME types from."""
    dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    return [default_prefix()] + [Path(d) for d in dirs.split(":") if os.path.isabs(d)]


def install(prefix: Path | None = None, run_sh: Path = RUN_SH, refresh: bool = True) -> Report:
    prefix = _checked_prefix(prefix)
    report = Report(prefix)
    try:
        entry = render_entry(run_sh.resolve())
    except EntryError as exc:
        raise DesktopError(str(exc)) from None
    files = installed_files(prefix)
    old = _read_manifest(prefix)
    created = set(old.get("created", []))
    try:
        for target, source in files.items():
            created.update(str(d) for d in _make_parents(target.parent, prefix))
            data = entry.encode("utf-8") if source is None else source.read_bytes()
            _write_atomically(target, data)
            report.written.append(target)
        created.update(str(d) for d in _make_parents(manifest_path(prefix).parent, prefix))
        _write_atomically(manifest_path(prefix), json.dumps(
            {"files": [str(p) for p in files], "created": sorted(created)}, indent=1).encode())
    except OSError as exc:
        raise DesktopError(f"cannot write into {prefix}: {exc.strerror or exc}; "
                           "choose another --prefix") from None
    if refresh:
        _refresh(prefix, report)
        _check_mime_type(prefix, report, registered=True)
    return report


def uninstall(prefix: Path | None = None, refresh: bool = True) -> Report:
    prefix = _checked_prefix(prefix, must_exist=True)
    report = Report(prefix)
    manifest = _read_manifest(prefix)
    paths = [Path(p) for p in manifest.get("files", [])] or list(installed_files(prefix))
    paths.append(manifest_path(prefix))
    try:
        for path in paths:
            if path.is_file() or path.is_symlink():
                path.unlink()
                report.removed.append(path)
    except OSError as exc:
        raise DesktopError(f"cannot remove {path}: {exc.strerror or exc}") from None
    if refresh:
        _refresh(prefix, report)
        _check_mime_type(prefix, report, registered=False)
    # Folders the install made go too, once nothing but the caches regenerated from
    # their (now absent) contents is left in them; deepest first.
    for folder in sorted((Path(d) for d in manifest.get("created", [])), key=lambda p: -len(p.parts)):
        _remove_if_only_caches(folder, report)
    return report


def _checked_prefix(prefix: Path | None, must_exist: bool = False) -> Path:
    prefix = Path(prefix).expanduser() if prefix is not None else default_prefix()
    prefix = prefix.absolute()
    if prefix.exists() and not prefix.is_dir():
        raise DesktopError(f"{prefix} is not a folder; give --prefix a folder such as ~/.local/share")
    if must_exist and not prefix.is_dir():
        raise DesktopError(f"{prefix} does not exist: nothing is installed there")
    return prefix


def _make_parents(folder: Path, prefix: Path) -> list[Path]:
    """mkdir -p FOLDER; returns the folders that did not exist (the prefix included)."""
    made = []
    for d in reversed([folder, *folder.parents]):
        if not d.exists() and (d == prefix or prefix in d.parents):
            d.mkdir()
            made.append(d)
    return made


def _write_atomically(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


def _read_manifest(prefix: Path) -> dict:
    try:
        data = json.loads(manifest_path(prefix).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _refresh(prefix: Path, report: Report) -> None:
    _run(report, "update-desktop-database", "-q", str(prefix / "applications"),
         needs=prefix / "applications")
    _run(report, "update-mime-database", str(prefix / "mime"), needs=prefix / "mime")
    hicolor = prefix / "icons" / "hicolor"
    # Only refresh an icon cache that exists: a new cache that other programs do not keep
    # up to date would hide the icons they install later.
    if (hicolor / "icon-theme.cache").exists():
        _run(report, "gtk-update-icon-cache", "-q", "-f", "-t", str(hicolor))
    if prefix in desktop_data_dirs():
        _run(report, "xdg-icon-resource", "forceupdate")


def _check_mime_type(prefix: Path, report: Report, registered: bool) -> None:
    """update-mime-database exits 0 even when it cannot parse a package: look at its output."""
    if "update-mime-database" not in report.refreshed:
        return
    from . import REEL_MIME_TYPE
    try:
        globs = (prefix / "mime" / "globs2").read_text(encoding="utf-8")
    except OSError:
        globs = ""
    if (REEL_MIME_TYPE in globs) != registered:
        state = "is missing from" if registered else "is still in"
        report.failures.append(f"update-mime-database: {REEL_MIME_TYPE} {state} {prefix / 'mime'}")


def _run(report: Report, tool: str, *args: str, needs: Path | None = None) -> None:
    if needs is not None and not needs.is_dir():
        return
    exe = shutil.which(tool)
    if exe is None:
        report.missing.append(tool)
        return
    try:
        done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=REFRESH_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        report.failures.append(f"{tool}: {exc}")
        return
    if done.returncode != 0:
        reason = (done.stderr.strip() or done.stdout.strip() or f"exit status {done.returncode}")
        report.failures.append(f"{tool}: {reason.splitlines()[0]}")
    else:
        report.refreshed.append(tool)


# What the cache tools generate from the files we removed: a folder holding only these
# (and empty folders) is ours to remove.
def _is_regenerated(path: Path, folder: Path) -> bool:
    if folder.name == "applications":
        return path.name == "mimeinfo.cache"
    if folder.name == "mime":  # the whole compiled database, once packages/ is empty
        return not any((folder / "packages").glob("*.xml"))
    if folder.name == "hicolor":
        return path.name == "icon-theme.cache"
    return False


def _remove_if_only_caches(folder: Path, report: Report) -> None:
    if not folder.is_dir():
        return
    files = [p for p in folder.rglob("*") if not p.is_dir()]
    if all(_is_regenerated(p, folder) for p in files):
        shutil.rmtree(folder)
        report.removed.append(folder)


def command(uninstalling: bool, prefix: str | None) -> int:
    """--install-desktop / --uninstall-desktop: messages on stderr, exit 0, 1 or 2."""
    import sys

    def say(text: str) -> None:
        print(f"reel-reader: {text}", file=sys.stderr)

    try:
        report = uninstall(prefix) if uninstalling else install(prefix)
    except DesktopError as exc:
        say(str(exc))
        return 2
    if uninstalling:
        say(f"removed Reel Reader's desktop entry, MIME type and icons from {report.prefix}")
    else:
        say(f"installed the desktop entry, the MIME type application/x-reel-reader-reel (*.reel) "
            f"and icons into {report.prefix}; file managers now offer Reel Reader for PDF, TIFF, "
            "ZIP and .reel files (Open With), and a .reel opens with a double-click")
        if report.prefix not in desktop_data_dirs():
            say(f"note: {report.prefix} is not among the folders your desktop reads "
                "($XDG_DATA_HOME, $XDG_DATA_DIRS)")
    if report.missing:
        say(f"not found, so not refreshed: {', '.join(report.missing)} "
            "(the desktop picks the changes up at next login)")
    for failure in report.failures:
        say(f"refreshing failed: {failure}")
    return 1 if report.failures else 0
