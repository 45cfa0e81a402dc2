"""One instance, one window per reel: the local socket, its protocol, and the window
manager that answers it (real windows offscreen, real sockets, real reels)."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import instance
from tests.badinput import image_pdf
from tests.conftest import ROOT
from tests.qtwindow import render_pool  # noqa: F401 (fixture)


@pytest.fixture
def runtime_dir(monkeypatch):
    # Short: a Unix socket's path must fit in 108 bytes, which pytest's tmp_path may not.
    folder = Path(tempfile.mkdtemp(prefix="rr-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(qtbot, runtime_dir):
    from ui.app import make_app
    from ui.single_instance import SingleInstance
    make_app()
    received = []

    def handler(message):
        received.append(message)
        return {"ok": True, "echo": message.get("action")}

    srv = SingleInstance(handler)
    srv.received = received
    yield srv
    srv.close()


def in_thread(qtbot, fn, *args):
    """Run a blocking client call while the Qt event loop serves the other end."""
    out = []
    thread = threading.Thread(target=lambda: out.append(fn(*args)), daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(out), timeout=15000)
    thread.join(5)
    return out[0]


def raw_request(qtbot, path, data: bytes):
    def go():
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(10)
            s.connect(str(path))
            s.sendall(data)
            return instance.read_message(s.recv)
    return in_thread(qtbot, go)


def test_socket_is_private_and_per_library(tmp_path, monkeypatch, runtime_dir):
    path = instance.socket_path()
    assert path.parent == runtime_dir
    monkeypatch.setenv("REEL_READER_LIBRARY", str(tmp_path / "other.db"))
    assert instance.socket_path() != path            # another library, another instance
    open_dir = tmp_path / "shared"
    open_dir.mkdir(mode=0o777)
    open_dir.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(open_dir))
    fallback = instance.socket_path()                # not private: a folder of our own instead
    assert fallback.parent.name == f"reel-reader-{os.getuid()}"
    assert (fallback.parent.stat().st_mode & 0o077) == 0


def test_no_instance_means_no_hand_over(runtime_dir):
    assert instance.hand_over([ROOT / "resources" / "sample-reel.pdf"]) is False
    assert instance.running_windows() is None


def test_hand_over_reaches_the_running_instance(qtbot, server, tmp_path):
    assert server.listen()
    reel = tmp_path / "reel.pdf"
    assert in_thread(qtbot, instance.hand_over, [reel], 4, None) is True
    (message,) = server.received
    assert message["action"] == "open" and message["paths"] == [str(reel)] and message["frame"] == 4
    assert in_thread(qtbot, instance.request, {"action": "ping"})["pid"] == os.getpid()


def test_bad_requests_get_a_reason(qtbot, server):
    assert server.listen()
    reply = raw_request(qtbot, server.path, b"this is not json\n")
    assert reply["ok"] is False and "not a request" in reply["error"]
    reply = raw_request(qtbot, server.path, json.dumps({"protocol": 99, "action": "open"}).encode() + b"\n")
    assert reply["ok"] is False and "different version" in reply["error"]
    reply = raw_request(qtbot, server.path, b'{"protocol": 1, "action": "ping"}\n')
    assert reply["ok"] is True
    assert server.received == []


def test_a_stale_socket_left_by_a_crash_is_replaced(qtbot, server):
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(server.path))     # the file stays, nobody listens: as after a SIGKILL
    dead.close()
    assert server.path.exists()
    assert server.listen()
    assert in_thread(qtbot, instance.request, {"action": "ping"})["ok"]


def test_a_second_process_defers_to_the_live_instance(qtbot, server):
    assert server.listen()
    probe = ("from ui.app import make_app; from ui.single_instance import SingleInstance; "
             "make_app(); print(SingleInstance(lambda m: {}).listen())")
    out = []
    thread = threading.Thread(target=lambda: out.append(subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))), daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(out), timeout=60000)
    assert out[0].stdout.strip() == "False", out[0].stderr
    assert server.listening


# -- the window manager -------------------------------------------------------------------
@pytest.fixture
def manager(qtbot, render_pool):
    from ui.app import make_app
    from ui.windows import WindowManager
    make_app()
    wm = WindowManager(render_pool, size=(1000, 700))
    yield wm
    for w in list(wm.windows):
        w.runner.cancel_all()
        w.close()
    qtbot.waitUntil(lambda: not wm.windows, timeout=5000)


def opened(qtbot, wm, path, **kw):
    w = wm.open(path, **kw)
    qtbot.waitUntil(lambda: w.session.reel is not None and bool(w.property("shownFrame")), timeout=20000)
    return w


def test_one_window_per_reel(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=4)
    b = image_pdf(tmp_path / "b.pdf", pages=2)
    wa = opened(qtbot, manager, a)
    wb = opened(qtbot, manager, b)
    assert wa is not wb and len(manager.windows) == 2
    assert wa.windowTitle().startswith("a.pdf") and wb.windowTitle().startswith("b.pdf")
    again = manager.open(a, frame=3)        # the same reel: its window, at the frame asked for
    assert again is wa and len(manager.windows) == 2
    assert wa.session.frame == 3
    assert manager.windows[-1] is wa    # brought to the front


def test_a_copy_of_an_open_reel_goes_to_its_window(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=4)
    copy = tmp_path / "elsewhere" / "renamed.pdf"
    copy.parent.mkdir()
    shutil.copy(a, copy)
    wa = opened(qtbot, manager, a)
    w2 = manager.open(copy, frame=2)
    qtbot.waitUntil(lambda: len(manager.windows) == 1, timeout=20000)   # same fingerprint
    assert manager.windows == [wa] and wa.session.frame == 2
    assert w2 is not wa


def test_file_open_makes_a_new_window_unless_this_one_is_empty(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=2)
    b = image_pdf(tmp_path / "b.pdf", pages=2)
    empty = manager.new_window()
    empty.request_open(a)                  # what File > Open, drops and Recent Reels call
    qtbot.waitUntil(lambda: empty.session.reel is not None, timeout=20000)
    assert manager.windows == [empty]
    empty.request_open(b)
    qtbot.waitUntil(lambda: len(manager.windows) == 2 and all(w.session.reel for w in manager.windows),
                    timeout=20000)
    assert empty.session.reel.name == "a.pdf"
    assert {w.session.reel.name for w in manager.windows} == {"a.pdf", "b.pdf"}


def test_requests_from_other_launches(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=3)
    b = image_pdf(tmp_path / "b.pdf", pages=3)
    reply = manager.handle_request({"action": "open", "paths": [str(a), str(b)], "frame": 2})
    assert reply == {"ok": True}
    qtbot.waitUntil(lambda: len(manager.windows) == 2 and all(w.property("shownFrame") == 2
                                                              for w in manager.windows), timeout=20000)
    # both opened at once, yet one library for both (two first opens would race on the file)
    assert manager.library is not None
    assert all(w.library is manager.library for w in manager.windows)
    described = manager.handle_request({"action": "windows"})["windows"]
    assert sorted(d["title"] for d in described) == ["a.pdf — Reel Reader", "b.pdf — Reel Reader"]
    for d in described:
        assert d["frame"] == 2 and d["count"] == 3 and d["fingerprint"].startswith("pdf-")
        x, y, w, h = d["page"]
        assert w > 100 and h > 100
    assert manager.handle_request({"action": "open", "paths": ["relative.pdf"]})["ok"] is False
    assert manager.handle_request({"action": "dance"})["ok"] is False
    before = list(manager.windows)
    assert manager.handle_request({"action": "open", "paths": []}) == {"ok": True}   # bring one up
    qtbot.wait(50)
    assert manager.windows == before or set(manager.windows) == set(before)


def test_a_bad_reel_from_another_launch_is_a_dialog_then_its_window_goes(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=2)
    opened(qtbot, manager, a)
    seen = []

    def close_dialog():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.windowTitle(), box.text()))
            box.accept()
        else:
            QTimer.singleShot(50, close_dialog)

    QTimer.singleShot(50, close_dialog)
    manager.handle_request({"action": "open", "paths": [str(tmp_path / "gone.pdf")]})
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen[0][0] == "Cannot Open Reel" and "does not exist" in seen[0][1]
    qtbot.waitUntil(lambda: len(manager.windows) == 1, timeout=5000)
    assert manager.windows[0].session.reel.name == "a.pdf"


def test_quit_closes_every_window(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=2)
    b = image_pdf(tmp_path / "b.pdf", pages=2)
    wa = opened(qtbot, manager, a)
    opened(qtbot, manager, b)
    reels = [w.session.reel for w in manager.windows]
    wa.actions["quit"].trigger()
    qtbot.waitUntil(lambda: not manager.windows, timeout=5000)
    assert all(r._doc.is_closed for r in reels)   # each window let go of its reel


def test_a_search_hit_goes_to_the_reels_own_window_at_its_frame(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=5)
    b = image_pdf(tmp_path / "b.pdf", pages=2)
    wa = opened(qtbot, manager, a)
    wb = opened(qtbot, manager, b)
    wb.request_open(a, 4)                 # e.g. a library search hit in reel a, from b's window
    assert len(manager.windows) == 2 and wa.session.frame == 4 and manager.windows[-1] is wa


def test_cancelling_a_password_lets_the_reel_be_opened_later(qtbot, manager, tmp_path):
    from PySide6.QtWidgets import QInputDialog
    from tests.badinput import encrypted_pdf
    a = image_pdf(tmp_path / "a.pdf", pages=2)
    opened(qtbot, manager, a)
    locked = encrypted_pdf(tmp_path, password="fiche")
    answers = [None, "fiche"]        # first cancel, then give the password

    def answer():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            reply = answers.pop(0)
            if reply is None:
                dialog.reject()
            else:
                dialog.setTextValue(reply)
                dialog.accept()
        if answers:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    manager.open(locked)
    qtbot.waitUntil(lambda: len(answers) == 1 and len(manager.windows) == 1, timeout=10000)
    w = manager.open(locked)           # not stuck as "opening": it asks again
    qtbot.waitUntil(lambda: w.session.reel is not None, timeout=20000)
    assert len(manager.windows) == 2 and w.session.count == 2
