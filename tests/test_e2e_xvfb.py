"""End to end on a real X server (Xvfb): the app as separate processes, driven by xdotool,
checked by what X reports and by the pixels on the screen.

The tour is scripts/screenshots.py's, so the README's screenshots come from this path.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import ROOT, SAMPLE_REEL

pytestmark = pytest.mark.xvfb

if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
    pytest.skip("Xvfb or xdotool is not installed (Debian: xvfb, xdotool; scripts/setup.sh installs them)",
                allow_module_level=True)

from desktop.instance import request  # noqa: E402
from desktop.xsession import XSession  # noqa: E402
from scripts.screenshots import SCREEN, make_second_reel, run_tour  # noqa: E402


@pytest.fixture
def private_session(monkeypatch):
    """A runtime folder short enough for a Unix socket's path, private to the test."""
    folder = Path(tempfile.mkdtemp(prefix="rr-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def frame_scores(screen: Image.Image, window: dict, reel_path: Path) -> dict[int, float]:
    """How well the page on screen matches each frame of the reel (normalised correlation of
    the visible part of the page, both brought to the same small size)."""
    from reel import open_reel
    x, y, w, h = window["page"]
    x0, y0, x1, y1 = window["page_in_frame"]
    size = (96, max(8, round(96 * h / w)))
    shown = np.asarray(screen.crop((x, y, x + w, y + h)).convert("L").resize(size, Image.BILINEAR), float)
    scores = {}
    with open_reel(reel_path) as reel:
        for n in range(1, len(reel) + 1):
            scale = 0.08
            img = Image.fromarray(reel.render(n, scale=scale))
            part = img.crop((x0 * scale, y0 * scale, x1 * scale, y1 * scale)).resize(size, Image.BILINEAR)
            a, b = shown - shown.mean(), np.asarray(part, float)
            b = b - b.mean()
            scores[n] = float((a * b).sum() / (np.sqrt((a * a).sum() * (b * b).sum()) + 1e-9))
    return scores


def test_two_reels_one_instance_keys_and_the_screen(tmp_path, private_session, corpus):
    reel_b = make_second_reel(corpus / "transcripts" / "frus-telegram-1962-11-06.md", tmp_path)
    broken = tmp_path / "damaged.pdf"
    broken.write_bytes(b"%PDF-1.7\n% the rest of this file was lost in the copy\n")
    home = tmp_path / "home"
    home.mkdir()
    with XSession(*SCREEN) as x:
        tour = run_tour(x, home, SAMPLE_REEL, reel_b, broken)

    a_title, b_title = f"{SAMPLE_REEL.name} — Reel Reader", f"{reel_b.name} — Reel Reader"
    # Both windows, in one process, with the right titles, as the app and as X see them.
    seen = {w["title"]: w for w in tour.seen["two reels"]}
    assert set(seen) == {a_title, b_title}
    assert tour.x_titles["two reels"] == sorted([a_title, b_title])
    # Page Down then Ctrl+G 3 in the telegram; Ctrl+End, Ctrl+Home in the sample reel;
    # then opening the sample reel again brought its window to the front.
    assert seen[b_title]["frame"] == 3 and seen[a_title]["frame"] == 1
    assert seen[a_title]["active"] and not seen[b_title]["active"]
    assert len(tour.handover_seconds) == 3   # three launches handed over and exited 0

    # The pixels: each window shows its own reel at its frame.
    screen = Image.open(tour.shots["two-reels"])
    for title, path, frame in ((a_title, SAMPLE_REEL, 1), (b_title, reel_b, 3)):
        scores = frame_scores(screen, seen[title], path)
        best = max(scores, key=scores.get)
        assert best == frame, f"{title}: the screen looks like frame {best}, not {frame}: {scores}"
        assert scores[frame] > 0.6
    # Side by side, nothing else on the screen covers them: the two halves differ.
    left, right = np.asarray(screen.crop((0, 0, SCREEN[0] // 2, SCREEN[1])), float), \
        np.asarray(screen.crop((SCREEN[0] // 2, 0, SCREEN[0], SCREEN[1])), float)
    assert np.abs(left - right).mean() > 5

    # The broken file's dialog came up in the running app, over a third, empty window.
    assert "Reel Reader" in tour.x_titles["broken reel"]

    # Started again (after Ctrl+Q): the telegram reopened at frame 3, in the dark scheme.
    (again,) = tour.seen["reopened"]
    assert again["title"] == b_title and again["frame"] == 3
    dark = Image.open(tour.shots["dark"]).convert("L")
    light = Image.open(tour.shots["sample-reel"]).convert("L")
    gx, gy, gw, gh = again["geometry"]
    status_bar = (gx + 5, gy + gh - 12, gx + gw // 3, gy + gh - 4)   # text on the window colour
    assert np.asarray(dark.crop(status_bar)).mean() < 90
    assert np.asarray(light.crop(status_bar)).mean() > 170


def write_reel_zip(path: Path, pages: int) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for n in range(1, pages + 1):
            img = Image.new("L", (850, 1100), 215)
            from PIL import ImageDraw
            ImageDraw.Draw(img).text((100, 100 + 40 * n), f"frame {n}", fill=30)
            from io import BytesIO
            buf = BytesIO()
            img.save(buf, "PNG")
            z.writestr(f"frame{n}.png", buf.getvalue())
    return path


@pytest.mark.skipif(shutil.which("gio") is None, reason="gio is not installed (Debian: libglib2.0-bin)")
def test_double_click_in_a_file_manager(tmp_path, private_session, monkeypatch):
    """After --install-desktop, opening a .reel as a file manager does (gio open: the default
    application for its MIME type) starts Reel Reader through run.sh; a broken reel, with no
    terminal to read, gets a dialog; the next double-click goes to the running instance."""
    data_home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("XDG_DATA_DIRS", "/usr/share")
    install = subprocess.run([sys.executable, str(ROOT / "main.py"), "--install-desktop"],
                             capture_output=True, text=True, timeout=60)
    assert install.returncode == 0, install.stderr
    broken = tmp_path / "broken.reel"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    good = write_reel_zip(tmp_path / "letters.reel", pages=2)

    pid = None
    with XSession(1280, 900) as x:
        env = x.env()
        try:
            # The app inherits gio's output: a file, not a pipe that run() would wait on.
            with open(tmp_path / "app.log", "w") as log:
                subprocess.run(["gio", "open", str(broken)], env=env, check=True, timeout=30,
                               stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            dialog = x.wait_window("^Cannot Open Reel$", timeout=60)   # run.sh checks the set-up first
            pid = request({"action": "ping"})["pid"]
            x.focus(dialog)
            x.key("Return")
            x.wait_for(lambda: not x.find("^Cannot Open Reel$"), 10, "the dialog to close")
            assert x.find("^Reel Reader$"), "the app stays open, ready for File > Open"

            with open(tmp_path / "handover.log", "w") as log:
                subprocess.run(["gio", "open", str(good)], env=env, check=True, timeout=30,
                               stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            x.wait_window(f"^{good.name} — Reel Reader$", timeout=30)
            assert request({"action": "ping"})["pid"] == pid       # the same instance
            window = x.wait_window(f"^{good.name} — Reel Reader$")
            x.focus(window)
            x.key("ctrl+q")
            x.wait_for(lambda: not _alive(pid), 20, "the app to quit")
            pid = None
        finally:
            if pid is not None and _alive(pid):
                os.kill(pid, 15)   # the instance gio started for this test


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by init) is gone for our purposes
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
