"""The facsimile: the scan of one frame, zoomed, rotated and panned; overlays on top.

Scene coordinates are pixels of the frame at 300 dpi (DESIGN.md), whatever scale the
image was rendered at, so overlays and notes are placed by their boxes directly.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QEasingCurve, QPointF, QPropertyAnimation, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPalette, QPixmap, QTransform
from PySide6.QtWidgets import (QFrame, QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene,
                               QGraphicsSimpleTextItem, QGraphicsView)

from reel.limits import BASE_DPI

from .overlays import OverlayLayer
from .renderer import SHOWN, FrameRenderer, quantize_scale
from .tools import PanTool

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 8.0  # of actual size
WHEEL_STEP = 120                 # screen pixels a wheel notch scrolls
PLACEHOLDER_DELAY_MS = 120      # a frame not rendered by then shows "Rendering…"
KEEP_SHOWING_MAX_PIXELS = 4_000_000   # the last frame stays up meanwhile if no larger
MARGIN = 0.015                   # grey border round the page, as a share of its size


def surround_color(palette: QPalette) -> QColor:
    """The ground round the scan: a dim neutral that the paper stands out on, darker than the
    window in a dark theme, a mid-dark grey in a light one (as reading-room viewers do)."""
    window = palette.color(QPalette.ColorRole.Window)
    if window.lightness() < 128:
        return window.darker(135)
    return QColor.fromHslF(window.hslHueF() if window.hslHueF() >= 0 else 0.6, 0.04, 0.28)


class _FramePixmap(QGraphicsPixmapItem):
    """The rendered frame. Frames are rendered at the view's scale in device pixels, so
    when the view is not rotated and the render covers the page on screen to within a
    pixel, it is painted unscaled at its device position (a plain copy of the exposed part,
    ~0.1 ms) instead of through the smooth rescale (1.2-2.4 ms for a frame at fit width)."""

    def paint(self, painter, option, widget=None) -> None:
        pm = self.pixmap()
        # The world transform, not the device transform: the latter holds the widget's
        # offset in the window's backing store, which the painter adds again.
        t = painter.worldTransform()
        if not pm.isNull() and t.m12() == 0 and t.m21() == 0 and t.m11() > 0 and t.m22() > 0:
            dpr = painter.device().devicePixelRatioF() or 1.0
            r = t.mapRect(self.boundingRect())      # in the widget's logical pixels
            if abs(r.width() * dpr - pm.width()) <= 1.5 and abs(r.height() * dpr - pm.height()) <= 1.5:
                painter.save()
                painter.setWorldTransform(QTransform(1 / dpr, 0, 0, 1 / dpr, round(r.x() * dpr) / dpr,
                                                     round(r.y() * dpr) / dpr))
                painter.drawPixmap(0, 0, pm)
                painter.restore()
                return
        super().paint(painter, option, widget)


class FacsimileView(QGraphicsView):
    """Shows frame N; zoom is in "percent of actual size" (the page at its real size)."""

    zoomChanged = Signal(float)       # percent of actual size
    clicked = Signal(float, float)    # a click (not a drag) on the page, in frame pixels
    frameShown = Signal(int)          # the sharp render of a frame is set to be painted
    framePainted = Signal(int)        # ... and has been painted on the viewport
    frameFailed = Signal(int, str)

    def __init__(self, renderer: FrameRenderer, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Facsimile")
        self.setObjectName("facsimile")
        self._renderer = renderer
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setBackgroundBrush(surround_color(self.palette()))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)

        self._page = QGraphicsRectItem()
        self._page.setBrush(QBrush(QColor(200, 200, 196)))
        self._page.setPen(Qt.PenStyle.NoPen)
        self._scene.addItem(self._page)
        self._pixmap = _FramePixmap(self._page)
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._message = QGraphicsSimpleTextItem(self._page)
        self._message.setBrush(QColor(60, 60, 60))

        self.frame = 0
        self.frame_size = (0, 0)
        self._unpainted = 0       # a frame whose sharp render is set but not yet painted
        self._image_key = 0       # QImage.cacheKey() of the image shown
        self._painted = 0         # the last frame reported painted
        self._shown_scale = 0.0
        self._zoom = 1.0          # view pixels per frame pixel
        self._rotation = 0
        self.fit_mode: str | None = "width"
        self._glides: dict = {}
        self.overlays = OverlayLayer(self._page, {}, self)
        self.tool = PanTool(self)
        self._placeholder = QTimer(self, singleShot=True, interval=PLACEHOLDER_DELAY_MS)
        self._placeholder.timeout.connect(self._show_placeholder)
        self._rerender = QTimer(self, singleShot=True, interval=60)
        self._rerender.timeout.connect(self._request_sharp)
        renderer.rendered.connect(self._on_rendered)
        renderer.failed.connect(self._on_failed)

    # -- what the window calls ------------------------------------------------------
    @property
    def rotation(self) -> int:
        return self._rotation

    def show_frame(self, frame: int, size: tuple[int, int]) -> None:
        # Ask for the sharp render first, so the worker starts on it while the rest is done
        # (render_scale_for(SIZE) is the scale render_scale() has once the fit is applied).
        img = self._renderer.request(frame, self.render_scale_for(size), SHOWN)
        self.frame, self.frame_size = frame, size
        w, h = size
        self._page.setRect(0, 0, w, h)
        self._scene.setSceneRect(QRectF(-w * MARGIN, -h * MARGIN, w * (1 + 2 * MARGIN), h * (1 + 2 * MARGIN)))
        self._message.setText("")
        self._shown_scale = 0.0
        self._painted = 0
        if self.fit_mode:
            self._apply_fit()
        self.overlays.clear()          # boxes belong to a frame; their owners add the new ones
        self.overlays.outline(None)
        sharp = img is not None
        if not sharp:
            img = self._renderer.best_cached(frame, self.render_scale())
        if img is not None:
            self._set_image(img, img.width() / w)
            if sharp:
                self._shown_sharp(frame)
        else:
            # The last frame stays up until this one arrives, usually within a few tens of
            # milliseconds: an empty page and "Rendering…" only if it takes longer. (Painting
            # the placeholder flashed grey and cost the GUI thread a whole repaint while the
            # worker rendered.) A frame shown at its full resolution is let go at once, so
            # that two of them (~34 MB each in the pixmap) are not held while the next renders.
            old = self._pixmap.pixmap()
            if old.width() * old.height() > KEEP_SHOWING_MAX_PIXELS:
                self._show_placeholder()
            else:
                self._placeholder.start()

    def rendering(self, frame: int) -> bool:
        """FRAME is shown and its sharp render is awaited from the worker."""
        return frame == self.frame and self._unpainted != frame and self._painted != frame \
            and self._renderer.cached(frame, self.render_scale()) is None

    def zoom_percent(self) -> float:
        return 100.0 * self._zoom / self._actual_zoom()

    def set_zoom_percent(self, percent: float, fit_mode: str | None = None) -> None:
        zoom = self._actual_zoom() * max(MIN_ZOOM, min(MAX_ZOOM, percent / 100.0))
        self.fit_mode = fit_mode
        self._set_zoom(zoom)

    def zoom_in(self) -> None:
        self.set_zoom_percent(self.zoom_percent() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom_percent(self.zoom_percent() / ZOOM_STEP)

    def actual_size(self) -> None:
        self.set_zoom_percent(100.0)

    def fit_width(self) -> None:
        self.fit_mode = "width"
        self._apply_fit()

    def fit_frame(self) -> None:
        self.fit_mode = "frame"
        self._apply_fit()

    def rotate_by(self, degrees: int) -> None:
        self.set_rotation(self._rotation + degrees)

    def set_rotation(self, degrees: int) -> None:
        self._rotation = degrees % 360
        if self.fit_mode:
            self._apply_fit()
        else:
            self._update_transform()

    def frame_rect(self) -> QRectF:
        return self._page.rect()

    def overlay_parent(self):
        """Overlays (boxes in frame pixels) are children of the page item."""
        return self._page

    def set_tool(self, tool) -> None:
        """Swap the interaction mode (PanTool, BoxTool…)."""
        self.tool = tool
        tool.activate(self)

    def scroll_to_box(self, rect: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = rect
        self.ensureVisible(self._page.mapRectToScene(QRectF(x0, y0, x1 - x0, y1 - y0)), 40, 40)

    # -- Qt events ------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._unpainted:
            frame, self._unpainted = self._unpainted, 0
            self._painted = frame
            self.framePainted.emit(frame)

    def mousePressEvent(self, event) -> None:
        self._press_at = event.position().toPoint()
        if not self.tool.press(self, event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if not self.tool.move(self, event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if not self.tool.release(self, event):
            super().mouseReleaseEvent(event)
            press = getattr(self, "_press_at", None)
            if press is not None and (event.position().toPoint() - press).manhattanLength() < 4:
                p = self._page.mapFromScene(self.mapToScene(press))
                if self._page.rect().contains(p):
                    self.clicked.emit(p.x(), p.y())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom_percent(self.zoom_percent() * ZOOM_STEP ** steps)
            event.accept()
        elif not event.pixelDelta().isNull():
            super().wheelEvent(event)   # touchpads scroll smoothly already
        else:
            # A mouse wheel jumps by whole notches: glide there instead.
            horizontal = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier) or \
                event.angleDelta().x() != 0
            delta = event.angleDelta().x() or event.angleDelta().y()
            bar = self.horizontalScrollBar() if horizontal else self.verticalScrollBar()
            self._glide(bar, -delta / 120.0 * WHEEL_STEP)
            event.accept()

    def _glide(self, bar, distance: float) -> None:
        anim = self._glides.get(bar)
        if anim is None:
            anim = self._glides[bar] = QPropertyAnimation(bar, b"value", self)
            anim.setDuration(140)
            anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        target = anim.endValue() if anim.state() == QPropertyAnimation.State.Running else bar.value()
        target = max(bar.minimum(), min(bar.maximum(), int(target + distance)))
        anim.stop()
        anim.setStartValue(bar.value())
        anim.setEndValue(target)
        anim.start()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:   # the system went light or dark
            self.setBackgroundBrush(surround_color(self.palette()))
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_mode:
            self._apply_fit()

    # -- inside ---------------------------------------------------------------------
    def _actual_zoom(self) -> float:
        """View pixels per frame pixel at which the page shows at its real size."""
        dpi = self.logicalDpiX() or 96
        return dpi / BASE_DPI

    def _apply_fit(self) -> None:
        if all(self.frame_size):
            self._set_zoom(self._fit_zoom(self.frame_size))

    def render_scale_for(self, size: tuple[int, int]) -> float:
        """The scale a frame of SIZE will be rendered at when shown: for prefetching."""
        zoom = self._fit_zoom(size) if self.fit_mode and all(size) else self._zoom
        return zoom * self.devicePixelRatioF()

    def _fit_zoom(self, size: tuple[int, int]) -> float:
        w, h = size
        w, h = w * (1 + 2 * MARGIN), h * (1 + 2 * MARGIN)  # the scene's margin round the page
        if self._rotation in (90, 270):
            w, h = h, w
        view = self.viewport().size()
        zw = max(1, view.width() - 4) / w
        return zw if self.fit_mode == "width" else min(zw, max(1, view.height() - 4) / h)

    def _set_zoom(self, zoom: float) -> None:
        self._zoom = zoom
        self._update_transform()
        self.zoomChanged.emit(self.zoom_percent())
        self._rerender.start()

    def _update_transform(self) -> None:
        self.resetTransform()
        self.scale(self._zoom, self._zoom)
        self.rotate(self._rotation)

    def render_scale(self) -> float:
        return self._zoom * self.devicePixelRatioF()

    def _request_sharp(self) -> None:
        if not self.frame:
            return
        img = self._renderer.request(self.frame, self.render_scale(), SHOWN)
        if img is not None:
            if img.cacheKey() == self._image_key:   # set already (a re-fit, same scale)
                if self._painted == self.frame:
                    self.frameShown.emit(self.frame)
                else:
                    self._shown_sharp(self.frame)
                return
            self._set_image(img, img.width() / max(1, self.frame_size[0]))
            self._shown_sharp(self.frame)

    def _on_rendered(self, frame: int, scale: float, img: QImage) -> None:
        if frame != self.frame:
            return
        sharp = scale == quantize_scale(self.render_scale())
        if sharp or scale > self._shown_scale:
            self._set_image(img, img.width() / max(1, self.frame_size[0]))
        if sharp:
            self._unpainted = frame
            if self.viewport().isVisible():
                # On the screen now, before frameShown's handlers (prefetching, marks) and
                # the scene's queued update: they would hold the paint back by ~1 ms.
                self.viewport().repaint()
            self.frameShown.emit(frame)

    def _shown_sharp(self, frame: int) -> None:
        self._unpainted = frame
        self.frameShown.emit(frame)

    def _on_failed(self, frame: int, message: str) -> None:
        if frame == self.frame:
            self._placeholder.stop()
            self._image_key = 0
            self._pixmap.setPixmap(QPixmap())
            self._set_message(f"This frame cannot be shown.\n{message}")
            self.frameFailed.emit(frame, message)

    def _show_placeholder(self) -> None:
        if self.frame and not self._shown_scale:
            self._image_key = 0
            self._pixmap.setPixmap(QPixmap())
            self._set_message("Rendering…")

    def _set_image(self, img: QImage, scale: float) -> None:
        self._placeholder.stop()
        self._message.setText("")
        self._shown_scale = scale
        self._image_key = img.cacheKey()
        self._pixmap.setPixmap(QPixmap.fromImage(img))
        self._pixmap.setScale(1.0 / scale)

    def _set_message(self, text: str) -> None:
        font = QFont()
        font.setPixelSize(max(24, self.frame_size[0] // 40))
        self._message.setFont(font)
        self._message.setText(text)
        self._message.setPos(QPointF(self.frame_size[0] * 0.08, self.frame_size[1] * 0.08))
