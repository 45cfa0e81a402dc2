"""Remembered state: window geometry and layout, each reel's place, the Recent Reels menu.

Kept in one QSettings INI file in the user's config folder (platformdirs), read afresh
each time so that every window of the instance sees the others' changes. A reel is known
by its fingerprint (reel.fingerprint), so a reel renamed or moved reopens where the user
left it: same frame, zoom (or fit mode) and rotation.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QMenu, QSplitter, QTabWidget

LAYOUT_VERSION = 1      # bump when docks or toolbars change so an old layout is not forced on them
MAX_RECENT = 12
MAX_PLACES = 500        # reels whose place is kept; the least recently opened go first
SAVE_DELAY_MS = 400     # a place is written this long after the user stops turning frames


def settings_path() -> Path:
    """$REEL_READER_SETTINGS, or reel-reader.ini in the user's config folder."""
    value = os.environ.get("REEL_READER_SETTINGS")
    if value:
        return Path(value)
    import platformdirs
    return platformdirs.user_config_path("reel-reader", appauthor=False) / "reel-reader.ini"


def open_settings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def _load_json(settings: QSettings, key: str, default):
    try:
        value = json.loads(str(settings.value(key, "")))
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


# -- where the user left each reel ---------------------------------------------------------
@dataclass
class Place:
    frame: int = 1
    zoom: float = 100.0          # percent of actual size, when fit is None
    fit: str | None = "width"    # "width", "frame" or None (a zoom of the user's own)
    rotation: int = 0
    path: str = ""
    opened: float = 0.0          # time.time() of the last visit, for pruning


def recall_place(fingerprint: str) -> Place | None:
    data = _load_json(open_settings(), f"places/{fingerprint}", {})
    if not data:
        return None
    try:
        place = Place(**{k: data[k] for k in Place.__dataclass_fields__ if k in data})
        place.frame, place.rotation, place.zoom = int(place.frame), int(place.rotation) % 360, float(place.zoom)
    except (TypeError, ValueError):
        return None
    if place.fit not in ("width", "frame", None) or place.rotation % 90:
        return None
    return place


def remember_place(fingerprint: str, place: Place) -> None:
    settings = open_settings()
    place.opened = time.time()
    settings.setValue(f"places/{fingerprint}", json.dumps(asdict(place)))
    settings.beginGroup("places")
    keys = settings.childKeys()
    settings.endGroup()
    if len(keys) > MAX_PLACES:
        ages = sorted(keys, key=lambda k: _load_json(settings, f"places/{k}", {}).get("opened", 0))
        for key in ages[:len(keys) - MAX_PLACES]:
            settings.remove(f"places/{key}")
    settings.sync()


# -- recent reels --------------------------------------------------------------------------
@dataclass
class Recent:
    path: str
    name: str
    fingerprint: str


def recent_reels() -> list[Recent]:
    items = _load_json(open_settings(), "recent/reels", [])
    out = []
    for item in items:
        try:
            out.append(Recent(str(item["path"]), str(item["name"]), str(item["fingerprint"])))
        except (KeyError, TypeError):
            continue
    return out


def add_recent(path: str, name: str, fingerprint: str) -> None:
    """Put a reel first in the list; a reel met again at a new path replaces its old entry."""
    items = [r for r in recent_reels() if r.fingerprint != fingerprint and r.path != path]
    items.insert(0, Recent(path, name, fingerprint))
    _save_recent(items[:MAX_RECENT])


def clear_recent() -> None:
    _save_recent([])


def _save_recent(items: list[Recent]) -> None:
    settings = open_settings()
    settings.setValue("recent/reels", json.dumps([asdict(r) for r in items]))
    settings.sync()


