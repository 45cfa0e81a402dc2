"""The invisible text layer and its glyphless font."""
from __future__ import annotations

import struct
import subprocess

import pymupdf

from export.glyphless import FONT_NAME, add_glyphless_font, encode_text, glyphless_ttf
from export.textlayer import add_font_resource, text_layer_ops
from export.model import PlacedWord


def test_font_is_a_valid_truetype_font():
    ttf = glyphless_ttf()
    font = pymupdf.Font(fontbuffer=ttf)
    assert font.name.startswith(FONT_NAME) and font.glyph_count == 2
    assert (font.ascender, font.descender) == (1.0, 0.0)    # a glyph's box is the word's box
    # the whole-font checksum is the magic TrueType asks for
    total = sum(struct.unpack(f">{len(ttf) // 4}I", ttf)) & 0xFFFFFFFF
    assert total == 0xB1B0AFBA


def _page_with(words, tmp_path):
    doc = pymupdf.open()
    font = add_glyphless_font(doc)
    page = doc.new_page(width=612, height=792)
    scale = 72 / 300
    ops = text_layer_ops(words, pymupdf.Matrix(scale, 0, 0, -scale, 0, 792))
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< >>")
    doc.update_stream(xref, ops)
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    add_font_resource(doc, page.xref, font)
    path = tmp_path / "layer.pdf"
    doc.save(path)
    return path


def test_words_land_in_their_boxes_in_order_with_spaces(tmp_path):
    words = [PlacedWord("Ambassador", (300, 300, 800, 360)), PlacedWord("Stevenson", (840, 300, 1300, 360)),
             PlacedWord("“IL-28”", (1340, 300, 1700, 360)),
             PlacedWord("☒", (300, 420, 340, 460)), PlacedWord("DENY", (360, 420, 560, 460)),
             PlacedWord("Хрущёв", (300, 520, 700, 580)), PlacedWord("—", (720, 520, 800, 580))]
    path = _page_with(words, tmp_path)
    page = pymupdf.open(path)[0]
    for w in words:
        clip = pymupdf.Rect(w.bbox) * (72 / 300) + (-0.5, -0.5, 0.5, 0.5)
        assert [f[4] for f in page.get_text("words", clip=clip)] == [w.text]
    assert page.get_text("text").split() == [w.text for w in words]
    # Poppler reads the same text, words apart, lines apart
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    lines = [ln for ln in text.splitlines() if ln.strip() and ln != "\f"]
    assert lines == ["Ambassador Stevenson “IL-28”", "☒ DENY", "Хрущёв —"]
    # and it draws nothing: the page stays white
    pix = page.get_pixmap(dpi=30)
    assert set(pix.samples) == {255}


def test_characters_beyond_two_bytes_become_replacement_characters():
    hexcodes, units = encode_text("a\U0001F600b\x07")
    assert units == 4 and hexcodes == "0061FFFD0062FFFD"


def test_nothing_to_draw_gives_no_operators():
    assert text_layer_ops([PlacedWord(" ", (0, 0, 10, 10)), PlacedWord("x", (5, 5, 5, 9))],
                          pymupdf.Matrix(1, 1)) == b""
