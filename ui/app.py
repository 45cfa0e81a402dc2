"""Starting the window: the application object, the render pool, screenshots."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from work import ProcessPool

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REEL = ROOT / "resources" / "sample-reel.pdf"
ICON = ROOT / "resources" / "reel-reader.svg"


def quiet_garbage_collector() -> None:
    """A full cyclic collection over the objects of PySide6, numpy and PyMuPDF takes
    ~100 ms and runs on whatever thread allocates, freezing the window (measured while
    recognising a reel). The objects alive at start-up never become garbage: freeze them
    out of the collector, and collect young objects less eagerly."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    quiet_garbage_collector()
    app.setApplicationName("Reel Reader")
    app.setOrganizationName("Reel Reader")
    app.setDesktopFileName("reel-reader")
    if ICON.exists():
        app.setWindowIcon(QIcon(str(ICON)))
    return app


class RenderPools(dict):
    """One worker for the frame on screen, one for prefetching and thumbnails."""

    def __init__(self):
        super().__init__((lane, ProcessPool(workers=1, warm_modules=("reel.worker",)))
                         for lane in ("shown", "background"))

    def shutdown(self) -> None:
        for pool in self.values():
            pool.shutdown()


def make_render_pool() -> RenderPools:
    return RenderPools()


def run_window(reel: Path | None, frame: int = 1, password: str | None = None,
               screenshot: Path | None = None, size: tuple[int, int] | None = None) -> int:
    if screenshot is not None and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    pool = make_render_pool()
    from .main_window import MainWindow
    window = MainWindow(pool)
    window.resize(*(size or (1400, 900)))
    try:
        if screenshot is not None:
            window.setProperty("batch", True)
            return _screenshot(app, window, reel or SAMPLE_REEL, frame, password, screenshot)
        window.show()
        window.open_path(reel or SAMPLE_REEL, password, frame)
        return app.exec()
    finally:
        pool.shutdown()


def _screenshot(app, window, reel: Path, frame: int, password, out: Path) -> int:
    """Open REEL at FRAME, wait until the sharp frame and thumbnails are painted, save a PNG."""
    failure: list[str] = []
    shown: list[int] = []
    window.openFailed.connect(failure.append)
    window.facsimile.frameShown.connect(shown.append)
    window.facsimile.frameFailed.connect(lambda n, m: shown.append(n))
    window.show()
    window.open_path(reel, password, frame)
    if not _wait(app, lambda: failure or frame in shown or (shown and window.session.count < frame), 30000):
        print(f"reel-reader: the frame was not rendered in time; saving what is shown", file=sys.stderr)
    if failure:
        print(f"reel-reader: {failure[0]}", file=sys.stderr)
        return 2
    _wait(app, lambda: False, 800)  # thumbnails and prefetch settle
    _wait(app, lambda: not window.runner.active(), 20000)   # marks found, panels filled
    _wait(app, lambda: False, 300)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        print(f"reel-reader: cannot write {out}", file=sys.stderr)
        return 2
    print(f"reel-reader: saved {out}", file=sys.stderr)
    return 0


def _wait(app, condition, msecs: int) -> bool:
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        if timer.elapsed() > msecs:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return True
