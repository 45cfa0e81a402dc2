"""Frames rendered by the real render workers and handed back through shared memory."""
import gc
import os
import subprocess
import sys
import textwrap
from multiprocessing import shared_memory
from pathlib import Path

import numpy as np
import pytest

from reel import open_reel
from reel import worker
from tests.badinput import image_pdf
from tests.qtwindow import render_pool  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent


def _array(img):
    """A Grayscale8 / RGB888 QImage as a numpy array (rows are padded to 4 bytes)."""
    channels = 1 if img.depth() == 8 else 3
    rows = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    arr = rows[:, : img.width() * channels].reshape(img.height(), img.width(), channels)
    return arr[:, :, 0] if channels == 1 else arr


@pytest.fixture
def pdf(tmp_path):
    return image_pdf(tmp_path / "reel.pdf", pages=3)


@pytest.fixture
def renderer(qtbot, render_pool):
    from ui.app import make_app
    from viewer.renderer import FrameRenderer
    make_app()
    r = FrameRenderer(render_pool)
    yield r
    r.close()


@pytest.fixture(params=[False, True], ids=["whole", "bands"])
def bands(request):
    """Each frame rendered whole in one worker, or in two bands, one in each worker."""
    return request.param


def _render(qtbot, renderer, frame, scale):
    with qtbot.waitSignal(renderer.rendered, timeout=20000,
                          check_params_cb=lambda n, s, img: n == frame) as blocker:
        assert renderer.request(frame, scale) is None
    return blocker.args[2]


def test_frame_through_the_pool_equals_the_reels_render(qtbot, renderer, pdf, bands):
    renderer.set_reel(pdf, bands=bands)
    reel = open_reel(pdf)
    for frame, scale in ((1, 0.25), (2, 0.5)):
        img = _render(qtbot, renderer, frame, scale)
        assert np.array_equal(_array(img), reel.render(frame, scale))
    assert renderer._blocks, "the pixels came through shared memory"


def test_frame_too_large_for_the_block_comes_by_pipe_then_the_block_grows(qtbot, renderer, pdf, bands, monkeypatch):
    monkeypatch.setattr("viewer.renderer.BLOCK_STEP", 4096)   # far smaller than a frame
    renderer.set_reel(pdf, bands=bands)
    reel = open_reel(pdf)
    img = _render(qtbot, renderer, 1, 0.5)
    assert np.array_equal(_array(img), reel.render(1, 0.5))
    grown = renderer._blocks["shown"].size
    assert grown >= img.width() * img.height()
    img = _render(qtbot, renderer, 2, 0.5)       # through the grown block this time
    assert np.array_equal(_array(img), reel.render(2, 0.5))
    assert renderer._blocks["shown"].size == grown


