"""Where Reel Reader's desktop files live: in this checkout, and once installed.

The layout under an install prefix (a freedesktop data directory such as
~/.local/share) follows the Desktop Entry, Shared MIME-info and Icon Theme specs.
"""
from __future__ import annotations

from pathlib import Path

APP_ID = "reel-reader"          # the desktop file's name, the icon's name, WM_CLASS instance
ROOT = Path(__file__).resolve().parent.parent
RUN_SH = ROOT / "run.sh"        # the command a double-click runs: sets up, then opens the reel
RESOURCES = ROOT / "resources"
DESKTOP_TEMPLATE = RESOURCES / f"{APP_ID}.desktop"
MIME_XML = RESOURCES / f"{APP_ID}-mime.xml"
ICON_SVG = RESOURCES / f"{APP_ID}.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_png(size: int) -> Path:
    return RESOURCES / "icons" / f"{size}x{size}" / f"{APP_ID}.png"


def installed_files(prefix: Path) -> dict[Path, Path | None]:
    """Installed path -> its source in the checkout (None: generated at install time)."""
    prefix = Path(prefix)
    hicolor = prefix / "icons" / "hicolor"
    files: dict[Path, Path | None] = {
        prefix / "applications" / f"{APP_ID}.desktop": None,
        prefix / "mime" / "packages" / f"{APP_ID}.xml": MIME_XML,
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg": ICON_SVG,
    }
    for size in ICON_SIZES:
        files[hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = icon_png(size)
    return files


def manifest_path(prefix: Path) -> Path:
    """What an install wrote and which folders it made, so an uninstall removes exactly that."""
    return Path(prefix) / APP_ID / "installed.json"
