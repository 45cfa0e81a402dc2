"""Scan formats go into the PDF as they are (rawimage.py), and show the same pixels."""
from __future__ import annotations

import io

import numpy as np
import pymupdf
import pytest
from PIL import Image

from export import export_reel
from export.rawimage import jpeg_header, raw_image
from reel import open_reel

H, W = 330, 250


def _page() -> np.ndarray:
    rng = np.random.default_rng(0)
    base = np.full((H, W), 215, np.uint8)
    base[40:80, 30:200] = 25
    base[120:300, 100:120] = 70
    return base + rng.integers(0, 30, (H, W)).astype(np.uint8)


def _encode(name: str) -> bytes:
    gray = _page()
    rgb = np.stack([gray, np.roll(gray, 30, 1), 255 - gray], -1)
    bw = Image.fromarray(gray < 128)
    b = io.BytesIO()
    if name == "gray.jpg":
        Image.fromarray(gray).save(b, "JPEG", quality=80)
    elif name == "progressive.jpg":
        Image.fromarray(rgb).save(b, "JPEG", quality=80, progressive=True)
    elif name == "exif6.jpg":
        exif = Image.Exif()
        exif[0x0112] = 6
        Image.fromarray(rgb).save(b, "JPEG", exif=exif)
    elif name == "exif5.jpg":
        exif = Image.Exif()
        exif[0x0112] = 5
        Image.fromarray(gray).save(b, "JPEG", exif=exif)
    elif name == "cmyk.jpg":
        Image.fromarray(rgb).convert("CMYK").save(b, "JPEG")
    elif name == "gray.png":
        Image.fromarray(gray).save(b, "PNG")
    elif name == "palette.png":
        Image.fromarray(rgb).convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(b, "PNG")
    elif name == "bilevel.png":
        bw.save(b, "PNG")
    elif name.endswith(".tif"):
        compression, img = {"g4.tif": ("group4", bw), "g3.tif": ("group3", bw),
                            "lzw.tif": ("tiff_lzw", Image.fromarray(gray)),
                            "lzw-rgb.tif": ("tiff_lzw", Image.fromarray(rgb)),
                            "deflate.tif": ("tiff_adobe_deflate", Image.fromarray(gray)),
                            "jpeg.tif": ("jpeg", Image.fromarray(gray)),
                            "jpeg-rgb.tif": ("jpeg", Image.fromarray(rgb)),
                            "raw.tif": ("raw", Image.fromarray(gray)),
                            "palette.tif": ("raw", Image.fromarray(rgb).convert(
                                "P", palette=Image.Palette.ADAPTIVE, colors=16))}[name]
        img.save(b, "TIFF", compression=compression)
    return b.getvalue()


# How far the rendering may stray from the reel's own decoding (mean over the pixels):
# lossy JPEGs decode a little differently in MuPDF and Pillow; CMYK turns to RGB by
# different rules; a band seam between TIFF strips is resampled a row or two.
RAW = {"gray.jpg": 0.5, "progressive.jpg": 3, "exif6.jpg": 3, "exif5.jpg": 0.5, "cmyk.jpg": 25,
       "gray.png": 0, "palette.png": 0, "bilevel.png": 0, "g4.tif": 0, "g3.tif": 0, "lzw.tif": 2,
       "lzw-rgb.tif": 2, "deflate.tif": 2, "jpeg.tif": 2, "jpeg-rgb.tif": 3, "raw.tif": 2,
       "palette.tif": 2}


@pytest.mark.parametrize("name", sorted(RAW))
def test_formats_pass_through_and_look_the_same(tmp_path, name):
    path = tmp_path / name
    data = _encode(name)
    path.write_bytes(data)
    raw = raw_image(data)
    assert raw is not None, f"{name} should go into the PDF as it is"
    report = export_reel(path, tmp_path / "out.pdf")
    assert report.ok and report.decoded == {}
    doc = pymupdf.open(tmp_path / "out.pdf")
    streams = sorted(doc.xref_stream_raw(i[0]) for i in doc[0].get_images(full=True))
    # the stream is the source's data (a TIFF-JPEG strip gets the shared tables put in
    # after its start marker; the strip's own bytes are all there, in order)
    assert len(streams) == len(raw.parts)
    for part in raw.parts:
        assert part.source in part.data and part.data in streams
    if name.endswith(".jpg"):
        assert streams == [data]
    reel = open_reel(path)
    pix = doc[0].get_pixmap(dpi=300, colorspace=pymupdf.csRGB)
    got = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).astype(int)
    want = reel.render(1, color=True).astype(int)
    assert got.shape == want.shape          # oriented as the reel shows it
    assert np.abs(got - want).mean() <= RAW[name], name


def _interlaced(png: bytes) -> bytes:
    """The same PNG with its header saying Adam7 (Pillow writes no interlaced PNGs)."""
    import zlib
    ihdr = bytearray(png[12:29])
    ihdr[-1] = 1
    return png[:12] + bytes(ihdr) + zlib.crc32(bytes(ihdr)).to_bytes(4, "big") + png[33:]


def test_what_pdf_cannot_carry_is_recognised():
    gray = _page()
    for img, kw, interlace in ((Image.fromarray(gray).convert("RGBA"), {"format": "PNG"}, False),
                               (Image.fromarray(gray), {"format": "PNG"}, True),
                               (Image.fromarray(gray), {"format": "TIFF", "compression": "packbits"}, False),
                               (Image.fromarray(gray), {"format": "WEBP"}, False)):
        b = io.BytesIO()
        img.save(b, **kw)
        data = b.getvalue()
        if interlace:
            assert raw_image(data) is not None
            data = _interlaced(data)
        assert raw_image(data) is None, kw


def test_jpeg_header_finds_truncation():
    b = io.BytesIO()
    Image.fromarray(_page()).save(b, "JPEG")
    data = b.getvalue()
    h = jpeg_header(data)
    assert (h.width, h.height, h.components, h.complete) == (W, H, 1, True)
    assert jpeg_header(data[: len(data) // 2]).complete is False
    assert jpeg_header(b"not a jpeg") is None
