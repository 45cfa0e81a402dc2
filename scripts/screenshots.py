#!/usr/bin/env python3
"""The README's screenshots, made on the end-to-end path: the real app under Xvfb.

    scripts/screenshots.sh              # writes docs/screenshot.png, docs/screenshot-two-reels.png,
                                        # docs/screenshot-dark.png

The tour below is what tests/test_e2e_xvfb.py runs and checks step by step: start the app
on the sample reel as a user's file manager would (no terminal), hand it a second reel
through the single-instance socket (a second main.py that exits at once), turn frames
with the keyboard (xdotool), open the same reel again (its window comes to the front),
hand over a broken file (a dialog in the running app), quit, and start again (the reel
reopens where it was left, here in the dark colour scheme). Everything runs in private
folders: the user's own settings, library and running Reel Reader are never touched.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.instance import running_windows  # noqa: E402
from desktop.xsession import XSession  # noqa: E402

SCREEN = (1920, 1080)
APP = "Reel Reader"


class TourFailure(AssertionError):
    """The app did not do what the tour expected at some step (the message says which)."""


@dataclass
class Tour:
    x: XSession
    home: Path                                             # private folders and logs live here
    shots: dict[str, Path] = field(default_factory=dict)   # name -> whole-screen PNG
    seen: dict[str, list[dict]] = field(default_factory=dict)   # step -> the windows then
    x_titles: dict[str, list[str]] = field(default_factory=dict)
    handover_seconds: list[float] = field(default_factory=list)
    _apps: list[subprocess.Popen] = field(default_factory=list)

    # -- running main.py -----------------------------------------------------------------
    def env(self, **extra: str) -> dict:
        # stdin and stderr are not terminals, as when a file manager starts the app.
        return self.x.env(os.environ, **extra)

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.home / f"app-{len(self._apps)}.log", "w")
        app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *map(str, args)], env=self.env(**env),
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.home)
        log.close()
        self._apps.append(app)
        return app

    def hand_over(self, *args: str) -> subprocess.CompletedProcess:
        """A second launch: must reach the running app and exit 0 without a window."""
        t = time.monotonic()
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], env=self.env(),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                              cwd=self.home)
        self.handover_seconds.append(time.monotonic() - t)
        if done.returncode != 0:
            raise TourFailure(f"main.py {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
        return done

    def stop_all(self) -> None:
        for app in self._apps:
            if app.poll() is None:
                app.terminate()
                try:
                    app.wait(10)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait(10)

    def log(self, app: subprocess.Popen) -> str:
        return (self.home / f"app-{self._apps.index(app)}.log").read_text(errors="replace")

    # -- what the app shows --------------------------------------------------------------
    def windows(self) -> list[dict]:
        return running_windows() or []

    def window(self, name: str) -> dict | None:
        return next((w for w in self.windows() if w["title"] == f"{name} — {APP}"), None)

    def wait_frame(self, name: str, frame: int, timeout: float = 20) -> dict:
        """Wait until NAME's window shows FRAME painted sharp."""
        try:
            return self.x.wait_for(lambda: (w := self.window(name)) and w["frame"] == frame
                                   and w["shown"] == frame and w, timeout, f"{name} at frame {frame}")
        except TimeoutError as exc:
            raise TourFailure(f"{exc}; the windows: {self.windows()}") from None

    def xwindow(self, name: str) -> str:
        try:
            return self.x.wait_window(f"^{name} — {APP}$")
        except TimeoutError as exc:
            raise TourFailure(str(exc)) from None

    def snapshot(self, step: str, shot: str | None = None) -> list[dict]:
        if shot:
            # thumbnails, prefetching and the frames' OCR and marks finish, then the last
            # paint reaches the X server
            self.x.wait_for(lambda: not any(w["rendering"] or w["tasks"] for w in self.windows()), 90,
                            "the windows to finish rendering and finding marks")
            time.sleep(0.3)
        self.seen[step] = self.windows()
        # What X itself says: the titles of the visible windows of class reel-reader.
        self.x_titles[step] = sorted(self.x.title(w) for w in self.x.find(classname="^reel-reader$"))
        if shot:
            self.shots[shot] = self.home / f"{shot}.png"
            self.x.screenshot(self.shots[shot])
        return self.seen[step]


