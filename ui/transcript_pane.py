"""The transcript of the frame on screen: editable markup in colour, or the reading text.

Diplomatic shows the markup itself (every deletion and insertion as on the page),
highlighted as it is typed (ui/highlighter.py) but still plain text to edit.  Reading
shows the text as its author finally meant it (deletions dropped, insertions taken in),
read-only; it is made off the GUI thread, and the cursor keeps its place in the text
when the user switches between the two.
"""
from __future__ import annotations

import html
from bisect import bisect_right

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QKeySequence, QPainter, QTextCharFormat,
                           QTextCursor, QTextOption)
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QPlainTextEdit, QStackedWidget, QToolTip,
                               QTextEdit, QToolButton, QVBoxLayout, QWidget)

from transcript.markup import utf16_len
from transcript.reading import MappedText, reading_text
from transcript.styles import STYLES

from .highlighter import STAMP_LINE, STAMP_START, MarkupHighlighter
from .tasks import TaskRunner

# The legend: a sample word in each style, in the order a historian looks for them.
LEGEND = (
    ("deletion", "deleted"), ("insertion", "inserted"), ("correction", "correction"),
    ("stamp", "☒ stamp"), ("classification", "SECRET"), ("classification_struck", "SECRET"),
    ("xout", "XXXX"), ("redaction", "redacted"), ("header", "01117"),
    ("unclear", "[unclear?]"), ("frame_marker", "frame marker"),
)
FLASH_COLOR = "#ffe08a"      # the span a panel jumped to, until the next edit
READING_DELAY_MS = 150       # the reading text follows edits once typing pauses


def _legend_chip(key: str, sample: str) -> str:
    st = STYLES[key]
    css = [f"color:{st.color}"]
    if st.background:
        css.append(f"background-color:{st.background}")
    if st.strike:
        css.append("text-decoration:line-through")
    if st.bold:
        css.append("font-weight:bold")
    if st.italic:
        css.append("font-style:italic")
    word = html.escape(sample)
    if st.raised:
        word = f"<sup>{word}</sup>"
    return f'<span style="{";".join(css)}">&nbsp;{word}&nbsp;</span>'


def legend_html() -> str:
    return "&nbsp; ".join(_legend_chip(k, s) for k, s in LEGEND)


def legend_tooltip() -> str:
    rows = "".join(f"<tr><td>{_legend_chip(k, s)}</td><td>{html.escape(STYLES[k].label)}</td></tr>"
                   for k, s in LEGEND)
    return f"<b>Colours of the transcript</b><table cellspacing=2>{rows}</table>"


def to_qt(text: str, offset: int) -> int:
    """A Python offset in TEXT as a Qt cursor position (Qt counts UTF-16 units; they
    differ only after a character outside the Basic Multilingual Plane)."""
    return offset if text.isascii() else utf16_len(text[:offset])


def from_qt(text: str, position: int) -> int:
    """A Qt cursor position in TEXT as a Python offset."""
    if text.isascii() or utf16_len(text) == len(text):
        return position
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def reading_offset(mapped: MappedText, source: int) -> int:
    """Where markup offset SOURCE lands in the reading text (the inverse of
    ``MappedText.source_offset``): a dropped deletion maps to where it was."""
    runs = mapped.runs
    if not runs:
        return 0
    k = bisect_right([r.src_start for r in runs], source) - 1
    if k < 0:
        return 0
    r = runs[k]
    if source >= r.src_end:
        return r.out_end
    if r.out_end - r.out_start == r.src_end - r.src_start:
        return r.out_start + (source - r.src_start)
    return r.out_start


