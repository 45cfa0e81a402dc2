"""Side panels (Documents, Corrections, Stamps, Notes, Bookmarks…) under the transcript.

Each panel is a QWidget class with a TITLE, built as Panel(window) — it reads the
window's session (and later library) and listens to their signals; it never reaches into
another widget's controls. To add a panel, add its class to PANELS.
"""
from __future__ import annotations

from .annotations import BookmarksPanel, NotesPanel
from .corrections import CorrectionsPanel
from .documents import DocumentsPanel
from .stamps import StampsPanel

PANELS: list[type] = [DocumentsPanel, CorrectionsPanel, StampsPanel, NotesPanel, BookmarksPanel]


def install_panels(window) -> list:
    panels = [cls(window) for cls in PANELS]
    for panel in panels:
        window.panels.addTab(panel, panel.TITLE)
    window.panels.setVisible(bool(panels))
    return panels
