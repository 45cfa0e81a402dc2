"""Accessible names for controls whose visible text says too little to a screen reader.

Toolbar buttons show short labels or symbols ("+", "⟲", "100%"); their accessible name is
the action's full menu text ("Zoom In", "Rotate Left", "Actual Size") and the status tip
their description. Qt's own helper buttons (toolbar and menu bar overflow) and tab bars get
names too. Run once the window is built; tests/test_desktop_a11y.py walks every window and
finds no interactive widget left without a name.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QLineEdit, QMenuBar, QTabWidget, QToolBar,
                               QToolButton)


def action_name(action) -> str:
    """The menu text of ACTION as a name: no mnemonic ampersands, no trailing ellipsis."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip()


def name_controls(window) -> None:
    """Name the terse and the Qt-made controls under WINDOW (a main window or a dialog)."""
    for bar in window.findChildren(QToolBar):
        for action in bar.actions():
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton) and action.text():
                button.setAccessibleName(action_name(action))
                if action.statusTip():
                    button.setAccessibleDescription(action.statusTip())
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None:
            extension.setAccessibleName(f"More of {bar.windowTitle() or 'the toolbar'}")
    for menubar in window.findChildren(QMenuBar):
        extension = menubar.findChild(QToolButton, "qt_menubar_ext_button")
        if extension is not None:
            extension.setAccessibleName("More menus")
    for edit in window.findChildren(QLineEdit):
        for button in edit.findChildren(QToolButton):   # the clear button Qt adds
            if not button.accessibleName():
                button.setAccessibleName(f"Clear {edit.accessibleName() or 'the field'}".strip())
    for view in window.findChildren(QAbstractItemView):
        for header in (getattr(view, "header", None), getattr(view, "horizontalHeader", None),
                       getattr(view, "verticalHeader", None)):
            header = header() if header else None
            if header is not None and not header.accessibleName():
                header.setAccessibleName(f"{view.accessibleName() or 'List'} columns")
    for tabs in window.findChildren(QTabWidget):
        if not tabs.accessibleName():
            tabs.setAccessibleName((tabs.objectName() or "Tabs").replace("_", " ").capitalize())
        tabs.tabBar().setAccessibleName(tabs.accessibleName())
