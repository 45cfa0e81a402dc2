"""main.py as a user runs it: screenshots of the real window, bad input on the command line."""
import os
import subprocess
import sys

import pytest
from PIL import Image

from tests.badinput import BAD_REELS, image_pdf
from tests.conftest import ROOT


def run_main(*args, timeout=90):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def test_screenshot_of_a_reel(tmp_path):
    reel = image_pdf(tmp_path / "reel.pdf", pages=3)
    out = tmp_path / "shot.png"
    result = run_main("--screenshot", out, reel, "--frame", 2, "--size", "1000x700")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    img = Image.open(out)
    assert img.size == (1000, 700)
    # the scan (light grey page) is painted in the middle of the window, not only the background
    assert img.convert("L").getpixel((450, 400)) > 150


@pytest.mark.parametrize("case", sorted(BAD_REELS))
def test_bad_reel_on_the_command_line(tmp_path, case):
    build, words = BAD_REELS[case]
    result = run_main("--screenshot", tmp_path / "x.png", build(tmp_path))
    assert result.returncode == 2
    lines = [l for l in result.stderr.splitlines() if l.startswith("reel-reader:")]
    assert len(lines) == 1 and words in lines[0]
    assert result.stdout == ""
    assert not (tmp_path / "x.png").exists()


def test_usage_errors_exit_2():
    result = run_main("--frame", "x")
    assert result.returncode == 2 and "reel-reader:" in result.stderr