class RecentMenu(QMenu):
    """File > Recent Reels, rebuilt each time it opens so every window shows the same list."""

    def __init__(self, open_path, parent=None):
        super().__init__("Recent &Reels", parent)
        self.setObjectName("recentReels")
        self._open_path = open_path
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        items = recent_reels()
        for i, item in enumerate(items, 1):
            exists = os.path.exists(item.path)
            mnemonic = f"&{i % 10} " if i <= 10 else ""
            text = f"{mnemonic}{item.name.replace('&', '&&')}" + ("" if exists else " (not found)")
            action = self.addAction(text)
            action.setToolTip(item.path)
            action.setStatusTip(item.path)
            action.setEnabled(exists)
            action.triggered.connect(lambda checked=False, p=item.path: self._open_path(Path(p)))
        if not items:
            self.addAction("No recent reels").setEnabled(False)
        self.addSeparator()
        clear = self.addAction("&Clear Recent Reels")
        clear.setObjectName("clear_recent")
        clear.setEnabled(bool(items))
        clear.triggered.connect(clear_recent)
        self.setToolTipsVisible(True)


# -- window layout -------------------------------------------------------------------------
def save_layout(window) -> None:
    settings = open_settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(LAYOUT_VERSION))
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():   # unnamed splitters cannot be told apart next time
            settings.setValue(f"window/splitter/{splitter.objectName()}", splitter.saveState())
    for tabs in window.findChildren(QTabWidget):
        if tabs.objectName():
            settings.setValue(f"window/tab/{tabs.objectName()}", tabs.currentIndex())
    settings.sync()


def restore_layout(window) -> bool:
    """Geometry, docks, toolbars, splitters and tabs as last saved; False if nothing was."""
    settings = open_settings()
    geometry = settings.value("window/geometry")
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if state is not None:
        window.restoreState(state, LAYOUT_VERSION)
    for splitter in window.findChildren(QSplitter):
        value = settings.value(f"window/splitter/{splitter.objectName()}") if splitter.objectName() else None
        if value is not None:
            splitter.restoreState(value)
    for tabs in window.findChildren(QTabWidget):
        index = settings.value(f"window/tab/{tabs.objectName()}") if tabs.objectName() else None
        if index is not None:
            try:
                tabs.setCurrentIndex(int(index))
            except (TypeError, ValueError):
                pass
    return True


# -- one window's memory -------------------------------------------------------------------
class WindowMemory(QObject):
    """Attached to a MainWindow: restores a reel's place when it opens, writes it down as the
    user moves (debounced) and when the window closes, and keeps the recent list."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._fingerprint: str | None = None
        self._place: Place | None = None
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_place)
        s, f = window.session, window.facsimile
        s.reelChanged.connect(self._on_reel_changed)
        s.frameChanged.connect(self._note)
        f.zoomChanged.connect(self._note)
        for name in ("rotate_left", "rotate_right"):
            window.actions[name].triggered.connect(self._note)
        window.reelOpened.connect(self._on_opened)
        window.installEventFilter(self)
        window.reel_state = self

    def last_frame(self, reel) -> int:
        """Where the user left REEL (1 for a reel never seen), within the reel's frames."""
        place = recall_place(reel.fingerprint)
        return max(1, min(len(reel), place.frame)) if place else 1

    def _on_reel_changed(self) -> None:
        self.save_place()                       # the reel the window showed until now
        reel = self.window.session.reel
        self._fingerprint = reel.fingerprint
        place = recall_place(self._fingerprint)
        if place is not None:                   # before the first frame is drawn
            f = self.window.facsimile
            f.set_rotation(place.rotation)
            if place.fit:
                f.fit_mode = place.fit
            else:
                f.set_zoom_percent(place.zoom)
        self._place = None

    def _on_opened(self, path: str) -> None:
        reel = self.window.session.reel
        if reel is not None:
            add_recent(str(reel.path), reel.name, reel.fingerprint)

    def _note(self, *_) -> None:
        s, f = self.window.session, self.window.facsimile
        if not s.reel or not s.frame or self._fingerprint is None:
            return
        self._place = Place(frame=s.frame, zoom=round(f.zoom_percent(), 2), fit=f.fit_mode,
                            rotation=f.rotation, path=str(s.reel.path))
        self._save_timer.start()

    def save_place(self) -> None:
        self._save_timer.stop()
        if self._fingerprint and self._place is not None:
            remember_place(self._fingerprint, self._place)
            self._place = None

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self._note()
            self.save_place()
            save_layout(self.window)
        return False
