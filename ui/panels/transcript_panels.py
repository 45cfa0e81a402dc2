"""Documents, Corrections and Stamps: the reel's transcript as lists a historian scans.

Each reads the shared ReportModel (one analysis for all three) and jumps to a frame and
selects the span in the transcript on a click.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from transcript.frames import split_frames


def report_model(window):
    if not hasattr(window, "report_model"):
        from ..report_model import ReportModel
        window.report_model = ReportModel(window)
    return window.report_model


def jump_to_span(window, start: int, end: int) -> None:
    """Show the frame holding whole-transcript offsets START..END and select them."""
    session = window.session
    text = session.whole_text()
    for piece in split_frames(text):
        if piece.frame and piece.text_start <= start <= piece.end:
            session.go_to(piece.frame)
            offset = piece.text_start
            break
    else:
        offset = 0
    editor = window.transcript.editor
    cursor = editor.textCursor()
    size = len(editor.toPlainText())
    cursor.setPosition(max(0, min(size, start - offset)))
    cursor.setPosition(max(0, min(size, end - offset)), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.centerCursor()


class _ListPanel(QWidget):
    TITLE = ""
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setObjectName(self.TITLE.lower() + "Panel")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.TITLE)
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        report_model(window).updated.connect(self.show_analysis)

    def _activated(self, item: QTreeWidgetItem) -> None:
        span = item.data(0, Qt.ItemDataRole.UserRole)
        if span:
            jump_to_span(self.window, *span)

    def _row(self, values, span) -> QTreeWidgetItem:
        item = QTreeWidgetItem([str(v) if v is not None else "" for v in values])
        item.setData(0, Qt.ItemDataRole.UserRole, span)
        self.tree.addTopLevelItem(item)
        return item


class DocumentsPanel(_ListPanel):
    TITLE = "Documents"
    COLUMNS = ("Frames", "ID / part", "Date", "Subject", "Classification")

    def show_analysis(self, analysis) -> None:
        self.tree.clear()
        docs = len(analysis.structure.documents)
        for part in analysis.structure.parts:
            frames = f"{part.frames[0]}–{part.frames[1]}" if part.frames and part.frames[0] != part.frames[1] \
                else (str(part.frames[0]) if part.frames else "")
            if part.kind == "document" and part.document is not None:
                d = part.document
                self._row((frames, d.id, d.date, d.subject, d.classification), (part.start, part.end))
            elif part.kind in ("title", "target", "finding_aid"):
                name = {"title": "title frame", "target": "target", "finding_aid": "finding aid"}[part.kind]
                title = (part.title or "")[:48] + ("…" if len(part.title or "") > 48 else "")
                item = self._row((frames, f"[{name}] {title}".strip(), "", "", ""), (part.start, part.end))
                item.setForeground(1, Qt.GlobalColor.darkGray)
        self.summary.setText(f"{docs} document{'s' * (docs != 1)} on this reel" if docs else
                             "No fiche headers (**ID** / **date**) found in the transcript.")
        for i in range(len(self.COLUMNS)):
            self.tree.resizeColumnToContents(i)


class CorrectionsPanel(_ListPanel):
    TITLE = "Corrections"
    COLUMNS = ("Frame", "Before", "After")

    def show_analysis(self, analysis) -> None:
        self.tree.clear()
        for c in analysis.changes:
            item = self._row((c.frame, c.deleted, c.inserted), (c.start, c.end))
            item.setForeground(1, Qt.GlobalColor.darkRed)
            item.setForeground(2, Qt.GlobalColor.darkBlue)
        pairs = len(analysis.corrections)
        self.summary.setText(f"{len(analysis.changes)} changes by hand or typewriter, {pairs} of them "
                             "a deletion with its replacement")


class StampsPanel(_ListPanel):
    TITLE = "Stamps"
    COLUMNS = ("Frame", "Stamp")

    def show_analysis(self, analysis) -> None:
        self.tree.clear()
        lines = []
        for st in analysis.stamps:
            who = st.office or st.agency or "Review"
            ticked = ", ".join(st.ticked) or "no decision ticked"
            empty = ", ".join(st.unticked)
            text = (f"{who} — {st.reviewer or 'reviewer not named'}, {st.date or 'undated'}\n"
                    f"Ticked: {ticked}\nLeft empty: {empty or '—'}"
                    + (f"\nCodes: {', '.join(st.codes)}" if st.codes else "")
                    + (f"\nAuthority: {st.authority}" if st.authority else ""))
            self._row((st.frame, text), (st.start, st.end))
            lines.append(f"<b>{st.date or 'undated'}</b>: {who}{' (' + st.reviewer + ')' if st.reviewer else ''}"
                         f" — {ticked}")
        self.summary.setText("<br>".join(lines) or "No review stamps in the transcript.")
        self.tree.setWordWrap(True)
        self.tree.resizeColumnToContents(0)
