"""The transcript of the frame on screen, as editable markup."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QTextOption
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QStackedWidget, QTabBar, QVBoxLayout,
                               QWidget)

from transcript.reading import reading_text
from transcript.styles import STYLES

from .highlighter import MarkupHighlighter

LEGEND = ("deletion", "insertion", "stamp", "checkbox_ticked", "classification", "xout", "redaction", "header")


def _legend_html() -> str:
    items = []
    for key in LEGEND:
        st = STYLES[key]
        bg = st.background or "transparent"
        deco = "line-through" if st.strike else "none"
        items.append(f'<span style="color:{st.color}; background:{bg}; text-decoration:{deco}">&nbsp;{st.label.split(" (")[0]}&nbsp;</span>')
    return '<small>' + ' '.join(items) + '</small>'


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
        self.highlighter = MarkupHighlighter(self.editor.document())
        # Diplomatic (the markup, editable) or Reading (the text as its author meant it)
        self.reading = QPlainTextEdit()
        self.reading.setObjectName("readingText")
        self.reading.setAccessibleName("Reading text")
        self.reading.setReadOnly(True)
        self.reading.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.reading)
        self.mode = QTabBar()
        self.mode.setObjectName("transcriptMode")
        self.mode.setAccessibleName("Diplomatic or reading text")
        self.mode.addTab("Diplomatic")
        self.mode.addTab("Reading")
        self.mode.setDrawBase(False)
        self.mode.currentChanged.connect(self._mode_changed)
        self.legend = QLabel(_legend_html())
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Legend of the transcript colours")
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.mode)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.stack)
        layout.addWidget(self.legend)
        self.editor.textChanged.connect(self._on_changed)
        self._loading = False

    def show_reading(self, on: bool) -> None:
        self.mode.setCurrentIndex(1 if on else 0)

    def _mode_changed(self, index: int) -> None:
        if index == 1:
            self._update_reading()
        self.stack.setCurrentIndex(index)

    def _update_reading(self) -> None:
        self.reading.setPlainText(reading_text(self.editor.toPlainText()).text)

    def show_text(self, frame: int, text: str, note: str = "") -> None:
        self.frame = frame
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        if self.mode.currentIndex() == 1:
            self._update_reading()
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
            if self.mode.currentIndex() == 1:
                self._update_reading()
            self.edited.emit(self.frame, self.editor.toPlainText())
