"""Where the running Reel Reader listens, and the client a second launch uses to reach it.

One instance per user and library: a second `main.py REEL` (a double-click in a file
manager, say) connects to the running instance's local socket, hands it the reels and
exits; the instance opens each in its own window, or raises the window that has it.
The server side is ui/single_instance.py (QLocalServer); this client is plain Python so
that a hand-over never loads Qt and exits at once.

The protocol: one JSON object per line each way, one request per connection.
    {"action": "open", "paths": [abs, ...], "frame": n|null, "password": str|null}
        -> {"ok": true}                  (opening goes on in the instance)
    {"action": "windows"}  -> {"ok": true, "windows": [{"title", "path", "frame", ...}]}
    {"action": "ping"}     -> {"ok": true, "pid": n}
    anything wrong         -> {"ok": false, "error": "..."}
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import tempfile
from pathlib import Path

PROTOCOL = 1
MAX_MESSAGE = 1 << 20        # bytes; a request is a few paths
CONNECT_TIMEOUT = 2.0        # seconds: a live instance accepts at once
REPLY_TIMEOUT = 10.0         # a busy GUI thread may take a moment to answer
_SUN_PATH_MAX = 100          # sockaddr_un holds 108 bytes; keep a margin


def socket_path() -> Path | None:
    """The socket of this user's instance for the current library (None: no safe place)."""
    library = os.environ.get("REEL_READER_LIBRARY")
    key = os.path.realpath(library) if library else "default"
    name = f"reel-reader-{hashlib.blake2b(key.encode(), digest_size=6).hexdigest()}.sock"
    for folder in (_runtime_dir(), _private_temp_dir()):
        if folder is not None and len(str(folder / name)) <= _SUN_PATH_MAX:
            return folder / name
    return None


def _runtime_dir() -> Path | None:
    value = os.environ.get("XDG_RUNTIME_DIR")
    if value and os.path.isabs(value) and _private(Path(value)):
        return Path(value)
    return None


def _private_temp_dir() -> Path | None:
    """/tmp/reel-reader-UID, made 0700 and checked to be ours (no runtime dir on this system)."""
    folder = Path(tempfile.gettempdir()) / f"reel-reader-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder if _private(folder) else None


def _private(folder: Path) -> bool:
    try:
        st = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def request(message: dict, timeout: float = REPLY_TIMEOUT) -> dict | None:
    """Send MESSAGE to the running instance; its reply, or None when none is listening."""
    path = socket_path()
    if path is None or not path.exists():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(str(path))
        except OSError:   # refused: a stale socket left by an instance that crashed
            return None
        sock.settimeout(timeout)
        try:
            sock.sendall(json.dumps({"protocol": PROTOCOL, **message}).encode() + b"\n")
            return read_message(sock.recv)
        except (OSError, ValueError):
            return None


def read_message(recv) -> dict:
    """One JSON line from RECV (a socket's recv); ValueError if it is not one."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_MESSAGE:
            raise ValueError("message too long")
    reply = json.loads(data.decode("utf-8"))
    if not isinstance(reply, dict):
        raise ValueError("not a JSON object")
    return reply


def hand_over(paths: list[Path], frame: int | None = None, password: str | None = None) -> bool:
    """Ask the running instance to open PATHS (or to come to the front when there are none)."""
    reply = request({"action": "open", "paths": [str(Path(p).absolute()) for p in paths],
                     "frame": frame, "password": password})
    return bool(reply and reply.get("ok"))


def running_windows() -> list[dict] | None:
    """What the running instance shows: one dict per window (None: no instance)."""
    reply = request({"action": "windows"})
    return reply.get("windows") if reply and reply.get("ok") else None