def run_tour(x: XSession, home: Path, reel_a: Path, reel_b: Path, broken: Path) -> Tour:
    tour = Tour(x, home)
    a, b = reel_a.name, reel_b.name
    half = SCREEN[0] // 2
    try:
        # 1. The first launch: the sample reel, as a double-click would.
        app = tour.start(reel_a)
        wid_a = tour.xwindow(a)
        tour.wait_frame(a, 1)
        # 2. A second reel through the running instance.
        tour.hand_over(reel_b)
        wid_b = tour.xwindow(b)
        tour.wait_frame(b, 1)
        if app.poll() is not None:
            raise TourFailure(f"the first instance exited: {tour.log(app)}")
        x.move(wid_a, 0, 0, half, SCREEN[1])
        x.move(wid_b, half, 0, half, SCREEN[1])
        # 3. The keyboard: Page Down, Ctrl+G 3 in the second window; Ctrl+End, Ctrl+Home in the first.
        x.focus(wid_b)
        x.key("Next")
        tour.wait_frame(b, 2)
        x.key("ctrl+g")
        try:
            x.wait_window("^Go to Frame$", timeout=10)
        except TimeoutError as exc:
            raise TourFailure(f"Ctrl+G opened no Go to Frame dialog ({exc})") from None
        x.key("ctrl+a")
        x.type("3")
        x.key("Return")
        tour.wait_frame(b, 3)
        x.focus(wid_a)
        x.key("ctrl+End")
        last = tour.window(a)["count"]
        tour.wait_frame(a, last)
        x.key("ctrl+Home")
        tour.wait_frame(a, 1)
        # 4. The same reel again: no new window, its window to the front.
        tour.hand_over(reel_a)
        x.wait_for(lambda: (w := tour.window(a)) and w["active"], 10, f"{a}'s window to come to the front")
        tour.snapshot("two reels", shot="two-reels")
        # 5. A broken file handed over: the running app says so in a dialog.
        tour.hand_over(broken)
        try:
            dialog = x.wait_window("^Cannot Open Reel$", timeout=15)
        except TimeoutError:
            raise TourFailure(f"no dialog for {broken.name}: {tour.windows()}") from None
        tour.snapshot("broken reel", shot="broken-reel")
        x.focus(dialog)
        x.key("Return")
        x.wait_for(lambda: not x.find("^Cannot Open Reel$"), 10, "the dialog to close")
        x.wait_for(lambda: len(tour.windows()) == 2, 10, "the broken reel's empty window to close")
        # 6. The README's main picture: the sample reel's window, large.
        x.move(wid_a, 0, 0, 1440, 900)
        x.focus(wid_a)
        tour.wait_frame(a, 1)
        tour.snapshot("sample reel", shot="sample-reel")
        # 7. Quit from the keyboard: every window closes, the app ends.
        x.key("ctrl+q")
        try:
            status = app.wait(20)
        except subprocess.TimeoutExpired:
            raise TourFailure("Ctrl+Q did not end the app") from None
        if status != 0:
            raise TourFailure(f"the app exited {status}: {tour.log(app)}")
        # 8. Start again on the second reel, in the dark scheme: it opens where it was left.
        again = tour.start(reel_b, REEL_READER_COLOR_SCHEME="dark")
        wid = tour.xwindow(b)
        tour.wait_frame(b, 3)
        x.move(wid, 0, 0, 1440, 900)
        tour.wait_frame(b, 3)
        tour.snapshot("reopened", shot="dark")
        x.focus(wid)
        x.key("ctrl+q")
        if again.wait(20) != 0:
            raise TourFailure(f"the second run exited {again.returncode}: {tour.log(again)}")
    finally:
        tour.stop_all()
    return tour


def crop_window(shot: Path, window: dict):
    from PIL import Image
    x, y, w, h = window["geometry"]
    return Image.open(shot).crop((x, y, x + w, y + h))


def main() -> int:
    import argparse
    import tempfile
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs (docs/)")
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpus" / "transcripts" / "frus-telegram-1962-11-06.md"
    with tempfile.TemporaryDirectory(prefix="reel-reader-shots-") as tmp:
        home = Path(tmp)
        for name in ("config", "data", "cache", "runtime"):
            (home / name).mkdir(mode=0o700)
        os.environ.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                          XDG_CACHE_HOME=str(home / "cache"), XDG_RUNTIME_DIR=str(home / "runtime"),
                          REEL_READER_LIBRARY=str(home / "library.db"))
        os.environ.pop("REEL_READER_SETTINGS", None)
        reel_b = make_second_reel(corpus, home)
        broken = home / "damaged.pdf"
        broken.write_bytes(b"%PDF-1.7\n% the rest of this file was lost in the copy\n")
        with XSession(*SCREEN) as x:
            tour = run_tour(x, home, ROOT / "resources" / "sample-reel.pdf", reel_b, broken)
        args.out.mkdir(parents=True, exist_ok=True)
        sample = next(w for w in tour.seen["sample reel"] if w["path"].endswith("sample-reel.pdf"))
        crop_window(tour.shots["sample-reel"], sample).save(args.out / "screenshot.png")
        dark = tour.seen["reopened"][0]
        crop_window(tour.shots["dark"], dark).save(args.out / "screenshot-dark.png")
        from PIL import Image
        Image.open(tour.shots["two-reels"]).save(args.out / "screenshot-two-reels.png")
        for name in ("screenshot.png", "screenshot-two-reels.png", "screenshot-dark.png"):
            print(f"screenshots: wrote {args.out / name}", file=sys.stderr)
    return 0


def make_second_reel(transcript: Path, folder: Path) -> Path:
    """The telegram of 6 November 1962 (a published FRUS document) as a generated reel."""
    if not transcript.is_file():
        raise SystemExit(f"screenshots: {transcript} is missing: check out ../shared beside the repo")
    out = folder / "reels" / "telegram-1962-11-06.pdf"
    out.parent.mkdir()
    subprocess.run([sys.executable, "-m", "reelgen", "--transcript", str(transcript), "--out", str(out),
                    "--seed", "11"], cwd=ROOT, check=True, capture_output=True)
    return out


if __name__ == "__main__":
    sys.exit(main())
