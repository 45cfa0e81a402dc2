"""Image reels: one image, a multi-page TIFF, a folder or a ZIP of page images."""
from __future__ import annotations

import hashlib
import io
import threading
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from natsort import natsorted, ns
from PIL import Image, ImageOps

from .base import Pixels, Reel, sample_digest
from .errors import FrameError, ReelError
from .limits import MAX_PIXELS

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".jp2", ".pbm", ".pgm", ".ppm"}

# Pillow's own bomb guard, at our limit: past it Pillow refuses before decoding.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _natural(names):
    return natsorted(names, alg=ns.IGNORECASE | ns.PATH)


@dataclass(frozen=True)
class _Frame:
    member: str   # file path (folder, single image) or ZIP member name
    page: int     # page within a multi-page file (TIFF), from 0


class ImageReel(Reel):
    """Frames are pages of image files, read through Pillow on demand."""

    kind = "images"

    def __init__(self, path: Path, frames: list[_Frame], zip_file: zipfile.ZipFile | None = None):
        super().__init__(path)
        self._frames = frames
        self._zip = zip_file
        self._lock = threading.Lock()  # ZipFile and Pillow file handles are not shareable

    def _count(self) -> int:
        return len(self._frames)

    def _read(self, member: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(member)
        return Path(member).read_bytes()

    def _open(self, n: int, header_only: bool = False) -> Image.Image:
        """Open frame n's image; with header_only, read no more than its header."""
        frame = self._frames[n - 1]
        try:
            if header_only and self._zip is None:
                source = frame.member  # Pillow reads the header and stops
            else:
                with self._lock:
                    source = io.BytesIO(self._read(frame.member))
            img = _open_image(source, Path(frame.member).name)
            if frame.page:
                img.seek(frame.page)
            return img
        except (ReelError, OSError, EOFError, ValueError, zipfile.BadZipFile) as exc:
            raise FrameError(f"frame {n} ({Path(frame.member).name}) cannot be read: {exc}") from None

    def _size(self, n: int) -> tuple[int, int]:
        img = self._open(n, header_only=True)
        try:
            return _oriented_size(img)
        finally:
            img.close()

    def _render(self, n: int, scale: float, color: bool) -> "np.ndarray":
        import numpy as np
        return np.asarray(self._decode(n, scale, color)).copy()

    def _render_pixels(self, n: int, scale: float, color: bool) -> Pixels:
        img = self._decode(n, scale, color)
        w, h = img.size
        return Pixels(w, h, 3 if color else 1, img.tobytes())

    def _decode(self, n: int, scale: float, color: bool) -> Image.Image:
        img = self._open(n)
        try:
            w, h = _oriented_size(img)
            target = (max(1, round(w * scale)), max(1, round(h * scale)))
            if scale < 1 and img.format == "JPEG":
                img.draft("L" if not color else "RGB", target)  # decode at reduced size: much faster
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB" if color else "L")
            if img.size != target:
                img = img.resize(target, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BILINEAR,
                                 reducing_gap=2.0)
            img.load()
            return img
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise FrameError(f"frame {n} ({Path(self._frames[n - 1].member).name}) cannot be decoded: {exc}") from None

    def _frame_digest(self, n: int) -> str:
        frame = self._frames[n - 1]
        with self._lock:
            data = self._read(frame.member)
        h = hashlib.blake2b(data, digest_size=16)
        h.update(frame.page.to_bytes(4, "little"))
        return h.hexdigest()

    def _compute_fingerprint(self) -> str:
        h = hashlib.blake2b(digest_size=16)
        if self._zip is not None:
            h = sample_digest(self.path, h)
        else:
            for member in dict.fromkeys(f.member for f in self._frames):
                sample_digest(Path(member), h, samples=4)
        h.update(len(self._frames).to_bytes(4, "little"))
        return "img-" + h.hexdigest()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _open_image(fp, label: str) -> Image.Image:
    """Open an image header, refusing what is not an image or is too large to decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(fp)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReelError(f"{label} is larger than {MAX_PIXELS // 1_000_000} megapixels, more than Reel Reader "
                        "decodes safely; split or downscale the scan.") from None
    except Exception:
        raise ReelError(f"{label} is not an image Reel Reader can read: open a PDF, TIFF, PNG or JPEG "
                        "scan, or a folder or ZIP of them.") from None
    w, h = img.size
    if w * h > MAX_PIXELS:
        raise ReelError(f"{label} is {w}x{h} pixels ({w * h // 1_000_000} megapixels), more than "
                        f"Reel Reader decodes safely ({MAX_PIXELS // 1_000_000}); split or downscale the scan.")
    return img


def _oriented_size(img: Image.Image) -> tuple[int, int]:
    w, h = img.size
    try:
        if img.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF orientation that swaps axes
            return h, w
    except Exception:
        pass
    return w, h


def _pages(img: Image.Image) -> int:
    return max(1, getattr(img, "n_frames", 1))


def open_image_file(path: Path) -> ImageReel:
    with open(path, "rb") as f:
        img = _open_image(io.BytesIO(f.read()), path.name)
    frames = [_Frame(str(path), i) for i in range(_pages(img))]
    return ImageReel(path, frames)


def open_folder(path: Path) -> ImageReel:
    try:
        names = [p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                 and p.suffix.lower() in IMAGE_SUFFIXES]
    except PermissionError:
        raise ReelError(f"The folder {path.name} cannot be read: you lack permission to list it.") from None
    if not names:
        raise ReelError(f"The folder {path.name} holds no page images (PNG, JPEG, TIFF…): choose a "
                        "folder of scans, or a PDF, TIFF or ZIP reel.")
    frames = []
    for p in _natural(names):
        frames.extend(_member_frames(str(p), p.suffix, lambda p=p: p.open("rb")))
    return ImageReel(path, frames)


def open_zip(path: Path) -> ImageReel:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReelError(f"{path.name} is not a readable ZIP archive ({exc}); it may be truncated: "
                        "copy it again.") from None
    names = [i.filename for i in zf.infolist() if not i.is_dir()
             and not i.filename.startswith("__MACOSX/") and not Path(i.filename).name.startswith(".")
             and Path(i.filename).suffix.lower() in IMAGE_SUFFIXES]
    if not names:
        zf.close()
        raise ReelError(f"{path.name} holds no page images (PNG, JPEG, TIFF…): a ZIP reel must "
                        "contain scans.")
    frames = []
    for name in _natural(names):
        frames.extend(_member_frames(name, Path(name).suffix, lambda name=name: zf.open(name)))
    return ImageReel(path, frames, zf)


def _member_frames(member: str, suffix: str, opener) -> list[_Frame]:
    """One frame per page; only TIFFs are asked how many pages they hold (cheap IFD walk)."""
    if suffix.lower() not in (".tif", ".tiff"):
        return [_Frame(member, 0)]
    try:
        with opener() as f:
            pages = _pages(Image.open(f))
    except Exception:
        pages = 1  # reported when the frame is shown
    return [_Frame(member, i) for i in range(pages)]
