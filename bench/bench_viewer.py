"""Issue 3's speed and memory figures for the window, as ratios against baselines of the same run.

    .venv/bin/python bench/bench_viewer.py [--runs N]

1. open a 1,000-frame reel to the first frame painted / the same for a 10-frame reel (<= 1.5),
   reopened (the library knows their fingerprints) and, printed beside it, opened for the
   first time (copies: their fingerprints hashed)
2. turn to an uncached frame, from the request to the frame painted on the viewport /
   PyMuPDF's own render of that frame at the same scale in this process (<= 1.2)
3. turn to a prefetched frame: time until painted (< one display refresh, 16.7 ms)
4. peak memory (window + render workers) after paging through 300 frames at 300 dpi (< 400 MB)

Fairness of 2: a reader looks at a frame before turning, so each turn starts with the app
settled (prefetches and thumbnails done), and each baseline render is made while the app
is settled too, with MuPDF's store emptied as the render worker empties its own. The turn
and the baseline alternate in order; each is the best of 3 for the frame (the machine is
shared and every disturbance only adds). "Rushed" turns, made while the previous turn's
prefetches still run, are printed as well (no target).

No Qt at the top of this file: the render workers are spawned and import this module as
their __main__; importing Qt there would make them 20 MB larger than in the app.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _private_settings() -> None:
    """A library and settings of the benchmark's own, with the OCR of untranscribed frames
    in the background turned off (its workers are not the viewer's; they would take the
    CPU from the turns measured and add 130-200 MB each to the memory)."""
    import atexit
    import shutil
    import tempfile
    home = Path(tempfile.mkdtemp(prefix="bench-viewer-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    for kind in ("DATA", "CONFIG", "CACHE"):
        os.environ[f"XDG_{kind}_HOME"] = str(home / kind.lower())
    ini = home / "config" / "reel-reader" / "reel-reader.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[ocr]\nbackground=false\n")


class Driver:
    """A real main window and ways to wait on it without busy-waiting."""

    def __init__(self):
        _private_settings()
        from ui.app import make_app, make_render_pool
        from ui.main_window import MainWindow
        self.app = make_app()
        self.pool = make_render_pool()
        self.win = MainWindow(self.pool)
        # The viewer alone: finding marks on each frame shown (400 ms after it is painted)
        # would compete with the turns for the two cores and add its worker to the memory.
        self.win.features["analysis"]._later.timeout.disconnect()
        self.win.setProperty("batch", True)
        self.win.resize(1400, 900)
        self.win.show()
        self.painted: dict[int, float] = {}
        self.win.facsimile.framePainted.connect(lambda n: self.painted.setdefault(n, time.perf_counter()))

    def wait_painted(self, frame: int, timeout: float = 30.0) -> float:
        """Sleep in a real event loop (as the app does; a busy processEvents loop would steal
        the GIL from the pool's result thread) until FRAME is painted; the time it was."""
        from PySide6.QtCore import QEventLoop, QTimer
        if frame not in self.painted:
            loop = QEventLoop()
            done = lambda n: n == frame and loop.quit()  # noqa: E731
            self.win.facsimile.framePainted.connect(done)
            QTimer.singleShot(int(timeout * 1000), loop.quit)
            if frame not in self.painted:
                loop.exec()
            self.win.facsimile.framePainted.disconnect(done)
        if frame not in self.painted:
            raise TimeoutError(f"frame {frame} never painted")
        return self.painted[frame]

    def settle(self, timeout: float = 20.0) -> None:
        """Until no render is queued or running, then a little longer."""
        end = time.perf_counter() + timeout
        while self.win.renderer.busy() and time.perf_counter() < end:
            self.idle(0.01)   # asleep in an event loop: processEvents(flags, ms) would spin
        self.idle(0.05)

    def idle(self, seconds: float) -> None:
        from PySide6.QtCore import QEventLoop, QTimer
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def turn(self, frame: int) -> float:
        """go_to(FRAME) until it is painted, in seconds."""
        self.painted.pop(frame, None)
        t = time.perf_counter()
        self.win.session.go_to(frame)
        return self.wait_painted(frame) - t

    def open(self, path: Path) -> float:
        self.settle()
        self.idle(0.2)  # the last reel's timers (a sharp re-request after a fit) have fired
        self.painted.clear()
        t = time.perf_counter()
        self.win.open_path(path)
        return self.wait_painted(1) - t


REPEAT = 3


def main(runs: int) -> None:
    import pymupdf
    from bench.common import long_reel, median
    from viewer.renderer import quantize_scale

    d = Driver()
    small, large = long_reel(10), long_reel(1000)
    d.open(small)  # warm the workers
    t_small = min(d.open(small) for _ in range(5))
    t_large = min(d.open(large) for _ in range(5))
    print(f"open to first frame painted: 10 frames {t_small*1000:.0f} ms, 1000 frames {t_large*1000:.0f} ms, "
          f"ratio {t_large / t_small:.2f} (target <= 1.5)")
    # The same for reels never opened before (copies: new files to the library and the
    # workers): the library does not know their fingerprint yet, so it is hashed.
    import shutil
    import tempfile
    firsts = {}
    with tempfile.TemporaryDirectory(prefix="bench-first-open-") as tmp:
        for n, path in ((10, small), (1000, large)):
            times = []
            for k in range(3):
                copy = Path(tmp) / f"first-{n}-{k}.pdf"
                shutil.copy(path, copy)
                times.append(d.open(copy))
            firsts[n] = min(times)
        d.open(large)   # the turns below are made in it
    print(f"  first open (fingerprint hashed): 10 frames {firsts[10]*1000:.0f} ms, 1000 frames "
          f"{firsts[1000]*1000:.0f} ms, ratio {firsts[1000] / firsts[10]:.2f}")

    # 2. uncached turn vs PyMuPDF's own render of the same frame at the same scale
    scale = d.win.facsimile.render_scale()
    q = quantize_scale(scale)
    zoom = 300 / 72 * q
    doc = pymupdf.open(large)

    def native(frame: int) -> float:
        pymupdf.TOOLS.store_shrink(100)
        page = doc[frame - 1]
        t = time.perf_counter()
        page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
        return time.perf_counter() - t

    # Each frame is turned to both ways, alternating: as the app does, in two bands, one in
    # each render worker (when the background worker is idle, as it is settled), and whole
    # in the shown worker alone (what it did before, and does for reels of images).
    for run in range(runs):
        turns = {"bands": [], "whole": []}
        ratios = {"bands": [], "whole": []}
        natives = []
        for i, frame in enumerate(range(200 + run * 40, 240 + run * 40, 4)):
            turn_f, native_f = {"bands": [], "whole": []}, []
            for k in range(REPEAT):
                for way in ("bands", "whole") if (i + k) % 2 else ("whole", "bands"):
                    # a turn is always from the frame before, itself rendered afresh and settled
                    d.win.renderer._cache.clear()
                    d.turn(frame - 1)
                    d.settle()
                    d.win.renderer._cache.clear()
                    d.win.renderer._bands = way == "bands"
                    if (i + k) % 2:
                        native_f.append(native(frame))
                        d.settle()
                        turn_f[way].append(d.turn(frame))
                        d.settle()
                    else:
                        turn_f[way].append(d.turn(frame))
                        d.settle()
                        native_f.append(native(frame))
            natives.append(min(native_f))
            for way, times in turn_f.items():
                turns[way].append(min(times))
                ratios[way].append(turns[way][-1] / natives[-1])
        d.win.renderer._bands = True
        for way in ("bands", "whole"):
            r = sorted(ratios[way])
            print(f"run {run + 1}: turn to uncached frame, {way} (settled, best of {REPEAT} a frame, "
                  f"{len(r)} frames): median {median(turns[way])*1000:.1f} ms vs PyMuPDF render "
                  f"{median(natives)*1000:.1f} ms at scale {q}; ratio per frame: median {median(r):.2f} "
                  f"[{r[0]:.2f}-{r[-1]:.2f}]" + (" (target <= 1.2)" if way == "bands" else ""))

    rushed = []
    for frame in range(500, 530, 2):
        d.win.renderer._cache.clear()
        rushed.append(d.turn(frame))
    print(f"turn to uncached frame, rushed (prefetches of the last turn still running): median "
          f"{median(rushed)*1000:.1f} ms, worst {max(rushed)*1000:.1f} ms")

    # 3. prefetched: go to n, wait for n+1 to be cached, then turn
    waits = []
    for frame in range(300, 330, 3):
        d.turn(frame)
        d.settle()
        if d.win.renderer.cached(frame + 1, d.win.facsimile.render_scale_for(d.win._frame_size(frame + 1))) is None:
            print(f"  frame {frame + 1} was not prefetched")
        waits.append(d.turn(frame + 1))
    print("  prefetched turns (ms):", [round(w * 1000, 1) for w in waits])
    print(f"turn to prefetched frame: median {median(waits)*1000:.1f} ms, worst {max(waits)*1000:.1f} ms "
          "(target < 16.7 ms)")

    d.pool.shutdown()
    # 4. memory: in fresh processes, so earlier phases do not count in the peaks
    for zoom_arg in () if "--no-memory" in sys.argv else ("fit", "400"):
        subprocess.run([sys.executable, __file__, "--memory", zoom_arg], check=True)


def memory(zoom: str) -> None:
    """Peak memory after paging through 300 frames of a 300 dpi reel: at fit width (the
    usual reading zoom), or at 400% (every frame rendered at its full 300 dpi)."""
    from bench.common import child_pids, long_reel, peak_rss_mb
    d = Driver()
    d.open(long_reel(1000))
    if zoom != "fit":
        d.win.facsimile.set_zoom_percent(float(zoom))
    for frame in range(2, 301):
        d.win.session.go_to(frame)
        d.wait_painted(frame)
    pids = [os.getpid()] + child_pids()
    label = "fit width" if zoom == "fit" else f"{zoom}%"
    print(f"peak memory after 300 frames at {label}: {peak_rss_mb(pids):.0f} MB over {len(pids)} "
          f"processes {[round(peak_rss_mb([p])) for p in pids]} (target < 400 MB)")
    d.pool.shutdown()


def traced_render(*args):
    """reel.worker.render_frame_shared with the worker's own timestamps appended (perf_counter
    is the same monotonic clock in every process on Linux): start, rendered, copied, end."""
    import time as _t
    import reel.worker as w
    import resource
    ru = resource.getrusage(resource.RUSAGE_THREAD)
    cpu0 = os.sched_getcpu() if hasattr(os, "sched_getcpu") else -1
    t0 = _t.perf_counter()
    c0 = _t.thread_time()
    path, password, n, scale, block = args
    px = w._reel(path, password).render_pixels(n, scale=scale)
    t1 = _t.perf_counter()
    cpu = _t.thread_time() - c0
    ru2 = resource.getrusage(resource.RUSAGE_THREAD)
    global _TRACE_EXTRA
    _TRACE_EXTRA = (ru2.ru_nivcsw - ru.ru_nivcsw, ru2.ru_nvcsw - ru.ru_nvcsw, cpu0)
    size = px.nbytes
    buf = w._block(block)
    buf[:size] = px.data
    t2 = _t.perf_counter()
    out = (px.width, px.height, px.channels)
    del px
    w._release_store()
    return out + ((t0, t1, t2, _t.perf_counter(), cpu) + _TRACE_EXTRA,)


def trace(turns: int) -> None:
    """Where an uncached turn's time goes: timestamps from go_to to the frame painted, in
    the GUI process and (by the same clock) in the render worker; medians over TURNS."""
    import pymupdf
    from bench.common import long_reel, median
    import viewer.renderer as vr
    from viewer.facsimile import FacsimileView
    from viewer.lane import RenderLane

    marks: dict[str, float] = {}
    stamp = lambda name: marks.setdefault(name, time.perf_counter())  # noqa: E731
    vr.render_frame_shared = traced_render
    plain_image_or_error = vr._image_or_error

    class _Done:
        def __init__(self, value):
            self._value = value

        def result(self):
            return self._value

    def image_or_error(future, block):
        stamp("reader")
        value = future.result()
        if isinstance(value, tuple) and len(value) == 4 and isinstance(value[3], tuple):
            marks["worker"] = value[3]
            value = value[:3]
        out = plain_image_or_error(_Done(value), block)
        stamp("qimage")
        return out
    vr._image_or_error = image_or_error

    send = RenderLane._send

    def traced_send(self, future, job):
        send(self, future, job)
        if job[0] is traced_render:
            stamp("sent")
    RenderLane._send = traced_send
    finished = vr.FrameRenderer._on_finished

    def traced_finished(self, tag, result):
        stamp("gui")
        marks.setdefault("cpu2", time.thread_time())
        finished(self, tag, result)
        stamp("handled")
    vr.FrameRenderer._on_finished = traced_finished
    paint = FacsimileView.paintEvent

    def traced_paint(self, event):
        if self._unpainted:
            stamp("paint")
        paint(self, event)
    FacsimileView.paintEvent = traced_paint
    shown = FacsimileView._set_image

    def traced_set_image(self, img, scale):
        shown(self, img, scale)
        stamp("set")
    FacsimileView._set_image = traced_set_image

    d = Driver()
    if "--no-defer" in sys.argv:
        d.win.DEFER_REPAINTS = False
    go_to = d.win.session.go_to

    def traced_go_to(frame):
        marks["cpu0"] = time.thread_time()
        go_to(frame)
        stamp("returned")
        marks["cpu1"] = time.thread_time()
    d.win.session.go_to = traced_go_to
    d.win.renderer.failed.connect(lambda n, m: print("failed", n, m))
    started: dict = {}
    d.win.runner.started.connect(lambda task: started.__setitem__(task.name, started.get(task.name, 0) + 1))
    print("  background OCR on:", d.win.features["ocr"].background.enabled)
    large = long_reel(1000)
    d.open(large)
    d.settle()
    d.win.renderer._bands = False   # the steps are those of a frame rendered whole in one worker
    scale = vr.quantize_scale(d.win.facsimile.render_scale())
    zoom = 300 / 72 * scale
    doc = pymupdf.open(large)
    steps = {k: [] for k in ("go_to to sent", "sent to worker start", "worker render", "worker copy",
                             "worker end to reader", "reader to qimage made", "qimage to GUI slot",
                             "GUI slot to image set", "image set to slot end", "slot end to paint",
                             "paint", "turn", "worker render CPU", "go_to returned",
                             "GUI CPU in go_to", "GUI CPU go_to to result", "bare render",
                             "bare render CPU")}
    extra = []
    profile = None
    if "--profile" in sys.argv:
        import cProfile
        profile = cProfile.Profile()

    def threads():
        out = {}
        for task in Path("/proc/self/task").iterdir():
            try:
                name = (task / "comm").read_text().strip()
                run, wait, slices = map(int, (task / "schedstat").read_text().split())
            except OSError:
                continue
            out[task.name] = (name, run, slices)
        return out
    activity: dict = {}
    perf = None
    if "--perf" in sys.argv:   # a profile of the GUI process's threads during the turns
        perf = subprocess.Popen(["perf", "record", "-F", "5000", "-g", "-o", "/tmp/turns.perf", "-p",
                                 str(os.getpid())], stderr=subprocess.DEVNULL)
        time.sleep(1)
    for frame in range(400, 400 + 3 * turns, 3):
        d.win.renderer._cache.clear()
        d.turn(frame - 1)
        d.settle()
        d.win.renderer._cache.clear()
        marks.clear()
        before = threads()
        if profile is not None:
            profile.enable()
        t = time.perf_counter()
        total = d.turn(frame)
        if profile is not None:
            profile.disable()
        after = threads()
        for tid, (name, run, slices) in after.items():
            if tid in before:
                a = activity.setdefault(name, [0, 0])
                a[0] += run - before[tid][1]
                a[1] += slices - before[tid][2]
        end = d.painted[frame]
        w0, w1, w2, w3, cpu, inv, vol, on_cpu = marks["worker"]
        extra.append((inv, vol, on_cpu))
        steps["worker render CPU"].append(cpu)
        steps["GUI CPU in go_to"].append(marks["cpu1"] - marks["cpu0"])
        steps["GUI CPU go_to to result"].append(marks["cpu2"] - marks["cpu1"])
        steps["go_to returned"].append(marks["returned"] - t)
        m = marks
        for name, a, b in (("go_to to sent", t, m["sent"]), ("sent to worker start", m["sent"], w0),
                           ("worker render", w0, w1), ("worker copy", w1, w2),
                           ("worker end to reader", w3, m["reader"]), ("reader to qimage made", m["reader"], m["qimage"]),
                           ("qimage to GUI slot", m["qimage"], m["gui"]), ("GUI slot to image set", m["gui"], m["set"]),
                           ("image set to slot end", m["set"], m["handled"]), ("slot end to paint", m["handled"], m["paint"]),
                           ("paint", m["paint"], end)):
            steps[name].append(b - a)
        steps["turn"].append(total)
        d.settle()
        pymupdf.TOOLS.store_shrink(100)
        page = doc[frame - 1]
        t, c = time.perf_counter(), time.thread_time()
        page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
        steps["bare render"].append(time.perf_counter() - t)
        steps["bare render CPU"].append(time.thread_time() - c)
    if perf is not None:
        import signal
        perf.send_signal(signal.SIGINT)
        perf.wait()
    if profile is not None:
        import pstats
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    print("  tasks started:", started)
    print("  GUI process threads during the turns (ms on CPU, timeslices, per turn):",
          {k: (round(v[0] / 1e6 / turns, 2), round(v[1] / turns, 1)) for k, v in activity.items() if v[0]})
    print("  worker (involuntary, voluntary switches, cpu):", extra)
    for name, values in steps.items():
        print(f"  {name:24s} median {median(values)*1000:6.2f} ms  [{min(values)*1000:.2f}-{max(values)*1000:.2f}]")
    d.pool.shutdown()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory(sys.argv[2])
    elif sys.argv[1:2] == ["--trace"]:
        trace(int(sys.argv[2]) if len(sys.argv) > 2 else 15)
    else:
        main(int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3)
