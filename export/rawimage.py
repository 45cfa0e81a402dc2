"""Scanned images as PDF image objects, without decoding or re-encoding them.

A scan's compressed data is what the archive holds; an export that decodes and
re-compresses it loses quality (JPEG) or grows (G4 fax to Flate) and is no longer the
archive's bytes.  PDF can carry most scan formats as they are, only described by the
image dictionary (as img2pdf does):

=====================  ====================================================================
source                 PDF image stream
=====================  ====================================================================
JPEG (baseline, progr.) the file's bytes, /DCTDecode
PNG (not interlaced,   the IDAT data, /FlateDecode with the PNG predictors; a palette as
 no alpha)              /Indexed
TIFF, JPEG-compressed  each strip with the shared JPEGTables put after its SOI, /DCTDecode
TIFF, CCITT G4 / G3    each strip's bytes, /CCITTFaxDecode
TIFF, LZW / Deflate /  each strip's bytes, /LZWDecode or /FlateDecode (with the TIFF
 uncompressed           predictor), or no filter
=====================  ====================================================================

A TIFF with several strips becomes one image per strip, each placed on its band of
rows, so no strip is ever decoded.  What cannot be carried (alpha, interlacing, tiles,
planar data, 12-bit JPEG, PackBits…) returns None, and the caller embeds decoded
pixels losslessly instead.  Nothing here decodes pixels.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass

__all__ = ["ImagePart", "RawImage", "raw_image", "jpeg_header", "damage", "ORIENTATIONS"]


@dataclass(frozen=True)
class ImagePart:
    """One PDF image object: its dictionary's entries (without /Length, /Filter,
    /DecodeParms), its filter and decode parameters, and its stream's bytes, covering
    rows ``rows[0]..rows[1]`` of the stored image (all rows for most images)."""
    entries: str
    filter: str | None   # e.g. "/DCTDecode"
    parms: str | None    # e.g. "<< /K -1 /Columns 2550 >>"
    data: bytes
    rows: tuple[int, int]
    source: bytes        # the source's own bytes this stream carries (for checking)

    def pdf_entries(self) -> str:
        """All the dictionary's entries but /Length."""
        out = self.entries
        if self.filter:
            out += f" /Filter {self.filter}"
        if self.parms:
            out += f" /DecodeParms {self.parms}"
        return out


@dataclass(frozen=True)
class RawImage:
    width: int           # stored pixels, before any orientation
    height: int
    orientation: int     # EXIF/TIFF orientation 1..8
    parts: list[ImagePart]
    kind: str            # "jpeg", "png", "tiff-jpeg", "tiff-ccitt", "tiff-lzw", ...


def _image_dict(w: int, h: int, colorspace: str, bpc: int, extra: str = "") -> str:
    return (f"/Type /XObject /Subtype /Image /Width {w} /Height {h} "
            f"/ColorSpace {colorspace} /BitsPerComponent {bpc} {extra}")


# --- JPEG ---------------------------------------------------------------------------
_SOF_SUPPORTED = {0xC0, 0xC1, 0xC2}          # baseline, extended, progressive Huffman
_SOF_ALL = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class JpegHeader:
    sof: int
    precision: int
    width: int
    height: int
    components: int
    adobe: bool          # an Adobe APP14 segment (CMYK stored inverted)
    complete: bool       # has a scan and ends with EOI (not truncated)


def jpeg_header(data: bytes) -> JpegHeader | None:
    """Read a JPEG's markers up to its frame header; None when it is not a JPEG."""
    if data[:2] != b"\xff\xd8":
        return None
    i, n = 2, len(data)
    adobe = False
    while i + 4 <= n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:           # fill byte
            i += 1
            continue
        if marker in (0x01,) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        seg = data[i + 4:i + 2 + length]
        if marker == 0xEE and seg[:5] == b"Adobe":
            adobe = True
        if marker in _SOF_ALL:
            if len(seg) < 6:
                return None
            precision, h, w, nc = struct.unpack(">BHHB", seg[:6])
            tail = data.rstrip(b"\x00")   # some writers pad after EOI
            scan = data.find(b"\xff\xda", i + 2 + length) > 0
            return JpegHeader(marker, precision, w, h, nc, adobe, scan and tail.endswith(b"\xff\xd9"))
        if marker == 0xDA:           # scan before any frame header: broken
            return None
        i += 2 + length
    return None


