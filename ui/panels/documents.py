"""Documents: what the reel holds, in reel order.

Each document (found from its fiche header, ``**01117**`` / ``**1962/11/08**``) with its
date, subject, classification and frames; a document that other frames interrupt (a
fiche's title and target frames between two of its pages) lists its parts beneath it.
The reel's title frames, targets and finding aids are rows of their own, marked as such.
The row of the frame on screen is selected as the user turns pages; a click shows the
part's first frame with its first line selected.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeWidgetItem

from transcript.structure import Document, Part
from transcript.styles import STYLES

from .base import SPAN_ROLE, TranscriptPanel, frames_label

KIND_NAMES = {"title": "Title frame", "target": "Target", "finding_aid": "Finding aid",
              "text": "Text"}
FRAMES_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_CHARS = 70


def _first_line(src: str, start: int) -> tuple[int, int]:
    end = src.find("\n", start)
    return start, (len(src) if end < 0 else end)


def _classification(d: Document) -> str:
    if not d.classification:
        return ""
    struck = [s for m, s in d.markings if m == d.classification]
    if struck and all(struck):
        return f"{d.classification} (struck through)"
    return d.classification


def _walk(items: list[QTreeWidgetItem]):
    for item in items:
        yield item
        yield from (item.child(j) for j in range(item.childCount()))


def _texts(item: QTreeWidgetItem) -> list:
    """What a row shows (with its children's rows and its frames)."""
    return [tuple(i.text(c) for c in range(i.columnCount())) + (str(i.data(0, FRAMES_ROLE)),)
            for i in _walk([item])]


class DocumentsPanel(TranscriptPanel):
    TITLE = "Documents"
    COLUMNS = ("Frames", "Document", "Date", "Classification", "Subject")

    def build(self) -> None:
        self.tree = self.make_tree(self.COLUMNS)
        self._other = QBrush(QColor(STYLES["frame_marker"].color).darker(130))
        self._class_brush = QBrush(QColor(STYLES["classification"].color))

    def show_report(self, report) -> None:
        structure = report.structure
        src = report.source
        rows: list[tuple[tuple, QTreeWidgetItem]] = []
        for d in structure.documents:
            item = self._document_item(d, src)
            rows.append((self._order(d.frames, d.start), item))
        for p in structure.parts:
            if p.kind in KIND_NAMES and p.kind != "text":
                rows.append((self._order(p.frames, p.start), self._part_item(p, src)))
        rows.sort(key=lambda r: r[0])
        items = [item for _, item in rows]
        self.summary.setText(self._summary(structure))
        shown = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        if [_texts(i) for i in items] == [_texts(i) for i in shown]:
            # the same rows (typing only moved them in the text): keep the view as it
            # is (scroll position, what is expanded) and take the new offsets
            for old, new in zip(_walk(shown), _walk(items)):
                old.setData(0, SPAN_ROLE, new.data(0, SPAN_ROLE))
            return
        self.tree.clear()
        self.tree.addTopLevelItems(items)
        self.tree.expandAll()
        for i in range(len(self.COLUMNS) - 1):
            self.tree.resizeColumnToContents(i)

    @staticmethod
    def _order(frames, start):
        return (frames[0] if frames else 0, start)

    def _document_item(self, d: Document, src: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([frames_label(d.frames), d.id, d.date or "", _classification(d),
                                d.subject or ""])
        bold = QFont(item.font(1))
        bold.setBold(True)
        item.setFont(1, bold)
        item.setForeground(3, self._class_brush)
        item.setData(0, SPAN_ROLE, _first_line(src, d.start))
        item.setData(0, FRAMES_ROLE, d.frames)
        item.setToolTip(1, f"Document {d.id}" + (f" of {d.date}" if d.date else "")
                        + (f": {d.subject}" if d.subject else ""))
        if len(d.parts) > 1:
            for n, p in enumerate(d.parts):
                child = QTreeWidgetItem([frames_label(p.frames),
                                         "first part" if n == 0 else "continued", "", "", ""])
                child.setData(0, SPAN_ROLE, _first_line(src, p.start))
                child.setData(0, FRAMES_ROLE, p.frames)
                child.setForeground(1, self._other)
                item.addChild(child)
        return item

    def _part_item(self, p: Part, src: str) -> QTreeWidgetItem:
        title = p.title or ""
        if len(title) > TITLE_CHARS:
            title = title[:TITLE_CHARS - 1] + "…"
        name = KIND_NAMES[p.kind]
        item = QTreeWidgetItem([frames_label(p.frames), name, "", "", title if title != "Target" else ""])
        italic = QFont(item.font(1))
        italic.setItalic(True)
        for col in (1, 4):
            item.setFont(col, italic)
        for col in range(len(self.COLUMNS)):
            item.setForeground(col, self._other)
        item.setData(0, SPAN_ROLE, _first_line(src, p.start))
        item.setData(0, FRAMES_ROLE, p.frames)
        item.setToolTip(1, f"{name} (not a document)")
        item.setToolTip(4, p.title or "")
        return item

    @staticmethod
    def _summary(structure) -> str:
        docs = structure.documents
        if not docs and not structure.non_document_parts():
            return ("No documents found: a document starts at its fiche header, the ID and "
                    "the date in bold on lines of their own (<code>**01117**</code> then "
                    "<code>**1962/11/08**</code>).")
        bits = [f"<b>{len(docs)} document{'s' * (len(docs) != 1)}</b>"]
        for kind in ("title", "target", "finding_aid"):
            parts = [p for p in structure.parts if p.kind == kind]
            if parts:
                where = ", ".join(frames_label(p.frames) for p in parts if p.frames)
                bits.append(KIND_NAMES[kind].lower() + (f" (frame{'s' * ('–' in where or ',' in where)} {where})"
                                                        if where else ""))
        return " · ".join(bits)

    def follow_frame(self, frame: int) -> None:
        """Select the row of the frame on screen (a part before its document)."""
        best = None
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for item in [top.child(j) for j in range(top.childCount())] + [top]:
                frames = item.data(0, FRAMES_ROLE)
                if frames and frames[0] <= frame <= frames[1]:
                    best = item
                    break
            if best is not None:
                break
        self.tree.blockSignals(True)
        if best is not None:
            self.tree.setCurrentItem(best)
            self.tree.scrollToItem(best)
        else:
            self.tree.clearSelection()
        self.tree.blockSignals(False)
