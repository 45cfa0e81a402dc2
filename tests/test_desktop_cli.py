"""main.py REEL from a terminal or from a file manager: where bad input is reported, and the
hand-over to a running instance (a real QLocalServer in this process, real subprocesses;
a pseudo-terminal stands in for the user's terminal)."""
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.badinput import image_pdf
from tests.conftest import ROOT


@pytest.fixture
def runtime_dir(monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="rr-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_in_terminal(*args, timeout=60) -> tuple[int, str]:
    """Run main.py with a terminal as stdin, stdout and stderr; its exit status and output."""
    master, slave = pty.openpty()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *map(str, args)], stdin=slave,
                            stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                raise TimeoutError(f"main.py {args} did not finish: {out!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:      # the terminal closed: the program ended
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
    return proc.wait(timeout), out.decode(errors="replace").replace("\r\n", "\n")


def test_bad_reel_from_a_terminal_is_reported_there(tmp_path, runtime_dir):
    status, out = run_in_terminal(tmp_path / "missing.pdf")
    assert status == 2
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("reel-reader:") and "does not exist" in lines[0]


def test_screenshot_takes_one_reel(tmp_path):
    a, b = image_pdf(tmp_path / "a.pdf", 1), image_pdf(tmp_path / "b.pdf", 1)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(tmp_path / "x.png"),
                           str(a), str(b)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "one reel" in done.stderr


@pytest.fixture
def instance(qtbot, runtime_dir):
    """A running instance's socket, recording what other launches ask of it."""
    from ui.app import make_app
    from ui.single_instance import SingleInstance
    make_app()
    received = []
    server = SingleInstance(lambda m: received.append(m) or {"ok": True})
    assert server.listen()
    server.received = received
    yield server
    server.close()


def in_thread(qtbot, fn):
    out = []
    threading.Thread(target=lambda: out.append(fn()), daemon=True).start()
    qtbot.waitUntil(lambda: bool(out), timeout=60000)
    return out[0]


def test_from_a_terminal_a_good_reel_is_handed_over_with_a_word(qtbot, instance, tmp_path):
    reel = image_pdf(tmp_path / "reel.pdf", 2)
    status, out = in_thread(qtbot, lambda: run_in_terminal(reel, "--frame", 2))
    assert status == 0
    assert "opened reel.pdf in the Reel Reader already running" in out
    (message,) = instance.received
    assert message["paths"] == [str(reel)] and message["frame"] == 2


def test_from_a_terminal_a_bad_reel_is_not_handed_over(qtbot, instance, tmp_path):
    status, out = in_thread(qtbot, lambda: run_in_terminal(tmp_path / "missing.pdf"))
    assert status == 2 and "does not exist" in out
    assert instance.received == []


def test_without_a_terminal_every_reel_goes_to_the_instance(qtbot, instance, tmp_path, monkeypatch):
    """A file manager's launch has no terminal to read: the running instance gets even a
    broken reel, and says what is wrong in a dialog (tests/test_desktop_instance.py)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.pdf").write_bytes(b"")
    done = in_thread(qtbot, lambda: subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "empty.pdf", "second.pdf"], capture_output=True, text=True,
        timeout=60, stdin=subprocess.DEVNULL, env=dict(os.environ, QT_QPA_PLATFORM="offscreen")))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    (message,) = instance.received
    assert message["paths"] == [str(tmp_path / "empty.pdf"), str(tmp_path / "second.pdf")]  # made absolute
    assert message["frame"] is None


def children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def test_new_instance_runs_on_its_own_and_ends_cleanly_on_sigterm(qtbot, instance, tmp_path):
    """--new-instance does not hand over; SIGTERM (a session logging out) ends the app as Quit
    does: exit 0, the reel's place saved, no render worker left behind."""
    from ui.state import recall_place
    from reel import open_reel
    reel = image_pdf(tmp_path / "reel.pdf", 3)
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--new-instance", str(reel), "--frame", "2"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    try:
        with open_reel(reel) as r:
            fingerprint = r.fingerprint
        # the window is up once it has written down where it is (ui/state.py saves as you read)
        qtbot.waitUntil(lambda: recall_place(fingerprint) is not None or app.poll() is not None,
                        timeout=30000)
        assert app.poll() is None, app.communicate()[1]
        assert instance.received == []
        workers = children(app.pid)
        assert workers, "the render workers run as child processes"
        app.terminate()
        assert app.wait(30) == 0, app.communicate()[1]
        assert recall_place(fingerprint).frame == 2
        qtbot.waitUntil(lambda: not any(Path(f"/proc/{p}").exists() for p in workers), timeout=10000)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