class TranscriptEditor(QPlainTextEdit):
    """The markup editor: paints each review stamp as one tinted card across the whole
    width (character formats alone tint only the characters), flashes a span that a
    panel jumped to, and underlines with a wave the markup a check queries (markup the
    scan does not bear out), saying why on hover."""

    QUERY_COLOR = QColor(STYLES["unconfirmed"].color)

    def __init__(self, parent=None):
        super().__init__(parent)
        stamp = STYLES["stamp"]
        self._tint = QColor(stamp.background)
        self._edge = QColor(stamp.color)
        self._flash: list[QTextEdit.ExtraSelection] = []
        self._queries: list[tuple[int, int, str]] = []     # Qt positions, and why
        self.textChanged.connect(self._text_changed)

    def _text_changed(self) -> None:
        # the offsets are stale after an edit; whoever queried them queries again
        self._flash, self._queries = [], []
        self._apply()

    def _apply(self) -> None:
        if self._queries or self._flash or self.extraSelections():
            self.setExtraSelections(self._query_selections() + self._flash)

    def _query_selections(self) -> list[QTextEdit.ExtraSelection]:
        out = []
        for start, end, _ in self._queries:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = QTextCursor(self.document())
            sel.cursor.setPosition(start)
            sel.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(self.QUERY_COLOR)
            sel.format = fmt
            out.append(sel)
        return out

    def set_queries(self, spans: list[tuple[int, int, str]]) -> None:
        """Underline SPANS (start, end: Python offsets in the text; why: the hover)."""
        text = self.toPlainText()
        self._queries = [(to_qt(text, s), to_qt(text, e), why) for s, e, why in spans]
        self._apply()

    def query_at(self, position: int) -> str | None:
        """Why the markup at Qt POSITION is queried, if it is."""
        return next((why for s, e, why in self._queries if s <= position < e), None)

    def viewportEvent(self, event) -> bool:
        # the text's hovers come to the viewport (a scroll area's), in its coordinates
        if event.type() == QEvent.Type.ToolTip:
            why = self.query_at(self.cursorForPosition(event.pos()).position())
            if why:
                QToolTip.showText(event.globalPos(), why, self.viewport())
                return True
        return super().viewportEvent(event)

    def paintEvent(self, event) -> None:
        cards = self._stamp_rows(event.rect().bottom())
        if cards:
            painter = QPainter(self.viewport())
            for rect, _ in cards:
                painter.fillRect(rect, self._tint)
            painter.end()
        super().paintEvent(event)
        if cards:
            # the edges on top of the text layer, whose character tint would hide them
            painter = QPainter(self.viewport())
            for rect, starts in cards:
                painter.fillRect(QRect(0, rect.top(), 3, rect.height()), self._edge)
                if starts:
                    painter.fillRect(QRect(0, rect.top(), rect.width(), 1), self._edge)
            painter.end()

    def _stamp_rows(self, bottom: int) -> list[tuple[QRect, bool]]:
        """(rectangle, opens a stamp) of every visible line of a stamp block."""
        rows = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        width = self.viewport().width()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > bottom:
                break
            state = block.userState()
            if state > 0 and (state & STAMP_LINE or self._blank_inside_stamp(block)):
                rows.append((QRect(0, int(geo.top()), width, int(geo.height()) + 1),
                             bool(state & STAMP_START)))
            block = block.next()
        return rows

    @staticmethod
    def _blank_inside_stamp(block) -> bool:
        """A blank line between two lines of the same stamp block belongs to the card."""
        if block.text().strip():
            return False
        prev = block.previous()
        if not prev.isValid() or prev.userState() <= 0 or not (prev.userState() & STAMP_LINE
                                                               or not prev.text().strip()):
            return False
        nxt = block.next()
        for _ in range(4):           # a stamp's fields are a few blank lines apart at most
            if not nxt.isValid():
                return False
            if nxt.text().strip():
                s = nxt.userState()
                return s > 0 and bool(s & STAMP_LINE) and not (s & STAMP_START)
            nxt = nxt.next()
        return False

    def flash(self, start: int, end: int) -> None:
        """Select START..END (Python offsets in the text) and tint it until the next edit."""
        text = self.toPlainText()
        start, end = (max(0, min(len(text), x)) for x in (start, end))
        cursor = self.textCursor()
        cursor.setPosition(to_qt(text, start))
        cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = QTextCursor(cursor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(FLASH_COLOR))
        sel.format = fmt
        self._flash = [sel]
        self._apply()
        self.centerCursor()

    def clear_flash(self) -> None:
        self._flash = []
        self._apply()


