"""``python -m reelgen`` end to end: a good run, and bad input refused with a reason."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reelgen.specimens import ONE_FRAME

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "reelgen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_reel_transcript_and_truth(tmp_path):
    src = tmp_path / "t.md"
    src.write_text(ONE_FRAME, encoding="utf-8")
    out = tmp_path / "r.pdf"
    r = _run("--transcript", src, "--out", out, "--seed", 3, "--noise", 0.9, "--pitch", 10,
             "--typeface", "courier-bold", "--hand", "futural", "--frames", 2, "--json", "--jobs", 1)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)          # stdout is the JSON and nothing else
    assert summary["frames"] == 2 and Path(summary["pdf"]) == out
    truth = json.loads(out.with_name("r.truth.json").read_text())
    assert truth["style"]["noise"] == 0.9 and truth["style"]["hand"] == "futural"
    assert truth["frame_count"] == 2
    assert out.with_suffix(".md").is_file()
    assert src.read_text(encoding="utf-8") == ONE_FRAME   # the source is left alone


@pytest.mark.parametrize("make_args, reason", [
    (lambda d: ["--transcript", d / "missing.md", "--out", d / "r.pdf"], "is not a file"),
    (lambda d: ["--transcript", d / "t.md", "--out", d / "r.png"], "does not end in .pdf"),
    (lambda d: ["--transcript", d / "t.md", "--out", d / "no" / "r.pdf"], "does not exist"),
    (lambda d: ["--transcript", d / "t.md", "--out", d / "r.pdf", "--noise", 3], "--noise"),
    (lambda d: ["--transcript", d / "t.md", "--out", d / "r.pdf", "--frames", 0], "--frames"),
    (lambda d: ["--transcript", d / "latin1.md", "--out", d / "r.pdf"], "not UTF-8"),
    (lambda d: ["--transcript", d / "blank.md", "--out", d / "r.pdf"], "no text"),
    (lambda d: ["--out", d / "r.pdf"], "--transcript"),
])
def test_cli_bad_input_exits_2_with_one_line(tmp_path, make_args, reason):
    (tmp_path / "t.md").write_text("Some text.\n", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    (tmp_path / "blank.md").write_text("\n\n   \n", encoding="utf-8")
    r = _run(*make_args(tmp_path))
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], r.stderr
    assert not (tmp_path / "r.pdf").exists()
