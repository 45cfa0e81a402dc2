"""Bookmarks and Notes panels: the user's own marks on the reel, from the library."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QInputDialog, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from viewer.overlays import Box, OverlayStyle

from .. import annotation_edits as edits


class _AnnotationPanel(QWidget):
    TITLE = ""
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.TITLE)
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.itemActivated.connect(self._jump)
        self.tree.itemClicked.connect(self._jump)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.buttons)
        layout.addWidget(self.tree)
        window.session.reelChanged.connect(self.refresh)
        window.session.frameChanged.connect(lambda _: self.refresh())

    def button(self, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(text)
        b.clicked.connect(slot)
        self.buttons.addWidget(b)
        return b

    def selected(self) -> dict | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _jump(self, item) -> None:
        record = item.data(0, Qt.ItemDataRole.UserRole)
        if record:
            self.window.session.go_to(record["frame"])

    def usable(self) -> bool:
        lib = self.window.library
        if lib is None or self.window.session.reel is None:
            return False
        if lib.readonly:
            self.window.status.showMessage("The library is read-only: bookmarks and notes cannot be added.", 8000)
            return False
        return True


class BookmarksPanel(_AnnotationPanel):
    TITLE = "Bookmarks"
    COLUMNS = ("Frame", "Label")

    def __init__(self, window):
        super().__init__(window)
        self.button("Add", self.add)
        self.button("Rename", self.rename)
        self.button("Delete", self.delete)
        self.buttons.addStretch(1)

    def refresh(self) -> None:
        self.tree.clear()
        w = self.window
        if w.library is None or w.session.reel is None:
            return
        for b in w.library.bookmarks(w.session.reel.fingerprint):
            item = QTreeWidgetItem([str(b["frame"]), b["label"]])
            item.setData(0, Qt.ItemDataRole.UserRole, b)
            self.tree.addTopLevelItem(item)

    def add(self, label: str | None = None) -> None:
        if not self.usable():
            return
        frame = self.window.session.frame
        if label is None:
            label, ok = QInputDialog.getText(self, "Add Bookmark", f"Label for frame {frame}:", text=f"Frame {frame}")
            if not ok:
                return
        edits.add_bookmark(self.window, frame, label, self.refresh)

    def rename(self) -> None:
        record = self.selected()
        if record and self.usable():
            label, ok = QInputDialog.getText(self, "Rename Bookmark", "Label:", text=record["label"])
            if ok:
                edits.rename_bookmark(self.window, record, label, self.refresh)

    def delete(self) -> None:
        record = self.selected()
        if record and self.usable():
            edits.delete_bookmark(self.window, record, self.refresh)


class NotesPanel(_AnnotationPanel):
    TITLE = "Notes"
    COLUMNS = ("Frame", "Note", "Tags")

    def __init__(self, window):
        super().__init__(window)
        self.whole_reel = QCheckBox("Whole reel")
        self.whole_reel.setAccessibleName("Show the notes of the whole reel")
        self.whole_reel.toggled.connect(lambda _: self.refresh())
        self.button("Edit", self.edit)
        self.button("Delete", self.delete)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.whole_reel)
        window.facsimile.overlays.styles["note"] = OverlayStyle(QColor("#d4ac0d"), fill_alpha=45, width=2.0)

    def refresh(self) -> None:
        self.tree.clear()
        w = self.window
        if w.library is None or w.session.reel is None:
            return
        fp = w.session.reel.fingerprint
        notes = w.library.notes(fp, None if self.whole_reel.isChecked() else w.session.frame)
        for n in notes:
            item = QTreeWidgetItem([str(n["frame"]), n["text"], ", ".join(n["tags"])])
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            item.setToolTip(1, n["text"])
            self.tree.addTopLevelItem(item)
        shown = [n for n in w.library.notes(fp, w.session.frame) if "rect" in (n["anchor"] or {})]
        w.facsimile.overlays.set_boxes("notes", [Box("note", tuple(n["anchor"]["rect"]), n["text"], payload=n)
                                                 for n in shown])

    def _jump(self, item) -> None:
        super()._jump(item)
        record = item.data(0, Qt.ItemDataRole.UserRole)
        if record and "rect" in (record["anchor"] or {}):
            self.window.facsimile.overlays.outline(tuple(record["anchor"]["rect"]))
            self.window.facsimile.scroll_to_box(tuple(record["anchor"]["rect"]))

    def ask_and_add(self, anchor: dict) -> None:
        if not self.usable():
            return
        text, ok = QInputDialog.getMultiLineText(self, "Add Note", "Note (end with #tags to tag it):")
        if ok and text.strip():
            body, tags = split_tags(text)
            edits.add_note(self.window, self.window.session.frame, body, anchor, tags, self.refresh)

    def edit(self) -> None:
        record = self.selected()
        if record and self.usable():
            text, ok = QInputDialog.getMultiLineText(self, "Edit Note", "Note:", record["text"] +
                                                     "".join(f" #{t}" for t in record["tags"]))
            if ok:
                body, tags = split_tags(text)
                edits.edit_note(self.window, record, body, tags, self.refresh)

    def delete(self) -> None:
        record = self.selected()
        if record and self.usable():
            edits.delete_note(self.window, record, self.refresh)


def split_tags(text: str) -> tuple[str, list[str]]:
    """'who wrote this? #hand #mccloy' -> ('who wrote this?', ['hand', 'mccloy'])."""
    words = text.split()
    tags = [w[1:] for w in words if w.startswith("#") and len(w) > 1]
    body = " ".join(w for w in words if not (w.startswith("#") and len(w) > 1)) if tags else text.strip()
    return body, tags