class TranscriptPane(QWidget):
    """Shows one frame's transcript; emits edited(frame, text) as the user types."""

    edited = Signal(int, str)
    readingShown = Signal(bool)     # the Reading text is on screen (False: the markup)
    readingReady = Signal()         # the reading text of the current text is shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("transcriptPane")
        self.frame = 0
        self.header = QLabel()
        self.header.setObjectName("transcriptHeader")
        self.header.setWordWrap(True)
        self.editor = TranscriptEditor()
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

        self.reading = QPlainTextEdit()
        self.reading.setObjectName("readingText")
        self.reading.setAccessibleName("Reading text")
        self.reading.setReadOnly(True)
        self.reading.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        reading_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        reading_font.setPointSizeF(max(10.5, reading_font.pointSizeF() + 0.5))
        self.reading.setFont(reading_font)
        self.reading.setPlaceholderText("No transcript for this frame.")
        self._mapped: MappedText | None = None
        self._reading_for: str | None = None      # the markup the reading view shows
        self._reading_generation = 0
        self._pending_source: int | None = None   # cursor to place once the text arrives
        self._reader = TaskRunner(self)           # private: no status-bar flicker per keystroke
        self._reading_timer = QTimer(self, singleShot=True, interval=READING_DELAY_MS)
        self._reading_timer.timeout.connect(self._update_reading)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.reading)

        self.diplomatic_button = self._mode_button("Diplomatic", "Show the markup: every deletion and "
                                                   "insertion as on the page (editable)")
        self.reading_button = self._mode_button("Reading", "Show the text as its author meant it: "
                                                "deletions dropped, insertions taken in (read-only)")
        self.diplomatic_button.setChecked(True)
        self.mode = QButtonGroup(self)
        self.mode.setExclusive(True)
        self.mode.addButton(self.diplomatic_button, 0)
        self.mode.addButton(self.reading_button, 1)
        self.mode.idToggled.connect(lambda i, on: on and self._mode_changed(i))

        self.legend = QLabel(legend_html())
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setToolTip(legend_tooltip())
        self.legend.setAccessibleName("Legend of the transcript colours")
        small = self.legend.font()
        small.setPointSizeF(max(8.0, small.pointSizeF() - 1))
        self.legend.setFont(small)

        top = QHBoxLayout()
        top.setSpacing(0)
        top.addWidget(self.header, 1)
        top.addWidget(self.diplomatic_button)
        top.addWidget(self.reading_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addLayout(top)          # features insert their rows below it (index 1…)
        layout.addWidget(self.stack)
        layout.addWidget(self.legend)
        self.editor.textChanged.connect(self._on_changed)
        self._loading = False
        self._emitted: str | None = None

    def _mode_button(self, text: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setCheckable(True)
        b.setAutoRaise(False)
        b.setToolTip(tip)
        b.setAccessibleName(f"{text} text")
        b.setObjectName(f"{text.lower()}Mode")
        return b

    # -- Diplomatic | Reading --------------------------------------------------------------
    @property
    def is_reading(self) -> bool:
        return self.stack.currentWidget() is self.reading

    def show_reading(self, on: bool) -> None:
        (self.reading_button if on else self.diplomatic_button).setChecked(True)

    def _mode_changed(self, index: int) -> None:
        if index == 1:
            self._pending_source = from_qt(self.editor.toPlainText(), self.editor.textCursor().position())
            self.stack.setCurrentWidget(self.reading)
            if self._reading_for == self.editor.toPlainText():
                self._place_reading_cursor()
            else:
                self._update_reading()
        else:
            if self._mapped is not None and self._reading_for == self.editor.toPlainText():
                out = from_qt(self._mapped.text, self.reading.textCursor().position())
                source = min(self._mapped.source_offset(out), len(self._reading_for))
                cursor = self.editor.textCursor()
                cursor.setPosition(to_qt(self._reading_for, source))
                self.editor.setTextCursor(cursor)
                self.editor.centerCursor()
            self.stack.setCurrentWidget(self.editor)
        self.readingShown.emit(index == 1)

    def _update_reading(self) -> None:
        """Make the reading text of the markup on screen, off the GUI thread (a long
        transcript takes a while); a newer request makes older results stale."""
        self._reading_timer.stop()
        text = self.editor.toPlainText()
        if text == self._reading_for:
            return
        self._reading_generation += 1
        generation = self._reading_generation
        self._reader.run("Reading text", lambda ctx: reading_text(text), cancellable=False,
                         on_done=lambda mapped: self._reading_done(generation, text, mapped))

    def _reading_done(self, generation: int, text: str, mapped: MappedText) -> None:
        if generation != self._reading_generation:
            return
        self._mapped, self._reading_for = mapped, text
        self.reading.setPlainText(mapped.text)
        self._place_reading_cursor()
        self.readingReady.emit()

    def _place_reading_cursor(self) -> None:
        if self._pending_source is None or self._mapped is None:
            return
        cursor = self.reading.textCursor()
        out = min(reading_offset(self._mapped, self._pending_source), len(self._mapped.text))
        cursor.setPosition(to_qt(self._mapped.text, out))
        self.reading.setTextCursor(cursor)
        self.reading.centerCursor()
        self._pending_source = None

    # -- the text --------------------------------------------------------------------------
    def show_text(self, frame: int, text: str, note: str = "") -> None:
        self.frame = frame
        self._emitted = None
        # A transcript without frame markers is the same text on every frame: keep it
        # (and the place the user was reading) rather than lay out and highlight it anew.
        if text != self.editor.toPlainText():
            self._loading = True
            self.editor.setPlainText(text)
            self._loading = False
            if self.is_reading:
                self._pending_source = 0
                self._update_reading()
        label = f"<b>Transcript</b> · frame {frame}" if frame else "<b>Transcript</b>"
        self.header.setText(label + (f" · <i>{html.escape(note)}</i>" if note else ""))

    def update_text(self, text: str) -> None:
        """Replace the text after an undo or redo, keeping the cursor near where it was."""
        if text == self._emitted:
            return      # our own keystroke coming back from the session: nothing to do
        if text == self.editor.toPlainText():
            return
        self._emitted = None
        position = self.editor.textCursor().position()
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)
        if self.is_reading:
            self._reading_timer.start()

    def select_span(self, start: int, end: int) -> None:
        """Show the markup with START..END (offsets in the text on screen) selected and
        tinted, scrolled into view: where a panel's entry is in the transcript."""
        self.show_reading(False)
        self.editor.flash(start, end)

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
            if self.is_reading:
                self._reading_timer.start()
            # kept so that the session's echo of this very text is known without
            # comparing the whole transcript again (a 2 MB text costs ms to copy)
            self._emitted = self.editor.toPlainText()
            self.edited.emit(self.frame, self._emitted)
