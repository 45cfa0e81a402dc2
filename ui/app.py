"""Starting the window: the application object, the render pool, screenshots, and the
instance: one process per user and library, one window per reel (ui/windows.py)."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from viewer.lane import RenderLane

from .theme import follow_system_theme

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
    # X11 names the windows' class after this (WM_CLASS), which desktops match against the
    # desktop entry's StartupWMClass to show our icon and group the windows.
    os.environ.setdefault("RESOURCE_NAME", "reel-reader")
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    quiet_garbage_collector()
    app.setApplicationName("Reel Reader")
    app.setOrganizationName("Reel Reader")
    app.setDesktopFileName("reel-reader")
    if ICON.exists():
        app.setWindowIcon(QIcon(str(ICON)))
    follow_system_theme(app)
    return app


BACKGROUND_NICENESS = 10


class RenderPools(dict):
    """One worker for the frame on screen, one for prefetching and thumbnails."""

    def __init__(self):
        # Each a worker fed through its own pipe (viewer/lane.py): 0.7-1 ms less a frame
        # than through a ProcessPoolExecutor's threads. Prefetching and thumbnails run at
        # a lower priority: on a busy machine they give way to the frame the user waits for.
        super().__init__((lane, RenderLane(warm_modules=("reel.worker",), niceness=niceness))
                         for lane, niceness in (("shown", 0), ("background", BACKGROUND_NICENESS)))

    def shutdown(self) -> None:
        for pool in self.values():
            pool.shutdown()


def make_render_pool() -> RenderPools:
    return RenderPools()


def run_window(reels: list[Path] | Path | None = None, frame: int | None = None,
               password: str | None = None, screenshot: Path | None = None,
               size: tuple[int, int] | None = None, new_instance: bool = False) -> int:
    """Open each reel in its own window (none: the sample reel) and run until the last
    window closes; or, with SCREENSHOT, render one window offscreen to a PNG and exit."""
    reels = [Path(r) for r in ([] if reels is None else [reels] if isinstance(reels, (str, Path)) else reels)]
    if screenshot is not None and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    if screenshot is not None:
        pool = make_render_pool()
        try:
            from .main_window import MainWindow
            window = MainWindow(pool)
            window.resize(*(size or (1400, 900)))
            window.setProperty("batch", True)
            return _screenshot(app, window, reels[0] if reels else SAMPLE_REEL, frame or 1, password,
                               screenshot)
        finally:
            pool.shutdown()
    return _run_instance(app, reels, frame, password, size, new_instance)


def _run_instance(app, reels, frame, password, size, new_instance) -> int:
    from .single_instance import SingleInstance
    from .windows import WindowManager
    # Connections are served from the event loop, which starts once the manager exists.
    manager: list = []

    def handle(message: dict) -> dict:
        return manager[0].handle_request(message)

    server = None
    if not new_instance:
        server = SingleInstance(handle)
        if not server.listen() and server.path is not None:
            # Another instance started meanwhile: hand the reels over, as the CLI would have.
            from desktop.instance import hand_over
            if hand_over(reels, frame, password):
                return 0
    pool = make_render_pool()
    _quit_on_signals(app)
    try:
        wm = WindowManager(pool, size=size, sample_reel=SAMPLE_REEL)
        manager.append(wm)
        for reel in reels or [SAMPLE_REEL]:
            wm.open(reel, frame, password)
        return app.exec()
    finally:
        if server is not None:
            server.close()
        pool.shutdown()


def _quit_on_signals(app) -> None:
    """SIGTERM (logging out, kill), SIGHUP and SIGINT (Ctrl+C in a terminal) close the windows
    as Quit does: places and layout are saved and the render workers stop. Python runs its
    signal handlers only when it gets control, so the signal wakes the event loop through a
    socket (signal.set_wakeup_fd) watched by a QSocketNotifier."""
    import signal
    import socket
    from PySide6.QtCore import QSocketNotifier
    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    signal.set_wakeup_fd(sender.fileno())
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda *_: None)   # the wake-up byte does the work

    def on_signal() -> None:
        try:
            receiver.recv(64)
        except OSError:
            pass
        QApplication.closeAllWindows()

    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(on_signal)
    app._signal_wakeup = (receiver, sender, notifier)   # kept alive with the app


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
