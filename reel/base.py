"""What every kind of reel offers: frames numbered from 1, rendered to pixels at a scale."""
from __future__ import annotations

import hashlib
import os
import stat
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FrameError
from .limits import MAX_PIXELS

if TYPE_CHECKING:  # numpy is imported where arrays are made: render workers do without it
    import numpy as np

TRANSCRIPT_SUFFIXES = (".md", ".txt")


@dataclass(frozen=True)
class Pixels:
    """A rendered frame as packed rows of bytes: gray (1 channel) or RGB (3)."""

    width: int
    height: int
    channels: int
    data: object          # a buffer of width * height * channels bytes, row after row
    owner: object = None  # what keeps DATA alive (e.g. MuPDF's pixmap)

    @property
    def nbytes(self) -> int:
        return self.width * self.height * self.channels


def band_rows(height: int, top: float, bottom: float) -> tuple[int, int]:
    """The rows [first, end) of a render HEIGHT rows high that the band TOP-BOTTOM holds:
    bands meeting at the same fraction meet at the same row."""
    return round(height * top), round(height * bottom)


class Reel(ABC):
    """A scanned source: many frames, read only. Subclasses implement the _private hooks."""

    kind = "reel"
    # True where a band of a frame costs about its share of the whole frame to render, so
    # that two processes rendering a band each show the frame sooner (see render_band).
    renders_bands = False

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fingerprint: str | None = None
        self._sizes: dict[int, tuple[int, int]] = {}   # frame -> size at 300 dpi, read once

    # -- what callers use -------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.path.name

    def __len__(self) -> int:
        return self._count()

    def frame_size(self, n: int) -> tuple[int, int]:
        """(width, height) of frame n in pixels at 300 dpi."""
        self._check(n)
        return self._known_size(n)

    def render(self, n: int, scale: float = 1.0, color: bool = False) -> np.ndarray:
        """Frame n as a uint8 array, (H, W) gray or (H, W, 3) RGB; scale 1.0 is 300 dpi."""
        self._check_render(n, scale)
        return self._render(n, scale, color)

    def render_pixels(self, n: int, scale: float = 1.0, color: bool = False) -> Pixels:
        """Frame n as packed bytes, without numpy (what render workers hand on)."""
        self._check_render(n, scale)
        return self._render_pixels(n, scale, color)

    def render_band(self, n: int, scale: float, top: float, bottom: float,
                    color: bool = False) -> tuple[Pixels, int, int]:
        """Rows TOP to BOTTOM (fractions of the height) of frame n as render_pixels renders
        them: (pixels, first row, the whole render's height). The bands of a frame put
        together equal render_pixels' frame pixel for pixel. Where a band cannot be rendered
        alone exactly, the band from the top is the whole frame and any other is empty (no
        rows, height 0)."""
        self._check_render(n, scale)
        if not 0 <= top < bottom <= 1:
            raise ValueError(f"band {top}-{bottom} is not within the frame")
        return self._render_band(n, scale, top, bottom, color)

    @property
    def fingerprint(self) -> str:
        """A content hash that survives renaming and moving the reel."""
        if self._fingerprint is None:
            self._fingerprint = self._compute_fingerprint()
        return self._fingerprint

    def file_stamp(self) -> str | None:
        """What the file system says of the reel's file (where it is, its inode, size and
        times): a fingerprint hashed earlier holds while the stamp is the same, as git's
        index trusts a file unchanged by its stat. None for a folder, whose files can change
        without its own stamp doing so, or a file that cannot be read."""
        try:
            st = os.stat(self.path)
            real = os.path.realpath(self.path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        seen = f"{real}\0{st.st_dev}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
        return f"{self.kind}-" + hashlib.blake2b(seen.encode(), digest_size=16).hexdigest()

    def adopt_frame_size(self, n: int, size: tuple[int, int]) -> None:
        """SIZE, read of frame n of this same file by another process (a render worker),
        instead of reading it here (for a PDF, its page tree)."""
        self._check(n)
        self._sizes[n] = (int(size[0]), int(size[1]))

    def adopt_fingerprint(self, fingerprint: str) -> None:
        """FINGERPRINT, hashed earlier of this same file (see file_stamp), instead of hashing
        it again."""
        self._fingerprint = fingerprint

    def frame_digest(self, n: int) -> str:
        """A content hash of frame n's source data, for caches of OCR and analysis."""
        self._check(n)
        return self._frame_digest(n)

    def transcript_path(self) -> Path | None:
        """A transcript beside the reel: same stem, .md or .txt."""
        stem = self.path.stem if self.path.is_file() else self.path.name
        for suffix in TRANSCRIPT_SUFFIXES:
            candidate = self.path.parent / (stem + suffix)
            if candidate.is_file() and candidate != self.path:
                return candidate
        return None

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r} {len(self)} frames>"

    # -- helpers ---------------------------------------------------------------------
    def _check_render(self, n: int, scale: float) -> None:
        self._check(n)
        if not 0 < scale <= 4:
            raise ValueError(f"scale {scale} is out of range")
        w, h = self._known_size(n)
        if w * h * scale * scale > MAX_PIXELS:
            raise FrameError(f"frame {n} would be {int(w*scale)}x{int(h*scale)} pixels, "
                             "too large to show safely; choose a smaller zoom")

    def _render_pixels(self, n: int, scale: float, color: bool) -> Pixels:
        arr = self._render(n, scale, color)
        h, w = arr.shape[:2]
        return Pixels(w, h, 1 if arr.ndim == 2 else arr.shape[2], memoryview(arr).cast("B"), arr)

    def _render_band(self, n: int, scale: float, top: float, bottom: float, color: bool):
        # Where a band costs as much as the frame (a decoded image): the frame, cut.
        px = self._render_pixels(n, scale, color)
        row0, row1 = band_rows(px.height, top, bottom)
        row = px.width * px.channels
        data = memoryview(px.data).cast("B")[row0 * row: row1 * row]
        return Pixels(px.width, row1 - row0, px.channels, data, px), row0, px.height

    def _known_size(self, n: int) -> tuple[int, int]:
        if n not in self._sizes:
            self._sizes[n] = self._size(n)
        return self._sizes[n]

    def _check(self, n: int) -> None:
        if not isinstance(n, int) or not 1 <= n <= len(self):
            raise IndexError(f"frame {n} is not in {self.name}, which has frames 1-{len(self)}")

    @abstractmethod
    def _count(self) -> int: ...

    @abstractmethod
    def _size(self, n: int) -> tuple[int, int]: ...

    @abstractmethod
    def _render(self, n: int, scale: float, color: bool) -> np.ndarray: ...

    @abstractmethod
    def _frame_digest(self, n: int) -> str: ...

    @abstractmethod
    def _compute_fingerprint(self) -> str: ...


def sample_digest(path: Path, h=None, samples: int = 64) -> "hashlib._Hash":
    """Hash a file by its size and evenly spaced samples: reading a 2 GB reel whole on
    every open would cost seconds, and scans differ everywhere, so samples suffice."""
    h = h or hashlib.blake2b(digest_size=16)
    size = path.stat().st_size
    h.update(size.to_bytes(8, "little"))
    chunk = 1 << 16
    with open(path, "rb") as f:
        if size <= samples * chunk:
            h.update(f.read())
        else:
            for i in range(samples):
                f.seek((size - chunk) * i // (samples - 1))
                h.update(f.read(chunk))
    return h
