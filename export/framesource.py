"""Each frame's original image, put onto a page of the export without re-encoding.

* PDF reels: the page is copied object for object (PyMuPDF's ``insert_pdf``, which
  grafts the image streams raw), so the export's image streams are the reel's bytes.
* Image reels (one image, multi-page TIFF, folder, ZIP): the file's compressed data
  goes into an image object as it is (rawimage.py); only what PDF cannot carry
  (alpha, interlacing, tiles…) is decoded and embedded losslessly (Flate).
* Any other reel: its frames rendered at 300 dpi, embedded losslessly.

Before a frame is added it is checked, so that a damaged frame is reported and left
out instead of spoiling the export: the page or file must load, and its image data
must be whole — cheap structural checks (a JPEG's markers and end, a PNG's checksums,
a TIFF's strips inside the file, a Flate stream that inflates); data that has to be
decoded anyway is checked by decoding it.  Decoding every scan just to check it would
cost more than the whole export (see bench/bench_export.py).

The reel API (reel/) renders frames but does not hand out their source bytes; this
module is the one place that reads them, from the reel objects' own fields.  Should
reel/ grow a public "frame source" call, only this module changes.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import pymupdf

from reel import FrameError
from reel.limits import BASE_DPI

from .pdfwriter import add_stream
from .rawimage import ORIENTATIONS, RawImage, damage, jpeg_header, raw_image

__all__ = ["FrameFailed", "PlacedFrame", "frame_source", "page_geometry"]

PT_PER_PX = 72 / BASE_DPI


class FrameFailed(Exception):
    """This frame cannot be exported; the message says why, fit for a report."""


@dataclass
class PlacedFrame:
    page: pymupdf.Page
    to_page: pymupdf.Matrix      # frame pixels -> PyMuPDF page coordinates (unrotated)
    to_pdf: pymupdf.Matrix       # frame pixels -> PDF user space (for content streams)
    has_text: bool = False       # the source page carries its own text already
    embedded: str = "raw"        # "raw" (the source's bytes) or "decoded: <why>"
    copied: bool = False         # a copied page (its content is the source's)
    image_ops: bytes = b""       # operators drawing the images (a new, still empty page)
    xobjects: dict[str, int] | None = None   # the images those operators draw (a new page)
    held: int = 0                # bytes of image data the page brought into memory
    images: list[tuple[int, bytes]] = field(default_factory=list)  # (xref, source bytes)


def page_geometry(page: pymupdf.Page, frame_size: tuple[int, int]) -> tuple[pymupdf.Matrix, pymupdf.Matrix]:
    """(to_page, to_pdf) for a frame shown on ``page``: frame pixels are the page as
    the reader sees it (rotated), at 300 dpi."""
    fw, fh = frame_size
    rect = page.rect                       # the visible (rotated) page
    scale = pymupdf.Matrix(rect.width / fw, rect.height / fh)
    to_page = scale * page.derotation_matrix
    to_pdf = to_page * ~page.transformation_matrix
    return to_page, to_pdf


# --- PDF reels --------------------------------------------------------------------------
class _PdfFrames:
    def __init__(self, reel):
        self.reel = reel
        self.src: pymupdf.Document = reel._doc   # see the module's note

    def add(self, out: pymupdf.Document, n: int) -> PlacedFrame:
        src = self.src
        try:
            page = src.load_page(n - 1)
            page.read_contents()
            images = []
            for info in page.get_images(full=True):
                xref, filt = info[0], info[8]
                raw = src.xref_stream_raw(xref)
                _check_stream(raw, filt, n)
                images.append((xref, raw))
            has_text = bool(src.get_page_fonts(n - 1)) and bool(page.get_text("text").strip())
            size = self.reel.frame_size(n)
        except FrameFailed:
            raise
        except Exception as exc:
            raise FrameFailed(f"frame {n} is damaged in the reel ({_reason(exc)})") from None
        at = out.page_count
        try:
            out.insert_pdf(src, from_page=n - 1, to_page=n - 1, links=0, annots=0, widgets=0, final=0)
        except Exception as exc:
            raise FrameFailed(f"frame {n} could not be copied ({_reason(exc)})") from None
        new = out[at]
        to_page, to_pdf = page_geometry(new, size)
        return PlacedFrame(new, to_page, to_pdf, has_text, "raw", copied=True, images=images,
                           held=sum(len(raw) for _, raw in images))


def _check_stream(raw: bytes | None, filt: str, n: int) -> None:
    """Cheap checks that an image stream is whole; the costly decoders (JBIG2, CCITT)
    are trusted, the cheap ones (JPEG markers, inflate) run."""
    if not raw:
        raise FrameFailed(f"frame {n}'s image has no data")
    if filt == "DCTDecode":
        h = jpeg_header(raw)
        if h is None or not h.complete:
            raise FrameFailed(f"frame {n}'s JPEG image is cut short or damaged")
    elif filt == "FlateDecode":
        try:
            d = zlib.decompressobj()
            while raw:
                d.decompress(raw, 1 << 22)
                raw = d.unconsumed_tail
        except zlib.error as exc:
            raise FrameFailed(f"frame {n}'s image data is damaged ({exc})") from None


# --- image reels ------------------------------------------------------------------------
class _ImageFrames:
    def __init__(self, reel):
        self.reel = reel

    def _bytes(self, n: int) -> tuple[bytes, int, str]:
        frame = self.reel._frames[n - 1]              # see the module's note
        name = frame.member.rsplit("/", 1)[-1]
        try:
            with self.reel._lock:
                data = self.reel._read(frame.member)
        except Exception as exc:
            raise FrameFailed(f"frame {n} ({name}) cannot be read ({_reason(exc)})") from None
        return data, frame.page, name

    def add(self, out: pymupdf.Document, n: int) -> PlacedFrame:
        data, page_no, name = self._bytes(n)
        try:
            fw, fh = self.reel.frame_size(n)
        except FrameError as exc:
            raise FrameFailed(f"frame {n} ({name}) is damaged ({_reason(exc)})") from None
        problem = damage(data)
        if problem:
            raise FrameFailed(f"frame {n} ({name}) is damaged: {problem}")
        raw = raw_image(data, page_no)
        if raw is not None:
            return _place_raw(out, raw, (fw, fh))
        # decoding it is the check: a damaged file raises here
        return _place_decoded(out, self.reel, n, (fw, fh), _why_decoded(data))


def _why_decoded(data: bytes) -> str:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "decoded: PNG with transparency or interlacing"
    if data[:2] == b"\xff\xd8":
        return "decoded: JPEG of a kind PDF readers do not all read (lossless, arithmetic or 12-bit)"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "decoded: TIFF compression or layout PDF cannot carry (tiles, planes, PackBits, alpha…)"
    return "decoded: an image format PDF cannot carry as it is"


def _new_page(out: pymupdf.Document, frame_size: tuple[int, int]) -> tuple[pymupdf.Page, pymupdf.Matrix, pymupdf.Matrix]:
    fw, fh = frame_size
    page = out.new_page(width=fw * PT_PER_PX, height=fh * PT_PER_PX)
    to_page = pymupdf.Matrix(PT_PER_PX, PT_PER_PX)
    return page, to_page, to_page * ~page.transformation_matrix


def _place_raw(out: pymupdf.Document, raw: RawImage, frame_size: tuple[int, int]) -> PlacedFrame:
    page, to_page, to_pdf = _new_page(out, frame_size)
    fw, fh = frame_size
    orient = ORIENTATIONS[raw.orientation]
    ops, xobjects, images = [], {}, []
    for k, part in enumerate(raw.parts):
        xref = add_stream(out, part.data, part.pdf_entries())
        r0, r1 = part.rows

        def to_frame(s: float, t: float) -> tuple[float, float]:
            # image space (s right, t up) -> stored (u, v) -> displayed -> frame pixels
            u, v = s, (r0 + (1 - t) * (r1 - r0)) / raw.height
            x, y = orient(u, v)
            return x * fw, y * fh

        p0 = pymupdf.Point(*to_frame(0, 0)) * to_pdf
        px = pymupdf.Point(*to_frame(1, 0)) * to_pdf
        py = pymupdf.Point(*to_frame(0, 1)) * to_pdf
        name = f"RRImg{k}"
        xobjects[name] = xref
        ops.append(f"q {px.x - p0.x:.4f} {px.y - p0.y:.4f} {py.x - p0.x:.4f} {py.y - p0.y:.4f} "
                   f"{p0.x:.4f} {p0.y:.4f} cm /{name} Do Q\n")
        images.append((xref, part.source))
    return PlacedFrame(page, to_page, to_pdf, False, "raw", images=images,
                       image_ops="".join(ops).encode(), xobjects=xobjects,
                       held=sum(len(p.data) for p in raw.parts))


def _place_decoded(out: pymupdf.Document, reel, n: int, frame_size: tuple[int, int], why: str) -> PlacedFrame:
    """Embed the frame's pixels losslessly (Flate): for what PDF cannot carry as it is."""
    import numpy as np
    try:
        arr = reel.render(n, scale=1.0, color=True)
    except FrameError as exc:
        raise FrameFailed(str(exc)) from None
    if arr.ndim == 3 and np.array_equal(arr[..., 0], arr[..., 1]) and np.array_equal(arr[..., 1], arr[..., 2]):
        arr = np.ascontiguousarray(arr[..., 0])
    h, w = arr.shape[:2]
    cs = pymupdf.csGRAY if arr.ndim == 2 else pymupdf.csRGB
    pix = pymupdf.Pixmap(cs, w, h, arr.tobytes(), 0)
    page, to_page, to_pdf = _new_page(out, frame_size)
    page.insert_image(page.rect, pixmap=pix)
    return PlacedFrame(page, to_page, to_pdf, False, why, held=arr.nbytes // 2)


class _RenderedFrames:
    """Any other reel: rendered at 300 dpi through the public reel API."""

    def __init__(self, reel):
        self.reel = reel

    def add(self, out: pymupdf.Document, n: int) -> PlacedFrame:
        try:
            size = self.reel.frame_size(n)
        except FrameError as exc:
            raise FrameFailed(str(exc)) from None
        return _place_decoded(out, self.reel, n, size, "decoded: the reel gives pixels only")


def frame_source(reel):
    """The adder of frames for this reel: an object with ``add(out_doc, n) -> PlacedFrame``."""
    if getattr(reel, "kind", None) == "pdf" and hasattr(reel, "_doc"):
        return _PdfFrames(reel)
    if getattr(reel, "kind", None) == "images" and hasattr(reel, "_frames"):
        return _ImageFrames(reel)
    return _RenderedFrames(reel)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:160]
