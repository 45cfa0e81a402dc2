"""Rubber stamps: review and declassification blocks with check boxes.

A stamp block from the transcript (the parser's ``stamp`` span) is set line by line in
a stamp face inside a ruled border; ``☐``/``☒`` become printed boxes, ticked ones get
a reviewer's pen X or check; the fields a reviewer fills in by hand (initials, dates,
counts: words with digits, or mixed-case initials with a slash) are handwritten.  The
whole impression is inked unevenly, in a paler tone than typing (violet or red stamp
pad ink photographs light on film), and struck a few degrees off square.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np

from .blocks import Block
from .canvas import Box, Canvas, rotation_about, transform_box, union
from .fonts import printable, text_width
from .hand import Hand
from .printed import font_height

_HANDWORD = re.compile(r".*\d.*|(?=.*/)(?=.*[a-z]).*")


@dataclass
class _Row:
    items: list = field(default_factory=list)  # ("word", text, x, [src...]) / ("box", x, tok)
    width: float = 0.0


@dataclass
class StampLayout:
    block: Block
    rows: list[_Row]
    width: int
    height: int
    size: int
    face: str
    pad: int


HAND_SCALE = 0.9   # handwritten fields: capitals this many times the stamp's size


def _rows(block: Block, size: int, face: str, hand_width) -> list[_Row]:
    box_w = int(size * 0.72)
    space = text_width(face, size, " ")
    rows: list[_Row] = []
    toks = block.tokens
    for ls, le in block.lines:
        row = _Row()
        x = 0.0
        word: list[tuple[str, int]] = []

        def flush():
            nonlocal x
            if word:
                text = "".join(c for c, _ in word)
                hand = bool(_HANDWORD.fullmatch(text))
                w = (hand_width(text, size * HAND_SCALE) * 1.12 + size * 0.3 if hand
                     else text_width(face, size, printable(face, text)))
                row.items.append(("word", text, x, [o for _, o in word], hand))
                x += w
                word.clear()

        lead = True
        for tok in toks:
            if tok.end <= ls or tok.start >= le or tok.kind in ("newline", "hardbreak"):
                continue
            if tok.kind == "checkbox":
                flush()
                if row.items:
                    x += space * 0.6
                row.items.append(("box", x, tok, box_w))
                x += box_w + space * 0.8
                lead = False
                continue
            s = tok.inner_start if tok.kind != "text" else tok.start
            text = tok.content if tok.kind != "text" else tok.text
            for i, ch in enumerate(text):
                if ch in " \t":
                    flush()
                    x += space * (1.0 if not lead else 1.6)
                else:
                    lead = False
                    word.append((ch, s + i))
        flush()
        row.width = x
        rows.append(row)
    return rows


def layout(block: Block, hand: Hand, size: int = 34, face: str = "helvetica-bold") -> StampLayout:
    """Set the stamp's lines; ``hand`` is the reviewer whose fields need room."""
    rows = _rows(block, size, face, hand.width)
    pad = int(size * 0.7)
    width = int(max((r.width for r in rows), default=0) + 2 * pad)
    height = int(len(rows) * size * 1.45 + 2 * pad - size * 0.3)
    return StampLayout(block, rows, width, height, size, face, pad)


@dataclass
class DrawnStamp:
    bbox: Box
    words: list[dict]
    boxes: list[dict]


def draw(canvas: Canvas, rng: np.random.Generator, st: StampLayout, x: float, y: float,
         hand: Hand, tone: float, angle: float) -> DrawnStamp:
    """Stamp ``st`` with its top-left corner near (x, y), turned by ``angle`` degrees."""
    from PIL import Image, ImageDraw

    from .fonts import pil_font

    w, h = st.width, st.height
    ink_img = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(ink_img)
    font = pil_font(st.face, st.size)
    ascent, _ = font_height(st.face, st.size)
    hand_layer = Canvas(w, h)
    words_local: list[tuple[Box, str, list[int], str]] = []
    boxes_local: list[tuple[Box, object]] = []
    lw = max(2, st.size // 10)
    # Border: one or two rules, as stamps are cut.
    d.rectangle([lw, lw, w - 1 - lw, h - 1 - lw], outline=255, width=lw + 1)
    if rng.random() < 0.4:
        d.rectangle([3 * lw + 2, 3 * lw + 2, w - 3 - 3 * lw, h - 3 - 3 * lw], outline=255, width=max(1, lw - 1))
    tick_style = "x" if rng.random() < 0.6 else "check"
    for r, row in enumerate(st.rows):
        base = st.pad + r * st.size * 1.45 + st.size * 0.75
        for item in row.items:
            if item[0] == "word":
                _, text, wx, src, is_hand = item
                px = st.pad + wx
                if is_hand:
                    b = hand.write(hand_layer, rng, text, px + st.size * 0.15, base + rng.normal(0, 2),
                                   st.size * HAND_SCALE)
                    if b:
                        words_local.append((b, text, src, "hand"))
                else:
                    t = printable(st.face, text)
                    d.text((px, base), t, font=font, fill=255, anchor="ls")
                    bb = d.textbbox((px, base), t, font=font, anchor="ls")
                    words_local.append(([float(v) for v in bb], text, src, "stamp"))
            else:
                _, bx, tok, bw = item
                px = st.pad + bx
                top = base - bw * 0.95
                box = [px, top, px + bw, top + bw]
                d.rectangle([int(box[0]), int(box[1]), int(box[2]) - 1, int(box[3]) - 1],
                            outline=255, width=max(2, lw))
                boxes_local.append((box, tok))
                if tok.attrs.get("ticked"):
                    hand.tick(hand_layer, rng, box, tick_style)
    patch = np.asarray(ink_img, np.float32) / 255.0
    patch = cv2.GaussianBlur(patch, (0, 0), 0.6)
    # Uneven pressure: whole patches of the impression pale, edges of strokes broken.
    field_ = cv2.resize(rng.uniform(0.62, 1.0, (max(2, h // 60), max(2, w // 60))).astype(np.float32),
                        (w, h), interpolation=cv2.INTER_CUBIC)
    speck = (rng.random((h, w)) > 0.05).astype(np.float32)
    patch = np.clip(patch * field_ * speck * 1.25, 0, 1)
    m = rotation_about(w / 2, h / 2, angle, x, y)
    canvas.put_affine(patch, m, tone)
    canvas.put_affine(hand_layer.ink, m, 1.0)
    border = transform_box([0, 0, w, h], m)
    words = [{"bbox": transform_box(b, m), "text": t, "span": [src[0], src[-1] + 1], "style": s}
             for b, t, src, s in words_local]
    boxes = [{"bbox": transform_box(b, m), "checked": bool(tok.attrs.get("ticked")),
              "span": [tok.start, tok.end]} for b, tok in boxes_local]
    hand_boxes = [wd["bbox"] for wd in words if wd["style"] == "hand"]
    return DrawnStamp(union([border] + hand_boxes), words, boxes)
