"""The instance's windows: one MainWindow per reel, shared render workers, hand-overs.

The window manager decides where a reel opens: in the window that already shows it
(brought to the front), in an empty window that asked, or in a new window. It answers
the single-instance socket's requests (ui/single_instance.py) and attaches each window's
memory (ui/state.py) and Recent Reels menu.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow
from .state import RecentMenu, WindowMemory, restore_layout

DEFAULT_SIZE = (1400, 900)
CASCADE = 32   # pixels between a new window and the one it opens from


class WindowManager(QObject):
    def __init__(self, render_pools, size: tuple[int, int] | None = None, remember: bool = True,
                 sample_reel: Path | None = None, parent=None):
        super().__init__(parent)
        self._pools = render_pools
        self._size = size
        self._remember = remember
        self._sample = sample_reel
        self.windows: list[MainWindow] = []   # least recently active first
        # One library for all windows (it serialises its own use across threads). Until the
        # first window has opened it, other opens wait: two first opens at once would race
        # to create, migrate and back up the same file.
        self.library = None
        self._library_opener: MainWindow | None = None
        self._waiting: list = []

    # -- windows -------------------------------------------------------------------------
    def new_window(self) -> MainWindow:
        near = self.windows[-1] if self.windows else None
        w = MainWindow(self._pools)
        w.library = self.library
        w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        w.opener = lambda path, frame=None, w=w: self.open(path, frame, from_window=w)
        file_menu = w.menus["File"]
        recent = RecentMenu(w.request_open, w)
        file_menu.insertMenu(_action_after(file_menu, w.actions["open_folder"]), recent)
        w.recent_menu = recent
        restored = False
        if self._remember:
            WindowMemory(w)
            restored = restore_layout(w)
        if self._size or not restored:
            w.resize(*(self._size or DEFAULT_SIZE))
        if near is not None:
            _cascade(w, near)
        w.facsimile.frameShown.connect(lambda n, w=w: w.setProperty("shownFrame", n))
        w.reelOpened.connect(lambda path, w=w: self._on_opened(w))
        w.openFailed.connect(lambda message, w=w: self._on_open_failed(w))
        w.installEventFilter(self)
        self.windows.append(w)
        return w

    def window_for(self, path: Path) -> MainWindow | None:
        """The window that shows, or is opening, the reel at PATH."""
        key = os.path.realpath(path)
        for w in self.windows:
            shown = w.session.reel.path if w.session.reel else None
            if key in (w.property("opening"), shown and os.path.realpath(shown)):
                return w
        return None

    def open(self, path: Path, frame: int | None = None, password: str | None = None,
             from_window: MainWindow | None = None) -> MainWindow:
        """Open PATH: its window to the front if it is open, else an empty FROM_WINDOW or a
        new window. FRAME None: where the user left the reel."""
        path = Path(path).absolute()
        existing = self.window_for(path)
        if existing is not None:
            if frame is not None and existing.session.reel:
                existing.session.go_to(frame)
            self.bring_to_front(existing)
            return existing
        target = from_window
        if target is None or target.session.reel is not None or target.property("opening"):
            target = self.new_window()
        target.setProperty("opening", os.path.realpath(path))
        target.show()
        self._start(target, path, password, frame)
        self.bring_to_front(target)
        return target

    def _start(self, w: MainWindow, path: Path, password, frame) -> None:
        if self.library is None and self._library_opener is not None:
            self._waiting.append(lambda: self._start(w, path, password, frame))
            return
        if self.library is None:
            self._library_opener = w
        w.library = w.library or self.library
        w.open_path(path, password, frame)

    def _opening_ended(self, w: MainWindow) -> None:
        """W's reel opened or failed: take its library, and let the opens that waited go."""
        w.setProperty("opening", None)
        if self.library is None and getattr(w, "library", None) is not None:
            self.library = w.library
        if self._library_opener is w:
            self._library_opener = None
            waiting, self._waiting = self._waiting, []
            for start in waiting:
                start()

    def bring_to_front(self, w: MainWindow) -> None:
        if w.isMinimized():
            w.setWindowState(w.windowState() & ~Qt.WindowState.WindowMinimized)
        w.show()
        w.raise_()
        w.activateWindow()
        if w in self.windows:   # the most recent window, also where activation is not possible
            self.windows.remove(w)
            self.windows.append(w)

    def _on_opened(self, w: MainWindow) -> None:
        self._opening_ended(w)
        reel = w.session.reel
        # The same reel under another name or in another folder: one window per reel.
        for other in self.windows:
            if other is not w and other.session.reel and other.session.reel.fingerprint == reel.fingerprint:
                frame = w.session.frame
                w.close()
                other.session.go_to(frame)
                self.bring_to_front(other)
                return

    def _on_open_failed(self, w: MainWindow) -> None:
        # The user has read the dialog; a window made only for that reel has nothing to show.
        self._opening_ended(w)
        if w.session.reel is None and len(self.windows) > 1:
            w.close()

    def eventFilter(self, obj, event) -> bool:
        if obj in self.windows:
            if event.type() == QEvent.Type.WindowActivate:
                self.windows.remove(obj)
                self.windows.append(obj)
            elif event.type() == QEvent.Type.Close:
                QTimer.singleShot(0, lambda w=obj: self._closed(w))
        return False

    def _closed(self, w: MainWindow) -> None:
        try:
            if w.isVisible():
                return   # the close was refused
        except RuntimeError:
            pass         # already deleted (WA_DeleteOnClose)
        if w in self.windows:
            self.windows.remove(w)
            if self._library_opener is w:   # closed while opening: the others go on
                self._opening_ended(w)
            try:
                if w.session.reel is not None:
                    w.session.reel.close()
            except RuntimeError:
                pass

    # -- requests from other launches (ui/single_instance.py) ------------------------------
    def handle_request(self, message: dict) -> dict:
        action = message.get("action")
        if action == "windows":
            return {"ok": True, "windows": self.describe()}
        if action != "open":
            return {"ok": False, "error": f"unknown action {action!r}"}
        paths = message.get("paths") or []
        frame = message.get("frame")
        if not isinstance(paths, list) or not all(isinstance(p, str) and os.path.isabs(p) for p in paths) \
                or not (frame is None or isinstance(frame, int)):
            return {"ok": False, "error": "paths must be absolute paths, frame a number"}
        password = message.get("password")
        # Answer first: the reels open once the reply is on its way.
        if paths:
            for p in paths:
                QTimer.singleShot(0, lambda p=p: self.open(Path(p), frame, password))
        else:
            QTimer.singleShot(0, self.show_any)
        return {"ok": True}

    def show_any(self) -> None:
        """A launch with no reel: the most recent window to the front (the sample if none)."""
        if self.windows:
            self.bring_to_front(self.windows[-1])
        elif self._sample is not None:
            self.open(self._sample)

    def describe(self) -> list[dict]:
        """What each window shows, in screen coordinates: for scripts and end-to-end tests."""
        out = []
        for w in self.windows:
            s, f = w.session, w.facsimile
            view = f.viewport()
            page_item = f.overlay_parent()
            page = f.mapFromScene(page_item.sceneBoundingRect()).boundingRect().intersected(view.rect())
            # the part of the frame on screen, in frame pixels (300 dpi)
            seen = page_item.mapFromScene(f.mapToScene(view.rect())).boundingRect()
            seen = seen.intersected(page_item.rect())
            out.append({
                "title": w.windowTitle(),
                "path": str(s.reel.path) if s.reel else None,
                "fingerprint": s.reel.fingerprint if s.reel else None,
                "frame": s.frame, "count": s.count,
                "zoom": round(f.zoom_percent(), 1), "fit": f.fit_mode, "rotation": f.rotation,
                "shown": w.property("shownFrame") or 0,   # the last frame painted sharp
                "rendering": w.renderer.busy(),            # thumbnails or prefetches under way
                "tasks": sorted(t.name for t in w.runner.active()),   # OCR, finding marks...
                "active": w.isActiveWindow(), "visible": w.isVisible(), "minimized": w.isMinimized(),
                "opening": w.property("opening"),
                "geometry": _rect(w.frameGeometry()),
                "page": _rect(QRect(view.mapToGlobal(page.topLeft()), page.size())),
                "page_in_frame": [round(seen.left()), round(seen.top()), round(seen.right()),
                                  round(seen.bottom())],
                "device_pixel_ratio": w.devicePixelRatioF(),
            })
        return out


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _action_after(menu, action):
    actions = menu.actions()
    i = actions.index(action)
    return actions[i + 1] if i + 1 < len(actions) else None


def _cascade(w: MainWindow, near: MainWindow) -> None:
    """Place W down and right of NEAR, wrapping back to the top-left of the screen."""
    screen = (near.screen() or QApplication.primaryScreen()).availableGeometry()
    pos = near.pos() + QPoint(CASCADE, CASCADE)
    if pos.x() + min(w.width(), screen.width()) > screen.right() or \
            pos.y() + min(w.height(), screen.height()) > screen.bottom():
        pos = screen.topLeft()
    w.move(pos)
