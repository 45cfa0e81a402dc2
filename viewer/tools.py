"""Interaction modes on the facsimile, as swappable tools (as gImageReader does).

PanTool drags the scan around; BoxTool draws a rectangle (for a note) and reports it in
frame pixels. The view hands its mouse events to the current tool.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsView


class PanTool(QObject):
    name = "pan"

    def activate(self, view: QGraphicsView) -> None:
        view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        view.viewport().unsetCursor()

    def press(self, view, event) -> bool:
        return False   # the view's own hand-drag does the work

    def move(self, view, event) -> bool:
        return False

    def release(self, view, event) -> bool:
        return False


class BoxTool(QObject):
    """Drag to draw a box; emits drawn(x0, y0, x1, y1) in frame pixels, clipped to the page."""

    name = "box"
    drawn = Signal(float, float, float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._start: QPointF | None = None
        self._rubber: QGraphicsRectItem | None = None

    def activate(self, view: QGraphicsView) -> None:
        view.setDragMode(QGraphicsView.DragMode.NoDrag)
        view.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def _page_point(self, view, event) -> QPointF:
        return view.overlay_parent().mapFromScene(view.mapToScene(event.position().toPoint()))

    def press(self, view, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self._start = self._page_point(view, event)
        self._rubber = QGraphicsRectItem(QRectF(self._start, self._start), view.overlay_parent())
        pen = QPen(QColor(0, 120, 215), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._rubber.setPen(pen)
        self._rubber.setZValue(30)
        return True

    def move(self, view, event) -> bool:
        if self._start is None:
            return False
        self._rubber.setRect(QRectF(self._start, self._page_point(view, event)).normalized())
        return True

    def release(self, view, event) -> bool:
        if self._start is None:
            return False
        rect = QRectF(self._start, self._page_point(view, event)).normalized() & view.frame_rect()
        if self._rubber.scene():
            self._rubber.scene().removeItem(self._rubber)
        self._start, self._rubber = None, None
        if rect.width() >= 4 and rect.height() >= 4:   # a click is not a box
            self.drawn.emit(rect.left(), rect.top(), rect.right(), rect.bottom())
        return True
