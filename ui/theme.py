"""Light or dark, as the system says: the palette follows the desktop's colour scheme.

Qt takes the palette from the platform theme (KDE, GNOME through the portal). Where the
platform says "dark" but hands over a light palette (a bare X session, some GTK setups),
a dark Fusion palette is set; when the system turns light again, the style's own palette
comes back. REEL_READER_COLOR_SCHEME=dark|light overrides what the system says (for a
desktop that reports nothing, and for screenshots). Widgets take their colours from the
palette; nothing here hard-codes a light colour in a stylesheet.
"""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#e4e6e9",
    QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.AlternateBase: "#27292c",
    QPalette.ColorRole.ToolTipBase: "#3a3d41", QPalette.ColorRole.ToolTipText: "#e4e6e9",
    QPalette.ColorRole.PlaceholderText: "#8b8f96", QPalette.ColorRole.Text: "#e4e6e9",
    QPalette.ColorRole.Button: "#35373b", QPalette.ColorRole.ButtonText: "#e4e6e9",
    QPalette.ColorRole.BrightText: "#ff7b72", QPalette.ColorRole.Light: "#4b4e53",
    QPalette.ColorRole.Midlight: "#3f4246", QPalette.ColorRole.Mid: "#2f3134",
    QPalette.ColorRole.Dark: "#1a1b1d", QPalette.ColorRole.Shadow: "#0d0e0f",
    QPalette.ColorRole.Highlight: "#3b6fb6", QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#79b0ff", QPalette.ColorRole.LinkVisited: "#c29bff",
    QPalette.ColorRole.Accent: "#3b6fb6",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#7d8187", QPalette.ColorRole.Text: "#7d8187",
    QPalette.ColorRole.ButtonText: "#7d8187", QPalette.ColorRole.HighlightedText: "#b0b3b8",
    QPalette.ColorRole.Highlight: "#3a3d41",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when text is drawn light on dark: for colours that must read on the background."""
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def wanted_scheme(app: QApplication) -> Qt.ColorScheme:
    override = os.environ.get("REEL_READER_COLOR_SCHEME", "").strip().lower()
    if override == "dark":
        return Qt.ColorScheme.Dark
    if override == "light":
        return Qt.ColorScheme.Light
    return app.styleHints().colorScheme()


_light: dict[int, QPalette] = {}   # per application: the palette from before ours


def apply_color_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    ours = id(app) in _light
    if scheme == Qt.ColorScheme.Dark and not is_dark(app.palette()):
        _light[id(app)] = QPalette(app.palette())
        app.setPalette(dark_palette())
    elif scheme != Qt.ColorScheme.Dark and ours:
        app.setPalette(_light.pop(id(app)))   # the platform's own light palette again


def follow_system_theme(app: QApplication) -> None:
    if app.property("reelReaderFollowsTheme"):
        return
    app.setProperty("reelReaderFollowsTheme", True)
    apply_color_scheme(app, wanted_scheme(app))
    app.styleHints().colorSchemeChanged.connect(lambda _: apply_color_scheme(app, wanted_scheme(app)))
