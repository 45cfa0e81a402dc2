"""Issue 3's speed and memory figures for the window, as ratios against baselines of the same run.

    .venv/bin/python bench/bench_viewer.py

1. open a 1,000-frame reel to the first frame painted / the same for a 10-frame reel (<= 1.5)
2. turn to an uncached frame in the window / PyMuPDF's own render at that scale (<= 1.2)
3. turn to a prefetched frame: time until painted (< one display refresh, 16.7 ms)
4. peak memory (window + render workers) after paging through 300 frames at 300 dpi (< 400 MB)
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from bench.common import best_of, child_pids, long_reel, median, peak_rss_mb  # noqa: E402


def main() -> None:
    import pymupdf
    from ui.app import make_app, make_render_pool
    from ui.main_window import MainWindow

    app = make_app()
    pool = make_render_pool()
    win = MainWindow(pool)
    win.setProperty("batch", True)
    win.resize(1400, 900)
    win.show()
    shown: list[tuple[int, float]] = []
    win.facsimile.frameShown.connect(lambda n: shown.append((n, time.perf_counter())))

    def wait_shown(frame: int, timeout: float = 30.0) -> None:
        # A real event loop that sleeps until the frame is painted, as the app's does
        # (a busy processEvents loop would steal the GIL from the pool's result thread).
        if any(n == frame for n, _ in shown):
            return
        loop = QEventLoop()
        done = lambda n: n == frame and loop.quit()  # noqa: E731
        win.facsimile.frameShown.connect(done)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        loop.exec()
        win.facsimile.frameShown.disconnect(done)
        if not any(n == frame for n, _ in shown):
            raise TimeoutError(f"frame {frame} never painted")

    def open_time(path: Path) -> float:
        shown.clear()
        t = time.perf_counter()
        win.open_path(path)
        wait_shown(1)
        return time.perf_counter() - t

    small, large = long_reel(10), long_reel(1000)
    open_time(small)  # warm the workers
    t_small = min(open_time(small) for _ in range(5))
    t_large = min(open_time(large) for _ in range(5))
    print(f"open to first frame: 10 frames {t_small*1000:.0f} ms, 1000 frames {t_large*1000:.0f} ms, "
          f"ratio {t_large / t_small:.2f} (target <= 1.5)")

    # 2. uncached turn vs PyMuPDF's own render at the same scale, alternating for fairness
    scale = win.facsimile.render_scale()
    from viewer.renderer import quantize_scale
    q = quantize_scale(scale)
    doc = pymupdf.open(large)
    turns, natives = [], []
    for frame in range(200, 230, 2):
        win.renderer._cache.clear()
        shown.clear()
        t = time.perf_counter()
        win.session.go_to(frame)
        wait_shown(frame)
        turns.append(time.perf_counter() - t)
        zoom = 300 / 72 * q
        natives.append(best_of(lambda: doc[frame - 1].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom),
                                                                colorspace=pymupdf.csGRAY), 1))
    print(f"turn to uncached frame: {median(turns)*1000:.0f} ms vs PyMuPDF render "
          f"{median(natives)*1000:.0f} ms at scale {q}, ratio {median(turns)/median(natives):.2f} (target <= 1.2)")

    # 3. prefetched: go to n, wait for n+1 to be cached, then turn
    waits = []
    for frame in range(300, 330, 3):
        shown.clear()
        win.session.go_to(frame)
        wait_shown(frame)
        end = time.perf_counter() + 10
        while win.renderer.cached(frame + 1, scale) is None and time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        shown.clear()
        t = time.perf_counter()
        win.session.go_to(frame + 1)
        wait_shown(frame + 1)
        waits.append(time.perf_counter() - t)
    print("  prefetched turns (ms):", [round(w * 1000, 1) for w in waits])
    print(f"turn to prefetched frame: median {median(waits)*1000:.1f} ms, worst {max(waits)*1000:.1f} ms "
          "(target < 16.7 ms)")

    pool.shutdown()
    # 4. memory: in fresh processes, so earlier phases do not count in the peaks
    for zoom in ("fit", "400"):
        subprocess.run([sys.executable, __file__, "--memory", zoom], check=True)


def memory(zoom: str) -> None:
    """Peak memory after paging through 300 frames of a 300 dpi reel: at fit width (the
    usual reading zoom), or at 400% (every frame rendered at its full 300 dpi)."""
    from ui.app import make_app, make_render_pool
    from ui.main_window import MainWindow
    app = make_app()
    pool = make_render_pool()
    win = MainWindow(pool)
    win.setProperty("batch", True)
    win.resize(1400, 900)
    win.show()
    shown: set[int] = set()
    win.facsimile.frameShown.connect(shown.add)

    def wait_shown(frame: int) -> None:
        loop = QEventLoop()
        done = lambda n: n == frame and loop.quit()  # noqa: E731
        win.facsimile.frameShown.connect(done)
        QTimer.singleShot(30000, loop.quit)
        if frame not in shown:
            loop.exec()
        win.facsimile.frameShown.disconnect(done)

    win.open_path(long_reel(1000))
    wait_shown(1)
    if zoom != "fit":
        win.facsimile.set_zoom_percent(float(zoom))
    for frame in range(2, 301):
        win.session.go_to(frame)
        wait_shown(frame)
    pids = [os.getpid()] + child_pids()
    label = "fit width" if zoom == "fit" else f"{zoom}%"
    print(f"peak memory after 300 frames at {label}: {peak_rss_mb(pids):.0f} MB over {len(pids)} "
          f"processes {[round(peak_rss_mb([p])) for p in pids]} (target < 400 MB)")
    pool.shutdown()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory(sys.argv[2])
    else:
        main()