def _jpeg_colorspace(h: JpegHeader) -> tuple[str, str] | None:
    """(colour space, extra dictionary entries) for a JPEG's components."""
    if h.components == 1:
        return "/DeviceGray", ""
    if h.components == 3:
        return "/DeviceRGB", ""
    if h.components == 4:
        # Adobe's CMYK JPEGs store the inks inverted; readers expect this Decode array.
        return "/DeviceCMYK", "/Decode [1 0 1 0 1 0 1 0] " if h.adobe else ""
    return None


def _jpeg(data: bytes, orientation: int) -> RawImage | None:
    h = jpeg_header(data)
    if h is None or h.sof not in _SOF_SUPPORTED or h.precision != 8 or h.height == 0:
        return None
    cs = _jpeg_colorspace(h)
    if cs is None:
        return None
    d = _image_dict(h.width, h.height, cs[0], 8, cs[1])
    return RawImage(h.width, h.height, orientation,
                    [ImagePart(d, "/DCTDecode", None, data, (0, h.height), data)], "jpeg")


# --- PNG ----------------------------------------------------------------------------
def _png(data: bytes) -> RawImage | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    i = 8
    ihdr = plte = None
    idat = []
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        body = data[i + 8:i + 8 + length]
        if kind == b"IHDR":
            ihdr = body
        elif kind == b"PLTE":
            plte = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"tRNS":
            return None              # transparency would be lost
        elif kind == b"IEND":
            break
        i += 12 + length
    if ihdr is None or not idat:
        return None
    w, h, depth, ctype, _comp, _filt, interlace = struct.unpack(">IIBBBBB", ihdr)
    if interlace or ctype not in (0, 2, 3):
        return None                  # Adam7 interlacing and alpha are not PDF predictors
    colors = {0: 1, 2: 3, 3: 1}[ctype]
    if ctype == 3:
        if not plte:
            return None
        cs = f"[/Indexed /DeviceRGB {len(plte) // 3 - 1} <{plte.hex()}>]"
    else:
        cs = "/DeviceGray" if ctype == 0 else "/DeviceRGB"
    stream = b"".join(idat)
    parms = f"<< /Predictor 15 /Colors {colors} /BitsPerComponent {depth} /Columns {w} >>"
    d = _image_dict(w, h, cs, depth)
    return RawImage(w, h, 1, [ImagePart(d, "/FlateDecode", parms, stream, (0, h), stream)], "png")