def test_no_shared_memory_in_the_window_pixels_come_by_pipe(qtbot, renderer, pdf, bands, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no /dev/shm here")
    monkeypatch.setattr("viewer.renderer.shared_memory.SharedMemory", refuse)
    renderer.set_reel(pdf, bands=bands)
    img = _render(qtbot, renderer, 3, 0.25)
    assert np.array_equal(_array(img), open_reel(pdf).render(3, 0.25))
    assert not renderer._blocks


def test_worker_writes_into_a_block_or_hands_the_pixels_back(pdf, tmp_path, monkeypatch):
    expected = open_reel(pdf).render(1, 0.25)
    h, w = expected.shape
    block = shared_memory.SharedMemory(create=True, size=w * h)
    small = shared_memory.SharedMemory(create=True, size=100)
    try:
        assert worker.render_frame_shared(str(pdf), None, 1, 0.25, block.name) == (w, h, 1)
        assert np.array_equal(np.frombuffer(block.buf, np.uint8).reshape(h, w), expected)
        for name in (small.name, "psm_no_such_block", None):     # too small, gone, none
            got = worker.render_frame_shared(str(pdf), None, 1, 0.25, name)
            assert got[:3] == (w, h, 1)
            assert np.array_equal(np.frombuffer(got[3], np.uint8).reshape(h, w), expected)
        # without /dev/shm the worker attaches the portable way
        monkeypatch.setattr(worker, "_SHM_DIR", str(tmp_path / "no-shm"))
        block.buf[:] = bytes(w * h)
        worker._blocks.clear()
        assert worker.render_frame_shared(str(pdf), None, 1, 0.25, block.name) == (w, h, 1)
        assert np.array_equal(np.frombuffer(block.buf, np.uint8).reshape(h, w), expected)
    finally:
        for b in worker._blocks.values():
            b.close()
        worker._blocks.clear()
        for b in (block, small):
            b.close()
            b.unlink()


def test_a_closed_renderer_posts_nothing_of_the_renders_still_running(qtbot, renderer, pdf):
    """A window closed while its frames render is deleted with its renderer; a result posted
    from the pool's thread into that deletion crashed the process. Closed, the renderer posts
    nothing more: the renders under way finish in the workers and are dropped."""
    renderer.set_reel(pdf)
    got = []
    renderer.rendered.connect(lambda n, s, img: got.append(n))
    renderer.failed.connect(lambda n, msg: got.append(n))
    assert renderer.request(1, 0.5) is None and renderer.busy()
    renderer.close()
    after = renderer._pools["shown"].submit(int, 0)     # the lane's next job: done after the render
    qtbot.waitUntil(after.done, timeout=20000)
    qtbot.wait(200)         # (a result posted before the close would be delivered by now)
    assert got == []


def test_blocks_are_given_back(qtbot, render_pool, pdf):
    from ui.app import make_app
    from viewer.renderer import FrameRenderer
    make_app()
    r = FrameRenderer(render_pool)
    r.set_reel(pdf)
    _render(qtbot, r, 1, 0.25)
    names = [b.name for b in r._blocks.values()]
    assert names and all(Path("/dev/shm", n).exists() for n in names)
    del r
    gc.collect()
    assert not any(Path("/dev/shm", n).exists() for n in names)


def test_app_leaves_no_block_behind_at_exit(pdf):
    """A window that shows frames and quits without tidying up: the blocks are unlinked,
    and the resource tracker reports no leak."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from PySide6.QtCore import QEventLoop
        from ui.app import make_app, make_render_pool
        from viewer.renderer import FrameRenderer

        if __name__ == "__main__":
            app = make_app()
            pool = make_render_pool()
            r = FrameRenderer(pool)
            got = []
            r.rendered.connect(lambda n, s, img: got.append(n))
            r.set_reel({str(pdf)!r})
            r.request(1, 0.25)
            r.request(2, 0.25, 1)
            while len(got) < 2:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            print(" ".join(b.name for b in r._blocks.values()))
            pool.shutdown()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    names = done.stdout.split()
    assert len(names) == 2                            # one a lane
    assert not any(Path("/dev/shm", n).exists() for n in names)
    assert "leaked" not in done.stderr and "resource_tracker" not in done.stderr, done.stderr


def test_render_workers_stay_lean(render_pool, pdf):
    """Rendering a PDF reel, the render workers do without numpy, Qt and Pillow (each
    5-20 MB a process)."""
    probe = ("sorted({m.split('.')[0] for m in __import__('sys').modules} "
             "& {'numpy', 'PySide6', 'PIL', 'shiboken6'})")
    for pool in render_pool.values():
        pool.submit(worker.render_frame_shared, str(pdf), None, 1, 0.25, None).result(timeout=60)
        assert pool.submit(eval, probe).result(timeout=60) == []


def test_open_ahead_keeps_the_reel_open_and_leaves_errors_to_the_render(pdf, tmp_path):
    assert worker.open_ahead(str(pdf), None) == open_reel(pdf).frame_size(1)
    assert (str(pdf), None) in worker._open_reels
    assert worker.open_ahead(str(tmp_path / "missing.pdf"), None) is None


def test_blocks_of_a_killed_app_are_swept_by_the_next(qtbot, renderer, pdf):
    from viewer import renderer as module
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path("/dev/shm", f"{module.BLOCK_PREFIX}{dead.pid}-0badf00d")
    alive = Path("/dev/shm", f"{module.BLOCK_PREFIX}{os.getppid()}-0badf00d")
    for path in (stale, alive):
        path.write_bytes(bytes(4096))
    try:
        module._swept[0] = False        # as in a fresh app: its first block sweeps
        renderer.set_reel(pdf)
        _render(qtbot, renderer, 1, 0.25)
        assert not stale.exists() and alive.exists()
        assert all(b.name.startswith(module.BLOCK_PREFIX) for b in renderer._blocks.values())
    finally:
        for path in (stale, alive):
            path.unlink(missing_ok=True)


def test_a_render_worker_that_dies_fails_its_job_and_the_lane_goes_on(pdf):
    from viewer.lane import RenderLane
    from concurrent.futures.process import BrokenProcessPool
    lane = RenderLane(warm_modules=("reel.worker",))
    try:
        waiting = lane.submit(worker.render_frame_shared, str(pdf), None, 1, 0.25, None)
        dying = lane.submit(os._exit, 3)             # as a frame that crashes MuPDF would
        after = lane.submit(worker.render_frame_shared, str(pdf), None, 2, 0.25, None)
        assert len(waiting.result(timeout=60)[3]) > 0     # the job before it still done
        with pytest.raises(BrokenProcessPool):
            dying.result(timeout=60)
        got = after.result(timeout=60)
        expected = open_reel(pdf).render(2, 0.25)
        assert np.array_equal(np.frombuffer(got[3], np.uint8).reshape(expected.shape), expected)
        with pytest.raises(ZeroDivisionError):       # an error in a job comes back as itself
            lane.submit(divmod, 1, 0).result(timeout=60)
        with pytest.raises(Exception):               # arguments that do not pickle fail the job
            lane.submit(divmod, lambda: 1, 1).result(timeout=60)
        assert lane.submit(divmod, 7, 2).result(timeout=60) == (3, 1)
    finally:
        lane.shutdown()
    from work import PoolClosed
    with pytest.raises(PoolClosed):
        lane.submit(divmod, 1, 1)


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)   # on Linux, the calling thread's


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own nice value is Linux's")
def test_a_niced_lane_runs_urgent_jobs_at_full_priority():
    from viewer.lane import RenderLane
    lane = RenderLane(niceness=7)
    try:
        ordinary = lane.submit(_niceness).result(timeout=60)
        urgent = lane.submit_urgent(_niceness).result(timeout=60)
        assert urgent == _niceness()      # the worker's own, as this process's
        assert ordinary == min(19, urgent + 7)   # 19 is as low as it goes (a suite run niced)
    finally:
        lane.shutdown()


SCAN = ROOT.parent / "shared" / "corpus" / "scans" / "DOCID-32989794.pdf"   # CCITT G4 pages


def _bands(render, n, scale, cut):
    upper, row0, height = render(n, scale, 0.0, cut)
    lower, row1, _ = render(n, scale, cut, 1.0)
    if lower.height == 0:                        # the upper band is the whole frame
        assert (row0, upper.height) == (0, height)
    else:
        assert (row0, row1) == (0, upper.height) and upper.height + lower.height == height
    return np.frombuffer(bytes(upper.data) + bytes(lower.data), np.uint8).reshape(height, -1)


@pytest.mark.parametrize("name", sorted(p.name for p in SCAN.parent.glob("*.pdf")))
def test_bands_of_a_frame_make_the_frame(name):
    """Reel.render_band: a PDF's bands (clipped renders) put together are the frame, pixel
    for pixel, at the view's scales, wherever they meet; where MuPDF's sampling of a clipped
    image would differ (an image drawn near its own size or larger), the upper band is the
    whole frame."""
    scan = open_reel(SCAN.parent / name)
    for n in range(1, min(len(scan), 2) + 1):
        for scale in (0.2787, 0.35, 0.5, 1.0):
            whole = scan.render(n, scale)
            for cut in (0.45, 0.62):
                assert np.array_equal(_bands(scan.render_band, n, scale, cut), whole), (n, scale, cut)


def test_bands_of_any_reel_and_of_an_image_drawn_larger_than_its_pixels(pdf):
    from reel.base import Reel
    reel = open_reel(pdf)          # a 255 x 330 image drawn over the page, with text
    cut_whole = lambda n, scale, top, bottom: Reel._render_band(reel, n, scale, top, bottom, False)  # noqa: E731
    for scale in (0.2787, 0.5, 1.0):
        whole = reel.render(2, scale)
        assert np.array_equal(_bands(cut_whole, 2, scale, 0.55), whole)
        assert np.array_equal(_bands(reel.render_band, 2, scale, 0.55), whole)
        assert reel.render_band(2, scale, 0.55, 1.0)[0].height == 0


def test_where_the_bands_meet_follows_what_each_took(qtbot, renderer, pdf):
    renderer.set_reel(pdf, bands=True)
    assert renderer._split == pytest.approx(0.55)
    renderer._rebalance(0.010, 0.020)     # the lower band slower a row: the upper grows
    assert 0.55 < renderer._split < 0.75
    for _ in range(20):
        renderer._rebalance(0.040, 0.001)
    assert renderer._split == pytest.approx(0.25)   # never less than a quarter of the frame
    img = _render(qtbot, renderer, 1, 0.5)          # and the bands still make the frame
    assert np.array_equal(_array(img), open_reel(pdf).render(1, 0.5))
