"""Boxes drawn over the scan: detected regions, word outlines, search hits, note boxes.

One OverlayLayer per facsimile. Each box has a kind (its colour and legend entry), a
tooltip, and a payload the caller gets back when the box is clicked. Kinds can be
toggled; boxes are in frame pixels at 300 dpi, so they sit on the page item as children.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem


@dataclass
class OverlayStyle:
    color: QColor
    fill_alpha: int = 40
    width: float = 2.5            # cosmetic pen width in screen pixels
    dashed: bool = False


@dataclass
class Box:
    kind: str
    rect: tuple[float, float, float, float]   # x0, y0, x1, y1 in frame pixels
    tooltip: str = ""
    payload: object = None
    extra: dict = field(default_factory=dict)


class _BoxItem(QGraphicsRectItem):
    def __init__(self, layer: "OverlayLayer", box: Box, style: OverlayStyle, parent: QGraphicsItem):
        x0, y0, x1, y1 = box.rect
        super().__init__(QRectF(x0, y0, x1 - x0, y1 - y0), parent)
        self.box = box
        self._layer = layer
        pen = QPen(style.color, style.width)
        pen.setCosmetic(True)
        if style.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        fill = QColor(style.color)
        fill.setAlpha(style.fill_alpha)
        self.setBrush(QBrush(fill))
        self.setToolTip(box.tooltip)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(10)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._layer.boxClicked.emit(self.box)
            event.accept()
        else:
            super().mousePressEvent(event)


class OverlayLayer(QObject):
    """Holds the boxes of the frame on screen, grouped by layer name (e.g. "analysis",
    "words", "search", "notes") so each feature replaces only its own boxes."""

    boxClicked = Signal(object)   # Box

    def __init__(self, page_item: QGraphicsItem, styles: dict[str, OverlayStyle], parent=None):
        super().__init__(parent)
        self._page = page_item
        self.styles = dict(styles)
        self.hidden_kinds: set[str] = set()
        self._items: dict[str, list[_BoxItem]] = {}
        self._highlight: QGraphicsRectItem | None = None

    def set_boxes(self, layer: str, boxes: list[Box]) -> None:
        self.clear(layer)
        items = []
        for box in boxes:
            style = self.styles.get(box.kind) or OverlayStyle(QColor(90, 90, 90))
            item = _BoxItem(self, box, style, self._page)
            item.setVisible(box.kind not in self.hidden_kinds)
            items.append(item)
        self._items[layer] = items

    def clear(self, layer: str | None = None) -> None:
        for name in ([layer] if layer else list(self._items)):
            for item in self._items.pop(name, []):
                item.scene() and item.scene().removeItem(item)

    def boxes(self, layer: str) -> list[Box]:
        return [item.box for item in self._items.get(layer, [])]

    def visible_boxes(self, layer: str) -> list[Box]:
        return [item.box for item in self._items.get(layer, []) if item.isVisible()]

    def set_kind_visible(self, kind: str, visible: bool) -> None:
        (self.hidden_kinds.discard if visible else self.hidden_kinds.add)(kind)
        for items in self._items.values():
            for item in items:
                if item.box.kind == kind:
                    item.setVisible(visible)

    def outline(self, rect: tuple[float, float, float, float] | None, color: QColor = QColor(255, 140, 0)):
        """One emphasised outline (the word under the cursor, the selected region)."""
        if self._highlight is not None and self._highlight.scene():
            self._highlight.scene().removeItem(self._highlight)
        self._highlight = None
        if rect is None:
            return None
        x0, y0, x1, y1 = rect
        item = QGraphicsRectItem(QRectF(x0, y0, x1 - x0, y1 - y0), self._page)
        pen = QPen(color, 3)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setZValue(20)
        self._highlight = item
        return item