# --- TIFF ---------------------------------------------------------------------------
def _tiff(img, data: bytes, orientation: int) -> RawImage | None:
    """One page of a TIFF (a Pillow image already seeked to it) as strips."""
    tags = img.tag_v2
    w, h = img.size
    comp = tags.get(259, 1)
    photometric = tags.get(262)
    spp = tags.get(277, 1)
    bps = tags.get(258, (1,))
    bps = bps[0] if isinstance(bps, tuple) else bps
    if (324 in tags or tags.get(284, 1) != 1 or tags.get(266, 1) != 1 or tags.get(338)
            or 273 not in tags or 279 not in tags):
        return None                  # tiles, planar data, LSB-first bits, alpha: decode instead
    offsets, counts = tags[273], tags[279]
    rps = min(tags.get(278, h), h) or h
    if len(offsets) != len(counts) or len(offsets) != -(-h // rps):
        return None
    strips = []
    for k, (off, cnt) in enumerate(zip(offsets, counts)):
        chunk = data[off:off + cnt]
        if len(chunk) != cnt:
            return None              # the file is cut short: let the decoder report it
        strips.append((chunk, (k * rps, min(h, (k + 1) * rps))))

    invert = photometric == 0        # WhiteIsZero
    if photometric in (0, 1):
        if spp != 1:
            return None
        cs = "/DeviceGray"
    elif photometric == 2 and spp == 3:
        cs = "/DeviceRGB"
    elif photometric == 6 and spp == 3 and comp == 7:
        cs = "/DeviceRGB"            # JPEG's own YCbCr, undone by the DCT decoder
    elif photometric == 5 and spp == 4:
        cs = "/DeviceCMYK"
    elif photometric == 3 and spp == 1 and 320 in tags:
        cmap = tags[320]
        n = 1 << bps
        if len(cmap) != 3 * n:
            return None
        rgb = bytes(v >> 8 for trip in zip(cmap[:n], cmap[n:2 * n], cmap[2 * n:]) for v in trip)
        cs = f"[/Indexed /DeviceRGB {n - 1} <{rgb.hex()}>]"
    else:
        return None

    parts = []
    if comp == 7:                    # JPEG ("new-style")
        tables = tags.get(347, b"")
        if isinstance(tables, tuple):
            tables = bytes(tables)
        if tables and not (tables.startswith(b"\xff\xd8") and tables.endswith(b"\xff\xd9")):
            return None
        # RGB stored as JPEG components must not be taken for YCbCr
        transform = "<< /ColorTransform 0 >>" if spp == 3 and photometric != 6 else None
        for chunk, rows in strips:
            if not chunk.startswith(b"\xff\xd8"):
                return None
            stream = chunk[:2] + tables[2:-2] + chunk[2:] if tables else chunk
            jh = jpeg_header(stream)
            if (jh is None or jh.sof not in _SOF_SUPPORTED or jh.precision != 8
                    or jh.width != w or jh.components != spp):
                return None
            decode = "/Decode [1 0] " if invert else ""
            d = _image_dict(w, rows[1] - rows[0], cs, 8, decode)
            parts.append(ImagePart(d, "/DCTDecode", transform, stream, rows, chunk[2:]))
        return RawImage(w, h, orientation, parts, "tiff-jpeg")
    if comp in (3, 4):               # CCITT fax
        if bps != 1 or photometric not in (0, 1):
            return None
        if comp == 4:
            if tags.get(293, 0) & 2:  # uncompressed mode: rare, not every reader has it
                return None
            k = -1
            align = ""
        else:
            opts = tags.get(292, 0)
            if opts & 2:
                return None
            k = 1 if opts & 1 else 0
            align = "/EncodedByteAlign true " if opts & 4 else ""
        for chunk, rows in strips:
            # The fax codes say white and black; BlackIs1 makes black come out as 1
            # where the TIFF says 1 is black (BlackIsZero is 1 = white).
            black_is_1 = "true" if photometric == 1 else "false"
            d = _image_dict(w, rows[1] - rows[0], "/DeviceGray", 1)
            parms = (f"<< /K {k} /Columns {w} /Rows {rows[1] - rows[0]} "
                     f"/BlackIs1 {black_is_1} {align}>>")
            parts.append(ImagePart(d, "/CCITTFaxDecode", parms, chunk, rows, chunk))
        return RawImage(w, h, orientation, parts, "tiff-ccitt")
    if comp in (1, 5, 8, 32946):     # none, LZW, Deflate (Adobe and old code)
        if bps not in (1, 2, 4, 8, 16):
            return None
        predictor = tags.get(317, 1)
        if predictor not in (1, 2) or (predictor == 2 and comp == 1):
            return None
        filt = {1: None, 5: "/LZWDecode", 8: "/FlateDecode", 32946: "/FlateDecode"}[comp]
        parms = None
        if predictor == 2:
            parms = f"<< /Predictor 2 /Colors {spp} /BitsPerComponent {bps} /Columns {w} >>"
        decode = "/Decode [1 0] " if invert else ""
        for chunk, rows in strips:
            if comp == 1 and len(chunk) < (w * spp * bps + 7) // 8 * (rows[1] - rows[0]):
                return None
            d = _image_dict(w, rows[1] - rows[0], cs, bps, decode)
            parts.append(ImagePart(d, filt, parms, chunk, rows, chunk))
        kind = {1: "tiff-raw", 5: "tiff-lzw"}.get(comp, "tiff-deflate")
        return RawImage(w, h, orientation, parts, kind)
    return None


def raw_image(data: bytes, page: int = 0) -> RawImage | None:
    """Page ``page`` of an image file as PDF image objects, or None when its data cannot
    go into a PDF as it is.  Reads headers only; damaged data is the decoder's to find."""
    if data[:2] == b"\xff\xd8":
        return _jpeg(data, _jpeg_orientation(data))
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _png(data)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        from PIL import Image
        try:
            img = Image.open(io.BytesIO(data))
            img.seek(page)
            return _tiff(img, data, img.tag_v2.get(274, 1) if img.tag_v2.get(274, 1) in range(1, 9) else 1)
        except Exception:
            return None
    return None


def damage(data: bytes) -> str | None:
    """What is structurally wrong with an image file, cheaply (no decoding): a JPEG cut
    short or without a scan, a PNG chunk whose checksum fails or a PNG without its end.
    None when nothing is found (the decoder may still find more)."""
    import zlib
    if data[:2] == b"\xff\xd8":
        h = jpeg_header(data)
        if h is None:
            return "its JPEG header is unreadable"
        if not h.complete:
            return "the JPEG is cut short"
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        i = 8
        while i + 12 <= len(data):
            length, kind = struct.unpack(">I4s", data[i:i + 8])
            body = data[i + 8:i + 8 + length]
            crc = data[i + 8 + length:i + 12 + length]
            if len(body) < length or len(crc) < 4:
                return "the PNG is cut short"
            if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
                return f"the PNG's {kind.decode('latin-1')} data is corrupt"
            if kind == b"IEND":
                return None
            i += 12 + length
        return "the PNG is cut short"
    return None


def _jpeg_orientation(data: bytes) -> int:
    """The EXIF orientation of a JPEG (1 when it has none), read from its APP1 segment
    without opening the image: this runs once a frame."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker == 0xDA:
            break
        if marker == 0xE1 and data[i + 4:i + 10] == b"Exif\x00\x00":
            return _tiff_orientation(data[i + 10:i + 2 + length])
        i += 2 + length
    return 1


def _tiff_orientation(tiff: bytes) -> int:
    """Tag 0x0112 of the first IFD of a TIFF header (EXIF's layout)."""
    try:
        order = {b"II": "<", b"MM": ">"}[tiff[:2]]
        ifd = struct.unpack(order + "I", tiff[4:8])[0]
        count = struct.unpack(order + "H", tiff[ifd:ifd + 2])[0]
        for k in range(count):
            at = ifd + 2 + 12 * k
            tag, kind = struct.unpack(order + "HH", tiff[at:at + 4])
            if tag == 0x0112 and kind == 3:
                value = struct.unpack(order + "H", tiff[at + 8:at + 10])[0]
                return value if value in range(1, 9) else 1
    except (KeyError, struct.error):
        pass
    return 1


# Stored image (u right, v down, 0..1) -> displayed (X right, Y down) for each orientation.
ORIENTATIONS = {
    1: lambda u, v: (u, v),
    2: lambda u, v: (1 - u, v),
    3: lambda u, v: (1 - u, 1 - v),
    4: lambda u, v: (u, 1 - v),
    5: lambda u, v: (v, u),
    6: lambda u, v: (1 - v, u),
    7: lambda u, v: (1 - v, 1 - u),
    8: lambda u, v: (v, 1 - u),
}
