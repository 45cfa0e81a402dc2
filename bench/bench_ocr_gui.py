"""The window stays responsive while a whole reel is recognised (issue 6, item 6).

    .venv/bin/python bench/bench_ocr_gui.py

Recognises every frame of the sample reel from the window (empty cache) while the user
turns a page every half second, and reports the longest stall of the GUI event loop
against a baseline: the same window idle for the same time. Target: under 50 ms.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from bench.stall import StallMeter  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample-reel.pdf"


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="bench-ocr-gui-"))
    os.environ["REEL_READER_LIBRARY"] = str(home / "bench.db")
    for kind in ("DATA", "CONFIG", "CACHE"):   # settings of its own: no OCR in the background
        os.environ[f"XDG_{kind}_HOME"] = str(home / kind.lower())
    ini = home / "config" / "reel-reader" / "reel-reader.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[ocr]\nbackground=false\n")
    from ui.app import make_app, make_render_pool
    from ui.main_window import MainWindow
    app = make_app()
    pools = make_render_pool()
    win = MainWindow(pools)
    win.setProperty("batch", True)
    if "--with-marks" not in sys.argv:
        # OCR's stalls alone: finding marks on each frame shown (its own worker, issue 7) is
        # left out unless asked for
        win.features["analysis"]._later.timeout.disconnect()
    win.resize(1400, 900)
    win.show()
    loop = QEventLoop()
    win.facsimile.frameShown.connect(lambda n: loop.quit())
    win.open_path(SAMPLE)
    loop.exec()

    def run_for(seconds: float, meter: StallMeter) -> float:
        turner = QTimer(interval=500)
        turner.timeout.connect(lambda: win.session.go_to(win.session.frame % win.session.count + 1))
        meter.start()
        turner.start()
        end = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), end.quit)
        end.exec()
        turner.stop()
        return meter.stop()

    idle = run_for(5, StallMeter())
    meter = StallMeter(where_ms=25 if "--where" in sys.argv else 0)
    t = time.perf_counter()
    task = win.features["ocr"].recognise_reel()
    meter.start()
    done = QEventLoop()
    task.ended.connect(done.quit)
    turner = QTimer(interval=500)
    turner.timeout.connect(lambda: win.session.go_to(win.session.frame % win.session.count + 1))
    turner.start()
    done.exec()
    turner.stop()
    busy = meter.stop()
    print(f"recognised {win.session.count} frames in {time.perf_counter() - t:.1f} s from the window")
    print(f"longest GUI stall: {busy * 1000:.0f} ms while recognising, {idle * 1000:.0f} ms idle "
          f"(ratio {busy / max(idle, 1e-3):.1f}; target < 50 ms)")
    for at, stack, others in meter.stalls:
        print(f"  stall at {at:.2f} s:", " | ".join(line.replace(chr(10), " ") for line in stack[-3:]))
        for name, where in others.items():
            if "recv" not in where[-1] and "wait" not in where[-1]:
                print(f"      {name}: {' | '.join(x.replace(chr(10), ' ') for x in where)}")
    pools.shutdown()


if __name__ == "__main__":
    main()
