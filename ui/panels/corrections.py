"""Corrections: every change made on the page by hand or typewriter, frame by frame.

A replacement (a deletion with its insertion) reads "before -> after"; a deletion or an
insertion standing alone has an empty side.  A click shows the frame with the span
selected in the transcript.

A reel's transcript can hold thousands of corrections and the list is refreshed after
every pause in typing, so it is a model the view reads lazily (only the rows on
screen are ever asked for), and a refresh that changes no row's content swaps the
records without resetting the view.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QTreeView

from transcript.report import CorrectionRecord
from transcript.styles import STYLES

from .base import TranscriptPanel

FILTERS = (("All changes", None), ("Replacements", "pair"), ("Deletions only", "deletion"),
           ("Insertions only", "insertion"))
CONTEXT = 60      # characters of the line either side, in the tooltip
FRAME, BEFORE, KIND, AFTER = range(4)
KIND_LABELS = {"pair": "→", "deletion": "struck", "insertion": "added"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _context(src: str, start: int, end: int) -> str:
    """The line around a correction, for a tooltip."""
    a = max(src.rfind("\n", 0, start) + 1, start - CONTEXT)
    b = src.find("\n", end)
    b = min(b if b >= 0 else len(src), end + CONTEXT)
    return ("…" if a > 0 and src[a - 1] != "\n" else "") + src[a:b] + \
        ("…" if b < len(src) and src[b] != "\n" else "")


class CorrectionsModel(QAbstractTableModel):
    HEADERS = ("Frame", "Before", "", "After")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[CorrectionRecord] = []
        self._rows: list[CorrectionRecord] = []
        self._key: list[tuple] = []
        self._src = ""
        self.kind: str | None = None
        self.only_frame: int | None = None
        self.current_frame = 0
        self._brushes = {BEFORE: QBrush(QColor(STYLES["deletion"].color)),
                         AFTER: QBrush(QColor(STYLES["insertion"].color)),
                         KIND: QBrush(QColor("#7f8c8d"))}

    # -- content ---------------------------------------------------------------------------
    def set_records(self, records: list[CorrectionRecord], source: str) -> bool:
        """Show RECORDS; True when the rows changed (the view was reset)."""
        key = [(c.frame, c.kind, c.deleted, c.inserted) for c in records]
        self._src = source
        if key == self._key:
            # Same rows (typing elsewhere only moved their offsets): no reset, so the
            # view keeps its scroll position, selection and current row.
            self._all = records
            self._rows = self._filtered()
            return False
        self.beginResetModel()
        self._all, self._key = records, key
        self._rows = self._filtered()
        self.endResetModel()
        return True

    def set_filter(self, kind: str | None, only_frame: int | None) -> None:
        if (kind, only_frame) == (self.kind, self.only_frame):
            return
        self.beginResetModel()
        self.kind, self.only_frame = kind, only_frame
        self._rows = self._filtered()
        self.endResetModel()

    def set_current_frame(self, frame: int) -> None:
        self.current_frame = frame
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, AFTER),
                                  [Qt.ItemDataRole.FontRole])

    def _filtered(self) -> list[CorrectionRecord]:
        return [c for c in self._all
                if (self.kind is None or c.kind == self.kind)
                and (self.only_frame is None or c.frame == self.only_frame)]

    def record(self, row: int) -> CorrectionRecord:
        return self._rows[row]

    def records(self) -> list[CorrectionRecord]:
        return list(self._rows)

    def first_row_of_frame(self, frame: int) -> int | None:
        return next((i for i, c in enumerate(self._rows) if c.frame == frame), None)

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == FRAME:
                return "" if c.frame is None else str(c.frame)
            if col == BEFORE:
                return c.deleted if c.kind != "insertion" else ""
            if col == KIND:
                return KIND_LABELS.get(c.kind, "")
            return c.inserted if c.kind != "deletion" else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes.get(col)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(col == BEFORE)
            font.setBold(c.frame == self.current_frame and col != KIND)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == FRAME:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == KIND:
                return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (BEFORE, AFTER):
            return _context(self._src, c.start, c.end)
        return None


class CorrectionsPanel(TranscriptPanel):
    TITLE = "Corrections"

    def build(self) -> None:
        self._followed: int | None = None
        row = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show which corrections")
        self.filter.view().setAccessibleName("Kinds of correction")
        for label, kind in FILTERS:
            self.filter.addItem(label, kind)
        self.this_frame = QCheckBox("This frame only")
        self.this_frame.setAccessibleName("Show only the corrections of the frame on screen")
        row.addWidget(self.filter)
        row.addWidget(self.this_frame)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.table = CorrectionsModel(self)
        self.view = QTreeView()
        self.view.setObjectName("correctionsList")
        self.view.setAccessibleName("Corrections")
        self.view.setModel(self.table)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.view.header()
        header.setStretchLastSection(False)
        # Fixed widths for the narrow columns: sizing them to their contents would make
        # the view read every row after each refresh, thousands on a long reel.
        fm = self.view.fontMetrics()
        pad = 3 * fm.horizontalAdvance(" ")
        for col, mode, sample in ((FRAME, QHeaderView.ResizeMode.Fixed, "Frame"),
                                  (BEFORE, QHeaderView.ResizeMode.Stretch, None),
                                  (KIND, QHeaderView.ResizeMode.Fixed, "struck"),
                                  (AFTER, QHeaderView.ResizeMode.Stretch, None)):
            header.setSectionResizeMode(col, mode)
            if sample:
                header.resizeSection(col, fm.horizontalAdvance(sample) + pad)
        self.view.clicked.connect(self._row_activated)
        self.view.activated.connect(self._row_activated)
        self.layout_.addWidget(self.view, 1)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.this_frame.toggled.connect(self._apply_filter)

    def show_report(self, report) -> None:
        changes = report.changes
        if self.table.set_records(changes, report.source):
            self._followed = None          # the view was reset: find the frame's rows again
        n = {k: sum(c.kind == k for c in changes) for k in KIND_LABELS}
        if changes:
            self.summary.setText(
                f"<b>{_plural(len(changes), 'correction')}</b>: {_plural(n['pair'], 'replacement')} "
                f"(struck word with its insertion), {_plural(n['deletion'], 'deletion')} and "
                f"{_plural(n['insertion'], 'insertion')} standing alone. Click one to see it in the transcript.")
        else:
            self.summary.setText("No corrections: the transcript marks no struck (<code>~~…~~</code>) "
                                 "or inserted (<code>&lt;sup&gt;…&lt;/sup&gt;</code>) words.")

    def follow_frame(self, frame: int) -> None:
        """Corrections on the frame on screen are in bold, and scrolled to."""
        self.table.set_current_frame(frame)
        self._apply_filter()
        if frame == self._followed:
            return                         # the user may have scrolled: leave the list be
        self._followed = frame
        row = self.table.first_row_of_frame(frame)
        if row is not None:
            self.view.scrollTo(self.table.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def _apply_filter(self) -> None:
        self.table.set_filter(self.filter.currentData(),
                              self.table.current_frame if self.this_frame.isChecked() else None)

    def _row_activated(self, index) -> None:
        if index.isValid():
            c = self.table.record(index.row())
            self.jump(c.start, c.end)

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(frame, before, after) of the rows listed, as shown."""
        m = self.table
        return [tuple(m.data(m.index(r, col)) for col in (FRAME, BEFORE, AFTER))
                for r in range(m.rowCount())]
