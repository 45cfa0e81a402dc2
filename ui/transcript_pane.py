"""The transcript of the frame on screen, as editable markup."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QTextOption
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class TranscriptPane(QWidget):
    """Shows one frame's transcript; emits edited(frame, text) as the user types."""

    edited = Signal(int, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("transcriptPane")
        self.frame = 0
        self.header = QLabel()
        self.header.setObjectName("transcriptHeader")
        self.header.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("transcriptEditor")
        self.editor.setAccessibleName("Transcript")
        self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(10.0, font.pointSizeF()))
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.editor.setFont(font)
        self.editor.setPlaceholderText("No transcript for this frame yet. Type one here.")
        # The window's undo stack spans all frames (ui/edits.py); the editor's own
        # per-document undo would fight it, so it is off and Ctrl+Z goes to the window.
        self.editor.setUndoRedoEnabled(False)
        self.editor.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.editor)
        self.editor.textChanged.connect(self._on_changed)
        self._loading = False

    def show_text(self, frame: int, text: str, note: str = "") -> None:
        self.frame = frame
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self.header.setText(f"<b>Transcript</b> · frame {frame}" + (f" · <i>{note}</i>" if note else ""))

    def update_text(self, text: str) -> None:
        """Replace the text after an undo or redo, keeping the cursor near where it was."""
        if text == self.editor.toPlainText():
            return
        position = self.editor.textCursor().position()
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.editor and event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()     # not the editor's: let the window's Undo/Redo actions fire
            return True
        return super().eventFilter(obj, event)

    def text(self) -> str:
        return self.editor.toPlainText()

    def _on_changed(self) -> None:
        if not self._loading and self.frame:
            self.edited.emit(self.frame, self.editor.toPlainText())
