"""The invisible font of the text layer: a TrueType font whose glyphs draw nothing.

Searchable scans carry their words as text drawn in render mode 3 (invisible), placed on
the image where the words are.  The font only has to map characters to widths and
back to Unicode, so, as Tesseract and OCRmyPDF do, we embed a "glyphless" font:

* a TrueType program (built here, ~600 bytes) with one empty glyph, half an em wide;
* a CIDFontType2 whose CIDToGIDMap sends every CID to that glyph;
* a Type0 font with Identity-H encoding, so a character code is its UTF-16 code unit,
  and a ToUnicode CMap mapping each code to itself, so copy and search give the
  right characters for any character of the Basic Multilingual Plane.

Every glyph being as wide as every other, a word of n characters at scale s is
n * s / 2 wide: the text layer stretches each word horizontally to fill its box.
The font is written once per exported PDF and shared by every page.
"""
from __future__ import annotations

import struct

__all__ = ["FONT_NAME", "GLYPH_ADVANCE", "glyphless_ttf", "add_glyphless_font", "encode_text"]

FONT_NAME = "ReelReaderInvisible"
UNITS_PER_EM = 1000
GLYPH_ADVANCE = 0.5          # in em: every character advances half an em


def _table_checksum(data: bytes) -> int:
    data = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _name_table() -> bytes:
    names = {1: FONT_NAME, 2: "Regular", 4: FONT_NAME, 5: "Version 1.0", 6: FONT_NAME}
    records, strings = [], b""
    for name_id, text in names.items():
        raw = text.encode("utf-16-be")
        # Windows, Unicode BMP, US English
        records.append(struct.pack(">6H", 3, 1, 0x409, name_id, len(raw), len(strings)))
        strings += raw
    header = struct.pack(">3H", 0, len(records), 6 + 12 * len(records))
    return header + b"".join(records) + strings


def glyphless_ttf() -> bytes:
    """A valid TrueType font with two empty glyphs (.notdef and the invisible glyph)."""
    em, adv = UNITS_PER_EM, int(UNITS_PER_EM * GLYPH_ADVANCE)
    tables = {
        # version, revision, checkSumAdjustment (set below), magic, flags, unitsPerEm,
        # created, modified, bbox, macStyle, lowestRecPPEM, direction, loca short, glyf 0
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0x000B, em,
                             0, 0, 0, 0, adv, em, 0, 8, 2, 0, 0),
        # ascender = 1 em, descender 0: a glyph's box is the word's box, baseline at its foot
        b"hhea": struct.pack(">IhhhHhhhhhh4hhH", 0x10000, em, 0, 0, adv, 0, 0, adv, 1, 0, 0,
                             0, 0, 0, 0, 0, 2),
        b"maxp": struct.pack(">IH13H", 0x10000, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"hmtx": struct.pack(">HhHh", adv, 0, adv, 0),
        b"loca": struct.pack(">3H", 0, 0, 0),     # both glyphs empty
        b"glyf": b"",
        # format 6 (trimmed table) with no entries, for Macintosh and Windows: the PDF
        # maps codes to glyphs itself (CIDToGIDMap), so the font's own cmap is empty.
        b"cmap": struct.pack(">HH HHI HHI HHHHH", 0, 2, 1, 0, 20, 3, 1, 20, 6, 10, 0, 0, 0),
        b"name": _name_table(),
        b"post": struct.pack(">IihhIIIII", 0x30000, 0, 0, 0, 1, 0, 0, 0, 0),
        # OS/2 version 1: installable embedding (fsType 0), metrics matching hhea
        b"OS/2": struct.pack(">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHII", 1, adv, 400, 5, 0,
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b"\0" * 10, 0, 0, 0, 0,
                             b"RRDR", 0x40, 0x20, 0xFFFF, em, 0, 0, em, 0, 1, 0),
    }
    tags = sorted(tables)
    n = len(tags)
    entry_selector = n.bit_length() - 1
    search_range = 16 * (1 << entry_selector)
    offset = 12 + 16 * n
    directory = [struct.pack(">IHHHH", 0x10000, n, search_range, entry_selector, 16 * n - search_range)]
    body = b""
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _table_checksum(data), offset + len(body), len(data)))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(b"".join(directory) + body)
    head_at = 12 + 16 * n + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index(b"head")])
    adjust = (0xB1B0AFBA - _table_checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8:head_at + 12] = struct.pack(">I", adjust)
    return bytes(font)


def _to_unicode_cmap() -> bytes:
    """Identity from 2-byte codes to UTF-16, in the 100-entry blocks the CMap syntax allows."""
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    blocks = []
    for i in range(0, len(ranges), 100):
        chunk = ranges[i:i + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()


def _new_stream(doc, dictionary: str, data: bytes) -> int:
    xref = doc.get_new_xref()
    doc.update_object(xref, dictionary)
    doc.update_stream(xref, data)   # PyMuPDF deflates it
    return xref


def add_glyphless_font(doc) -> int:
    """Write the invisible Type0 font into ``doc`` (a pymupdf.Document); return its xref."""
    ttf = glyphless_ttf()
    file_x = _new_stream(doc, f"<< /Length1 {len(ttf)} >>", ttf)
    desc_x = doc.get_new_xref()
    doc.update_object(desc_x, f"<< /Type /FontDescriptor /FontName /{FONT_NAME} /Flags 5 "
                              f"/FontBBox [0 0 500 1000] /ItalicAngle 0 /Ascent 1000 /Descent 0 "
                              f"/CapHeight 1000 /StemV 80 /FontFile2 {file_x} 0 R >>")
    # every CID -> glyph 1 (two bytes a CID): 128 KB that deflate makes a few hundred bytes
    gid_map_x = _new_stream(doc, "<< >>", b"\x00\x01" * 65536)
    cid_x = doc.get_new_xref()
    doc.update_object(cid_x, f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{FONT_NAME} "
                             f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                             f"/FontDescriptor {desc_x} 0 R /DW 500 /CIDToGIDMap {gid_map_x} 0 R >>")
    uni_x = _new_stream(doc, "<< >>", _to_unicode_cmap())
    font_x = doc.get_new_xref()
    doc.update_object(font_x, f"<< /Type /Font /Subtype /Type0 /BaseFont /{FONT_NAME} "
                              f"/Encoding /Identity-H /DescendantFonts [{cid_x} 0 R] /ToUnicode {uni_x} 0 R >>")
    return font_x


_REPLACEMENT = "\ufffd"


def encode_text(text: str) -> tuple[str, int]:
    """(hex string of 2-byte codes, number of codes) for ``text``.

    Characters beyond the Basic Multilingual Plane (which a 2-byte identity cannot
    carry) and control characters become U+FFFD, so one character stays one glyph.
    """
    if text.isprintable():
        raw = text.encode("utf-16-be")
        if len(raw) == 2 * len(text):          # no character beyond the BMP
            return raw.hex(), len(text)
    units = []
    for ch in text:
        cp = ord(ch)
        if cp > 0xFFFF or 0xD800 <= cp <= 0xDFFF or cp < 0x20 or cp == 0x7F:
            cp = 0xFFFD
        units.append(cp)
    return "".join(f"{u:04X}" for u in units), len(units)
