"""Corrections: every change made on the page by hand or typewriter, frame by frame.

A replacement (a deletion with its insertion) reads "before -> after"; a deletion or an
insertion standing alone has an empty side.  A click shows the frame with the span
selected in the transcript.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QTreeWidget, QTreeWidgetItem

from transcript.styles import STYLES

from .base import SPAN_ROLE, TranscriptPanel

FILTERS = (("All changes", None), ("Replacements", "pair"), ("Deletions only", "deletion"),
           ("Insertions only", "insertion"))
CONTEXT = 60      # characters of the line either side, in the tooltip


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


class CorrectionsPanel(TranscriptPanel):
    TITLE = "Corrections"
    COLUMNS = ("Frame", "Before", "", "After")

    def build(self) -> None:
        row = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show which corrections")
        for label, kind in FILTERS:
            self.filter.addItem(label, kind)
        self.this_frame = QCheckBox("This frame only")
        self.this_frame.setAccessibleName("Show only the corrections of the frame on screen")
        row.addWidget(self.filter)
        row.addWidget(self.this_frame)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.tree = self.make_tree(self.COLUMNS)
        self.tree.setRootIsDecorated(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(col, mode)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.this_frame.toggled.connect(self._apply_filter)
        self._deleted_brush = QBrush(QColor(STYLES["deletion"].color))
        self._inserted_brush = QBrush(QColor(STYLES["insertion"].color))
        self._current = 0

    def show_report(self, report) -> None:
        a = report.analysis
        self.tree.clear()
        src = a.transcript.source
        items = []
        for c in a.changes:
            before = c.deleted if c.kind != "insertion" else ""
            after = c.inserted if c.kind != "deletion" else ""
            arrow = "→" if c.kind == "pair" else ("struck" if c.kind == "deletion" else "added")
            item = QTreeWidgetItem(["" if c.frame is None else str(c.frame), before, arrow, after])
            item.setData(0, SPAN_ROLE, (c.start, c.end))
            item.setData(1, SPAN_ROLE, c.kind)
            item.setData(2, SPAN_ROLE, c.frame)
            font = item.font(1)
            font.setStrikeOut(True)
            item.setFont(1, font)
            item.setForeground(1, self._deleted_brush)
            item.setForeground(3, self._inserted_brush)
            item.setForeground(2, QBrush(QColor("#7f8c8d")))
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(1, _context(src, c.start, c.end))
            item.setToolTip(3, item.toolTip(1))
            items.append(item)
        self.tree.addTopLevelItems(items)
        pairs = sum(c.kind == "pair" for c in a.changes)
        dels = sum(c.kind == "deletion" for c in a.changes)
        ins = sum(c.kind == "insertion" for c in a.changes)
        if a.changes:
            self.summary.setText(
                f"<b>{_plural(len(a.changes), 'correction')}</b>: {_plural(pairs, 'replacement')} "
                f"(struck word with its insertion), {_plural(dels, 'deletion')} and "
                f"{_plural(ins, 'insertion')} standing alone. Click one to see it in the transcript.")
        else:
            self.summary.setText("No corrections: the transcript marks no struck (<code>~~…~~</code>) "
                                 "or inserted (<code>&lt;sup&gt;…&lt;/sup&gt;</code>) words.")
        self._apply_filter()

    def follow_frame(self, frame: int) -> None:
        """Corrections on the frame on screen are shown in bold."""
        self._current = frame
        first = None
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            here = item.data(2, SPAN_ROLE) == frame
            if here and first is None:
                first = item
            if item.font(0).bold() != here:
                for col in (0, 1, 3):
                    font = QFont(item.font(col))
                    font.setBold(here)
                    item.setFont(col, font)
        if self.this_frame.isChecked():
            self._apply_filter()
        if first is not None:
            self.tree.scrollToItem(first, QTreeWidget.ScrollHint.PositionAtTop)

    def _apply_filter(self) -> None:
        kind = self.filter.currentData()
        only = self._current if self.this_frame.isChecked() else None
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hide = (kind is not None and item.data(1, SPAN_ROLE) != kind) or \
                (only is not None and item.data(2, SPAN_ROLE) != only)
            item.setHidden(hide)

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(frame, before, after) of the rows shown, for tests and copying."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if not item.isHidden():
                out.append((item.text(0), item.text(1), item.text(3)))
        return out


def _context(src: str, start: int, end: int) -> str:
    """The line around a correction, for a tooltip."""
    a = max(src.rfind("\n", 0, start) + 1, start - CONTEXT)
    b = src.find("\n", end)
    b = min(b if b >= 0 else len(src), end + CONTEXT)
    return ("…" if a > 0 and src[a - 1] != "\n" else "") + src[a:b] + \
        ("…" if b < len(src) and src[b] != "\n" else "")
