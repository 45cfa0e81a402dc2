"""A private X server (Xvfb) to run the real app in, drive it with xdotool, and photograph.

Used by the end-to-end test and by scripts/screenshots.py, so the README's screenshots
come from the same path the test checks. Xvfb picks a free display itself (-displayfd),
so parallel runs never collide. The whole screen is grabbed through Pillow's XCB support
(no ImageMagick needed). No window manager runs: windows sit where the app puts them,
and keyboard focus is given with `xdotool windowfocus`.
"""
from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from pathlib import Path


class XUnavailable(RuntimeError):
    """Xvfb or xdotool is not installed (scripts/setup.sh installs both)."""


class XSession:
    def __init__(self, width: int = 1600, height: int = 1000):
        missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
        if missing:
            raise XUnavailable(f"{' and '.join(missing)} not installed (Debian: xvfb, xdotool)")
        self.size = (width, height)
        self.display = ""
        self._server: subprocess.Popen | None = None

    def __enter__(self) -> "XSession":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 15.0) -> None:
        read_end, write_end = os.pipe()
        try:
            self._server = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{self.size[0]}x{self.size[1]}x24",
                 "-nolisten", "tcp", "-noreset", "+extension", "XTEST"],
                pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE)
        finally:
            os.close(write_end)
        number = b""
        deadline = time.monotonic() + timeout
        try:
            while not number.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([read_end], [], [], left)[0]:
                    raise XUnavailable("Xvfb did not start in time")
                chunk = os.read(read_end, 16)
                if not chunk:
                    err = self._server.stderr.read().decode(errors="replace").strip().splitlines()
                    raise XUnavailable(f"Xvfb failed to start: {err[-1] if err else 'no reason given'}")
                number += chunk
        except BaseException:
            self.stop()
            raise
        finally:
            os.close(read_end)
        self.display = f":{number.decode().strip()}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.terminate()
            try:
                self._server.wait(5)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait(5)
            self._server.stderr.close()
            self._server = None

    def env(self, base: dict | None = None, **extra: str) -> dict:
        """An environment for programs on this display (the xcb plugin, not offscreen)."""
        env = dict(os.environ if base is None else base)
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        env.update(extra)
        return env

    # -- xdotool ---------------------------------------------------------------------------
    def xdotool(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["xdotool", *map(str, args)], env=self.env(), capture_output=True,
                              text=True, timeout=20)
        if check and done.returncode != 0 and done.stderr.strip():
            raise RuntimeError(f"xdotool {' '.join(map(str, args))}: {done.stderr.strip()}")
        return done.stdout

    def find(self, name: str | None = None, classname: str | None = None) -> list[str]:
        """Visible windows whose title (or WM_CLASS instance) matches the regular expression."""
        args = ["search", "--onlyvisible"]
        args += ["--name", name] if name is not None else ["--classname", classname]
        return self.xdotool(*args, check=False).split()

    def title(self, wid: str) -> str:
        return self.xdotool("getwindowname", wid).rstrip("\n")

    def wait_for(self, condition, timeout: float = 20.0, what: str = "the condition"):
        """Poll CONDITION until it returns something true; its value, or TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.1)

    def wait_window(self, name: str, timeout: float = 20.0) -> str:
        return self.wait_for(lambda: (self.find(name) or [None])[0], timeout, f"a window named {name!r}")

    def focus(self, wid: str) -> None:
        """Give WID the keyboard (no window manager: the pointer goes there too)."""
        self.xdotool("windowraise", wid)
        self.xdotool("windowfocus", "--sync", wid)
        self.xdotool("mousemove", "--window", wid, 200, 200)

    def key(self, *keys: str) -> None:
        """Press keys (xdotool names: Next, ctrl+g, Return) into the focused window."""
        self.xdotool("key", "--clearmodifiers", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "40", text)

    def move(self, wid: str, x: int, y: int, width: int | None = None, height: int | None = None) -> None:
        if width and height:
            self.xdotool("windowsize", "--sync", wid, width, height)
        self.xdotool("windowmove", "--sync", wid, x, y)

    # -- the screen ------------------------------------------------------------------------
    def grab(self):
        """The whole screen as a Pillow RGB image."""
        from PIL import ImageGrab
        return ImageGrab.grab(xdisplay=self.display).convert("RGB")

    def screenshot(self, out: Path):
        image = self.grab()
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        image.save(out)
        return image
