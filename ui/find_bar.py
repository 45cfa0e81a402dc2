"""Find in the transcript of the frame on screen (Ctrl+F), as in any editor."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor = editor
        # Set by ui/features/search_hits.py: scan_hits(backward, step) -> how many hits the
        # scan has (stepping to the next or previous one), asked when the transcript has none.
        self.scan_hits = None
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this frame's transcript")
        self.field.setAccessibleName("Find text")
        self.field.setClearButtonEnabled(True)
        self.case = QCheckBox("Match case")
        self.case.setAccessibleName("Match case")
        self.status = QLabel()
        self.previous = QToolButton(text="↑", toolTip="Previous match (Shift+Enter)")
        self.previous.setAccessibleName("Previous match")
        self.next = QToolButton(text="↓", toolTip="Next match (Enter)")
        self.next.setAccessibleName("Next match")
        close = QToolButton(text="✕", toolTip="Close (Esc)")
        close.setAccessibleName("Close find bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        for w in (self.field, self.previous, self.next, self.case, self.status, close):
            layout.addWidget(w)
        layout.setStretch(0, 1)
        self.field.textChanged.connect(lambda: self.find(from_start=True))
        self.field.returnPressed.connect(self.find)
        self.next.clicked.connect(self.find)
        self.previous.clicked.connect(lambda: self.find(backward=True))
        close.clicked.connect(self.dismiss)
        self.field.installEventFilter(self)   # Shift+Enter in the field: the line edit takes any Enter
        self.hide()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.field and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find(backward=True)
            return True
        return super().eventFilter(obj, event)

    def open(self) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def dismiss(self) -> None:
        self.hide()
        self.editor.setFocus()
        self.closed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find(backward=True)
        else:
            super().keyPressEvent(event)

    def find(self, backward: bool = False, from_start: bool = False) -> bool:
        text = self.field.text()
        if not text:
            self.status.setText("")
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if from_start:
            cursor = self.editor.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.editor.setTextCursor(cursor)
        found = self.editor.find(text, flags)
        if not found:  # wrap round
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
            found = self.editor.find(text, flags)
        hits = 0 if found or self.scan_hits is None else self.scan_hits(backward, not from_start)
        self.status.setText("" if found else f"Not in the transcript; {hits} on the scan" if hits else "Not found")
        return found
