"""Edits save themselves into the library, survive a reopen and a killed app."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from library import Library
from tests.conftest import ROOT
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)


def test_edits_save_themselves_and_come_back(qtbot, window, small_pdf, tmp_path):
    small_pdf.with_suffix(".md").write_text("<!-- frame 1 -->\nOne.\n<!-- frame 2 -->\nTwo.\n")
    open_and_wait(qtbot, window, small_pdf)
    lib = window.library
    fp = window.session.reel.fingerprint
    assert lib.transcripts(fp) == {1: "One.\n", 2: "Two.\n"}     # imported on first open
    editor = window.transcript.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "Added.")
    qtbot.waitUntil(lambda: lib.transcript(fp, 1) == "One.\nAdded.", timeout=3000)
    assert "Saved" in window.status.currentMessage()
    # the file beside the reel is never written
    assert small_pdf.with_suffix(".md").read_text() == "<!-- frame 1 -->\nOne.\n<!-- frame 2 -->\nTwo.\n"
    open_and_wait(qtbot, window, small_pdf)                      # reopen: the library's text wins
    assert window.transcript.text() == "One.\nAdded."


def test_a_read_only_library_still_opens_the_reel(qtbot, window, small_pdf, tmp_path, monkeypatch):
    path = tmp_path / "ro" / "library.db"
    path.parent.mkdir()
    Library.open(path).close()
    monkeypatch.setenv("REEL_READER_LIBRARY", str(path))
    monkeypatch.setattr("ui.opening.Library.open", lambda p=None, readonly=False: Library(path, readonly=True))
    open_and_wait(qtbot, window, small_pdf)
    assert window.library.readonly
    window.transcript.editor.insertPlainText("typed")
    qtbot.waitUntil(lambda: "Not saved" in window.status.currentMessage(), timeout=3000)
    assert window.saver.pending == {1: "typed"}                  # kept, not dropped


TYPIST = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from ui.app import make_app, make_render_pool
from ui.main_window import MainWindow

def main():
    app = make_app()
    pools = make_render_pool()
    win = MainWindow(pools)
    win.setProperty("batch", True)
    count = [0]
    def type_one():
        count[0] += 1
        win.transcript.editor.insertPlainText(f" w{{count[0]}}")
        print(count[0], time.time(), flush=True)
    timer = QTimer(interval=20)
    timer.timeout.connect(type_one)
    win.reelOpened.connect(lambda _: timer.start())
    win.open_path({reel!r})
    app.exec()

if __name__ == "__main__":
    main()
"""


def test_killed_app_keeps_every_edit_older_than_a_second(tmp_path, small_pdf):
    lib_path = tmp_path / "kill.db"
    env = dict(os.environ, REEL_READER_LIBRARY=str(lib_path))
    script = tmp_path / "typist.py"
    script.write_text(TYPIST.format(root=str(ROOT), reel=str(small_pdf)))
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env,
                                start_new_session=True)
        typed = []
        deadline = time.time() + 30
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            typed.append(line.split())
            if len(typed) > 1 and float(typed[-1][1]) - float(typed[0][1]) > 2.0 + attempt * 0.5:
                break
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = time.time()
        conn = sqlite3.connect(lib_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = conn.execute("SELECT text FROM transcripts WHERE frame = 1").fetchone()
        conn.close()
        older = [int(n) for n, t in typed if float(t) < killed_at - 1.0]
        if older:
            assert saved is not None and f" w{max(older)}" in saved[0], (max(older), saved)


def test_a_transcript_without_markers_is_saved_whole(qtbot, window, small_pdf):
    small_pdf.with_suffix(".md").write_text("A memorandum with no frame markers.\n")
    open_and_wait(qtbot, window, small_pdf)
    fp = window.session.reel.fingerprint
    window.actions["next_frame"].trigger()
    window.transcript.editor.moveCursor(window.transcript.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.transcript.editor, "More.")
    qtbot.waitUntil(lambda: window.library.transcripts(fp) == {0: "A memorandum with no frame markers.\nMore."},
                    timeout=3000)
