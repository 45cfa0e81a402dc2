"""Opening a reel from the window: in the background, asking for a password if needed."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reel import Reel, ReelError, open_reel


@dataclass
class OpenedReel:
    reel: Reel
    password: str | None
    transcript: str | None
    transcript_path: Path | None


def open_reel_with_transcript(path: Path, password: str | None, ctx=None) -> OpenedReel:
    """Runs on a worker thread: opens the reel and reads a transcript beside it."""
    reel = open_reel(path, password=password)
    reel.fingerprint   # hashed here, off the GUI thread: windows and remembered places key on it
    text = None
    source = reel.transcript_path()
    if source is not None:
        try:
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            reel.close()
            raise ReelError(f"The transcript {source.name} is not UTF-8 text; save it as UTF-8 "
                            "and open the reel again.") from None
        except OSError as exc:
            reel.close()
            raise ReelError(f"The transcript {source.name} cannot be read ({exc.strerror}).") from None
    return OpenedReel(reel, password, text, source)
