"""PDF reels: image-only scans or PDFs with text, rendered by PyMuPDF."""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pymupdf

from .base import Pixels, Reel, band_rows, sample_digest
from .errors import FrameError, PasswordRequired, ReelError
from .limits import BASE_DPI

# MuPDF keeps one global context and PyMuPDF is not thread-safe: every call into it
# goes through this lock. (Callers who want parallelism use processes, see work/.)
_MUPDF = threading.Lock()
pymupdf.TOOLS.mupdf_display_errors(False)  # damaged pages raise; we report them ourselves


class PdfReel(Reel):
    kind = "pdf"
    renders_bands = True   # MuPDF decodes and scales only what a clip shows

    def __init__(self, path: Path, password: str | None = None):
        super().__init__(path)
        with _MUPDF:
            try:
                doc = pymupdf.open(path, filetype="pdf")
            except Exception as exc:
                raise ReelError(f"{path.name} is not a readable PDF ({_reason(exc)}); it may be "
                                "truncated or damaged: download or copy it again.") from None
            if doc.needs_pass:
                if password is None:
                    doc.close()
                    raise PasswordRequired(path)
                if not doc.authenticate(password):
                    doc.close()
                    raise PasswordRequired(path, wrong=True)
            if doc.page_count == 0:
                doc.close()
                raise ReelError(f"{path.name} has no pages it can show; it may be truncated or "
                                "damaged: download or copy it again.")
            self._doc = doc
            self._count_cache = doc.page_count
        self._image_density: dict[int, float] = {}

    def _count(self) -> int:
        return self._count_cache

    def _page(self, n: int):
        try:
            return self._doc.load_page(n - 1)
        except Exception as exc:
            raise FrameError(f"frame {n} of {self.name} is damaged ({_reason(exc)})") from None

    def _size(self, n: int) -> tuple[int, int]:
        with _MUPDF:
            rect = self._page(n).rect
        zoom = BASE_DPI / 72
        return (max(1, round(rect.width * zoom)), max(1, round(rect.height * zoom)))

    def _render(self, n: int, scale: float, color: bool) -> "np.ndarray":
        import numpy as np
        px = self._render_pixels(n, scale, color)
        arr = np.frombuffer(px.data, dtype=np.uint8).reshape(px.height, px.width, px.channels).copy()
        return arr[:, :, 0] if px.channels == 1 else arr

    def _render_pixels(self, n: int, scale: float, color: bool, clip=None) -> Pixels:
        zoom = BASE_DPI / 72 * scale
        with _MUPDF:
            try:
                pix = self._page(n).get_pixmap(matrix=pymupdf.Matrix(zoom, zoom),
                                               colorspace=pymupdf.csRGB if color else pymupdf.csGRAY,
                                               alpha=False, clip=clip)
            except FrameError:
                raise
            except Exception as exc:
                raise FrameError(f"frame {n} of {self.name} cannot be rendered ({_reason(exc)})") from None
            w, h, c = pix.width, pix.height, pix.n
            if pix.stride == w * c:
                data = pix.samples_mv          # MuPDF's own buffer: no copy; PIX keeps it alive
            else:                              # rows padded: pack them
                mv = pix.samples_mv
                data = b"".join(mv[y * pix.stride: y * pix.stride + w * c] for y in range(h))
        return Pixels(w, h, c, data, pix)

    # A clipped render decodes the sub-area of a scan's image under the clip and resamples
    # that: pixel for pixel the whole render's where the image is drawn smaller than its own
    # resolution (measured over the corpus), but drawn near its own size or larger the sub-area's
    # phase can differ, moving a rule by a pixel. There the upper band is the whole frame and
    # the lower none: no faster, never different.
    BAND_MIN_SHRINK = 1.25

    def _image_pixels_per_point(self, n: int) -> float:
        """The least resolution of the images on frame n, in image pixels per page point."""
        if n not in self._image_density:
            least = float("inf")
            with _MUPDF:
                for info in self._page(n).get_image_info():
                    x0, y0, x1, y1 = info["bbox"]
                    a, b = info["transform"][:2]
                    across, down = (info["width"], info["height"]) if abs(a) >= abs(b) else (info["height"], info["width"])
                    if x1 > x0 and y1 > y0:
                        least = min(least, across / (x1 - x0), down / (y1 - y0))
            self._image_density[n] = least
        return self._image_density[n]

    def _render_band(self, n: int, scale: float, top: float, bottom: float, color: bool):
        zoom = BASE_DPI / 72 * scale
        if self._image_pixels_per_point(n) < self.BAND_MIN_SHRINK * zoom:
            if top > 0:
                return Pixels(0, 0, 3 if color else 1, b""), 0, 0   # none: the upper band is all
            px = self._render_pixels(n, scale, color)
            return px, 0, px.height
        with _MUPDF:
            rect = self._page(n).rect
        whole = (rect * pymupdf.Matrix(zoom, zoom)).irect   # rounded out as MuPDF rounds a render
        row0, row1 = band_rows(whole.height, top, bottom)
        # The clip's edges fall on the rows' edges, so that MuPDF rounds them to those rows.
        clip = pymupdf.Rect(rect.x0, (whole.y0 + row0) / zoom, rect.x1, (whole.y0 + row1) / zoom)
        px = self._render_pixels(n, scale, color, clip)
        if (px.width, px.height) != (whole.width, row1 - row0):   # rounded otherwise after all
            return super()._render_band(n, scale, top, bottom, color)
        return px, row0, whole.height

    def _frame_digest(self, n: int) -> str:
        # The page's content stream and the raw streams of its images: what the page shows.
        h = hashlib.blake2b(digest_size=16)
        with _MUPDF:
            page = self._page(n)
            h.update(page.read_contents())
            for img in page.get_images(full=True):
                h.update(self._doc.xref_stream_raw(img[0]) or b"")
            h.update(repr(tuple(page.rect)).encode())
        return h.hexdigest()

    def _compute_fingerprint(self) -> str:
        return "pdf-" + sample_digest(self.path).hexdigest()

    def close(self) -> None:
        with _MUPDF:
            self._doc.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]
