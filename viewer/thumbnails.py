"""The strip of frame thumbnails: rendered lazily, only for the rows the user can see."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView

from .renderer import THUMB, FrameRenderer, quantize_scale

THUMB_WIDTH = 96
ICONS_KEPT = 64    # ~50-100 KB each (the pixmap, and the tinted one QIcon makes for a selected row)


class ThumbnailModel(QAbstractListModel):
    def __init__(self, renderer: FrameRenderer, parent=None):
        super().__init__(parent)
        self._renderer = renderer
        self._count = 0
        self._size_of = lambda n: (2550, 3300)
        self._labels: dict[int, str] = {}
        self._placeholder = QPixmap()
        # frame -> (the render's cacheKey, its icon): the strip asks for the icons of every
        # visible row on each repaint, and an icon is a smooth rescale, a pixmap and a frame
        # drawn round it (the GUI thread's time, seen in its stalls while OCR ran)
        self._icons: dict[int, tuple[int, QIcon]] = {}
        renderer.rendered.connect(self._on_rendered)

    def set_reel(self, count: int, size_of) -> None:
        self.beginResetModel()
        self._count = count
        self._size_of = size_of
        self._labels.clear()
        self._icons.clear()
        self.endResetModel()

    def set_label(self, frame: int, label: str) -> None:
        """A word under the number (e.g. 'target', a document ID)."""
        self._labels[frame] = label
        index = self.index(frame - 1)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def scale_for(self, frame: int) -> float:
        # Rendered at the screen's device pixels, so thumbnails stay crisp on high-DPI screens.
        return quantize_scale(THUMB_WIDTH * _device_pixel_ratio() / self._size_of(frame)[0])

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        frame = index.row() + 1
        if role == Qt.ItemDataRole.DisplayRole:
            label = self._labels.get(frame)
            return f"{frame}\n{label}" if label else str(frame)
        if role == Qt.ItemDataRole.DecorationRole:
            img = self._renderer.request(frame, self.scale_for(frame), THUMB)
            if img is None:
                return self._blank()
            known = self._icons.get(frame)
            if known is None or known[0] != img.cacheKey():
                if len(self._icons) > ICONS_KEPT:
                    self._icons.clear()
                known = self._icons[frame] = (img.cacheKey(), _icon(img))
            return known[1]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Frame {frame}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignHCenter
        return None

    def _blank(self) -> QIcon:
        if self._placeholder.isNull():
            pm = QPixmap(THUMB_WIDTH, int(THUMB_WIDTH * 1.29))
            pm.fill(QColor(215, 215, 210))
            self._placeholder = pm
        return QIcon(self._placeholder)

    def _on_rendered(self, frame: int, scale: float, img: QImage) -> None:
        if 1 <= frame <= self._count and scale == self.scale_for(frame):
            index = self.index(frame - 1)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def _device_pixel_ratio() -> float:
    return QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0


def _icon(img: QImage) -> QIcon:
    ratio = _device_pixel_ratio()
    pm = QPixmap.fromImage(img.scaledToWidth(round(THUMB_WIDTH * ratio), Qt.TransformationMode.SmoothTransformation))
    painter = QPainter(pm)
    painter.setPen(QColor(120, 120, 120))
    painter.drawRect(0, 0, pm.width() - 1, pm.height() - 1)
    painter.end()
    pm.setDevicePixelRatio(ratio)   # THUMB_WIDTH logical pixels wide
    return QIcon(pm)


class ThumbnailStrip(QListView):
    """Emits frameActivated(n) when the user picks a thumbnail."""

    frameActivated = Signal(int)

    def __init__(self, renderer: FrameRenderer, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Frame thumbnails")
        self.setObjectName("thumbnails")
        self.thumbs = ThumbnailModel(renderer, self)
        self.setModel(self.thumbs)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)   # lets the view ask only for visible rows
        self.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.3)))
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFixedWidth(THUMB_WIDTH + 44)
        self.clicked.connect(lambda index: self.frameActivated.emit(index.row() + 1))
        self.activated.connect(lambda index: self.frameActivated.emit(index.row() + 1))

    def set_current(self, frame: int) -> None:
        index = self.thumbs.index(frame - 1)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
