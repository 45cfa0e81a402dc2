"""Help > Keyboard Shortcuts: every shortcut, grouped by menu, with a filter.

Generated from the menus themselves (ui/actions.shortcut_sections), so an action a panel
adds shows up here without anyone updating a list.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from .accessibility import name_controls
from .actions import shortcut_sections


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcutsDialog")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: type part of an action or a key")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        bold = self.tree.font()
        bold.setBold(True)
        # every action the window owns, panels' included (MainWindow.actions is a dict)
        for section, rows in shortcut_sections(window.menuBar(), window.findChildren(QAction)):
            group = QTreeWidgetItem(self.tree, [section])
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, keys in rows:
                row = QTreeWidgetItem(group, [text.rstrip("…"), keys])
                row.setToolTip(1, keys)
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(620, 660)
        name_controls(self)

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                row = group.child(j)
                hit = not text or text in row.text(0).lower() or text in row.text(1).lower()
                row.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, action, keys) of every row shown: for tests."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                row = group.child(j)
                if not row.isHidden() and not group.isHidden():
                    out.append((group.text(0), row.text(0), row.text(1)))
        return out
