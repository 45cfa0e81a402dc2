"""Drawing one planned frame on paper, recording the ground truth as it goes.

Documents are typed (``typewriter.py``), corrected by hand (``hand.py``), stamped
(``stamps.py``) and marked with their classification at head and foot; target, title
and finding-aid frames are printed (``printed.py``).  Every mark's box is collected in
page pixels in a ``FrameTruth``; ``reel.py`` turns the paper into film.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from transcript.markup import Span, Transcript

from . import stamps as stamp_mod
from .canvas import Box, Canvas, rotation_about, transform_box, union
from .fonts import pil_font, printable, text_width
from .hand import Hand
from .paginate import FramePlan, Geometry, break_offset
from .printed import PrintLine, font_height, set_print
from .truth import FrameTruth
from .typeset import Cell, TypedLine
from .typewriter import Typewriter

_LETTERS = "etaoinshrdlucmfwypvbgk"


@dataclass(frozen=True)
class Style:
    """What a reel looks like; every field can be set from the command line."""
    seed: int = 1962
    noise: float = 0.5
    typeface: str = "courier"       # courier | courier-bold
    pitch: float = 12               # 10 pica, 12 elite
    spacing: float = 1.5
    hand: str = "cursive"           # cursive | scripts | scriptc | futural
    stamp_face: str = "helvetica-bold"
    print_face: str = "times"
    skew: float = 0.8               # largest angle in degrees
    indent: int = 5                 # paragraph indent in typed columns

    def geometry(self) -> Geometry:
        return Geometry(pitch=self.pitch, spacing=self.spacing, indent=self.indent)


class Drawer:
    """Draws frames of one reel: one typewriter and one set of hands for the reel,
    so the machine's quirks are the same on every page."""

    def __init__(self, style: Style, transcript: Transcript, corrections: list[Span] | None = None):
        self.style = style
        self.t = transcript
        self.corrections = transcript.corrections if corrections is None else corrections
        self.geo = style.geometry()
        machine = np.random.default_rng([style.seed, 0])
        self.tw = Typewriter(machine, style.typeface, style.pitch)
        self.drafter = Hand(machine, style.hand, pen=4.2, tone=0.9)
        self.reviewer = Hand(machine, style.hand, pen=3.8, tone=0.85)
        # correction token start -> (deletion, insertion) for pairing on the page
        self.pair_of: dict[int, Span] = {}
        for c in self.corrections:
            self.pair_of[c.attrs["deletion"].start] = c
            self.pair_of[c.attrs["insertion"].start] = c
        self._stamp_cache: dict[int, stamp_mod.StampLayout] = {}

    # -- measurements the paginator asks for --------------------------------------------
    def stamp_layout(self, block) -> stamp_mod.StampLayout:
        if block.start not in self._stamp_cache:
            self._stamp_cache[block.start] = stamp_mod.layout(block, self.reviewer, 34,
                                                              self.style.stamp_face)
        return self._stamp_cache[block.start]

    def measure_stamp(self, block) -> tuple[int, int]:
        st = self.stamp_layout(block)
        return st.width + 40, st.height + 40   # room for the turn of the stamp

    def print_lines(self, block, role: str) -> list[PrintLine]:
        face, size, heading = self._print_style(block, role)
        measure = self.geo.measure if not (heading and role != "finding-aid") else self.geo.width - 500
        return set_print(block.tokens, block.start, measure, size, face, heading)

    def measure_print(self, block, role: str) -> list[tuple[float, int, bool]]:
        lines = self.print_lines(block, role)
        gap = self._print_gap(block, role)
        rows = []
        for i, ln in enumerate(lines):
            off, safe = break_offset(block.tokens, ln.start) if ln.start >= 0 else (block.start, True)
            rows.append((ln.height + (gap if i == 0 else 0), off, safe))
        return rows

    def _print_style(self, block, role: str) -> tuple[str, int, bool]:
        base = self.style.print_face
        if block.kind == "heading":
            level = block.attrs.get("level", 1)
            return f"{base}-bold", (84 if level == 1 and role == "title" else 76 if level == 1 else 54), True
        return base, self.geo.print_size, False

    def _print_gap(self, block, role: str) -> float:
        if block.kind == "heading":
            return 70 if block.attrs.get("level", 1) >= 2 else 40
        return 30

    # -- frames -------------------------------------------------------------------------
    def draw(self, plan: FramePlan, index: int) -> tuple[Canvas, FrameTruth]:
        rng = np.random.default_rng([self.style.seed, 2, index])
        canvas = Canvas(self.geo.width, self.geo.height)
        truth = FrameTruth(index, plan.kind, self.geo.width, self.geo.height)
        if plan.kind == "document":
            self._document(canvas, truth, plan, rng)
        elif plan.kind == "target":
            self._target(canvas, truth, plan, rng)
        else:
            self._printed(canvas, truth, plan, rng)
        return canvas, truth

    # -- documents ----------------------------------------------------------------------
    def _document(self, canvas: Canvas, truth: FrameTruth, plan: FramePlan, rng) -> None:
        g = self.geo
        left = g.margin_left + int(rng.integers(-25, 26))
        top = g.margin_top + int(rng.integers(-20, 21))
        if plan.head is not None:
            self._marking(canvas, truth, plan.head, rng, top - 150)
        if plan.foot is not None:
            self._marking(canvas, truth, plan.foot, rng, g.height - g.margin_bottom + 130)
        if plan.fiche is not None:
            self._fiche(canvas, truth, plan.fiche, rng)
        if plan.stamps:
            self._stamps(canvas, truth, plan, rng, top)
        y = top + plan.band + self.tw.cap_height
        for piece in plan.pieces:
            y += piece.gap * g.line_pitch
            for line in piece.lines:
                self._typed_line(canvas, truth, line, left, y, rng)
                y += g.line_pitch
        # A deletion and its insertion on this frame make a correction.
        self._corrections(truth)

    def _typed_line(self, canvas: Canvas, truth: FrameTruth, line: TypedLine, left: float,
                    base: float, rng) -> None:
        tw, adv = self.tw, self.geo.advance
        boxes: dict[int, Box | None] = {}
        runs: dict[int, list[Cell]] = {}   # token start -> its cells on this line
        for c in line.cells:
            x = left + c.col * adv
            if c.kind in ("text", "header", "classification", "deletion"):
                boxes[id(c)] = tw.strike(canvas, rng, x, base, c.ch)
            elif c.kind == "strong":  # bold by striking the key twice, a hair apart
                b1 = tw.strike(canvas, rng, x, base, c.ch)
                b2 = tw.strike(canvas, rng, x + 1.5, base, c.ch)
                boxes[id(c)] = union([b1, b2])
            elif c.kind == "emphasis":  # underlined by backspacing and typing _
                boxes[id(c)] = union([tw.strike(canvas, rng, x, base, c.ch),
                                      tw.strike(canvas, rng, x, base, "_")])
            elif c.kind == "unclear":
                boxes[id(c)] = tw.strike(canvas, rng, x, base, c.ch, strength=0.42)
            elif c.kind == "xout":
                under = None
                if c.ch in "Xx" and rng.random() < 0.85:   # the letters the typist X-ed out
                    under = tw.strike(canvas, rng, x, base, str(rng.choice(list(_LETTERS))), 0.8)
                boxes[id(c)] = union([under, tw.strike(canvas, rng, x, base, c.ch)])
            elif c.kind == "checkbox":
                s = tw.cap_height * 0.95
                box = [x + 2, base - s, x + 2 + s, base]
                self._box_outline(canvas, box)
                if c.tok is not None and c.tok.attrs.get("ticked"):
                    self.reviewer.tick(canvas, rng, box, "x")
                truth.region("checkbox", box, checked=bool(c.tok and c.tok.attrs.get("ticked")),
                             span=[c.tok.start, c.tok.end] if c.tok else [c.src, c.src + 1])
            elif c.kind == "illegible":
                boxes[id(c)] = tw.strike(canvas, rng, x, base, str(rng.choice(list(_LETTERS))), 0.8)
            if c.tok is not None:
                runs.setdefault(c.tok.start, []).append(c)

        # Runs of one token on this line: strikes, x-outs, redactions.
        for start, cells in runs.items():
            tok = cells[0].tok
            x0 = left + cells[0].col * adv
            x1 = left + (cells[-1].col + 1) * adv
            ink = union([boxes.get(id(c)) for c in cells])
            part_text = _cells_text(cells)
            if tok.kind == "deletion":
                mid = base - tw.x_height * rng.uniform(0.4, 0.6)
                if tok.attrs.get("paired") or rng.random() < 0.85:
                    how = "pen"
                    strike = self.drafter.strike(canvas, rng, x0 + 3, x1 - 3, mid)
                else:  # typed over with hyphens, spaces and all
                    how = "typed"
                    strike = union([tw.strike_out(canvas, rng, left + col * adv, base)
                                    for col in range(cells[0].col, cells[-1].col + 1)])
                truth.region("deletion", union([ink, strike]), text=part_text, strike=how,
                             span=[tok.start, tok.end])
            elif tok.kind == "xout":
                truth.region("xout", ink, text=part_text, span=[tok.start, tok.end])
            elif tok.kind == "illegible" and ink is not None:
                # Letters smeared past reading: blur them where they lie.
                x0i, y0i = max(0, int(ink[0]) - 8), max(0, int(ink[1]) - 8)
                x1i, y1i = int(ink[2]) + 8, int(ink[3]) + 8
                region = canvas.ink[y0i:y1i, x0i:x1i]
                region[:] = cv2.GaussianBlur(region, (0, 0), 5.0) * 1.6
            elif tok.kind == "redaction":
                cap, desc = tw.cap_height, 0.22 * tw.size
                box = [x0 - rng.uniform(2, 8), base - cap - rng.uniform(6, 12),
                       x1 + rng.uniform(2, 8), base + desc + rng.uniform(2, 8)]
                code = tok.attrs.get("code") or None
                if tok.text.startswith("("):
                    # An exemption code where the text was: typed in a ruled box.
                    for c in cells:
                        tw.strike(canvas, rng, left + c.col * adv, base, c.ch)
                    self._box_outline(canvas, box)
                    truth.region("redaction", box, text=tok.text, code=tok.text, span=[tok.start, tok.end])
                else:
                    canvas.fill(box, 0.97)
                    truth.region("redaction", box, code=code, span=[tok.start, tok.end])

        # Typed words: runs of adjacent cells, as OCR would see them.
        word: list[Cell] = []
        for c in line.cells + [None]:
            if c is not None and word and c.col == word[-1].col + 1 and c.kind not in ("redaction", "illegible", "checkbox"):
                word.append(c)
                continue
            if word:
                text = "".join(x.ch for x in word)
                bb = union([boxes.get(id(x)) for x in word])
                extra = {}
                if any(x.kind == "deletion" for x in word):
                    extra["struck"] = True
                if all(x.kind == "xout" for x in word):
                    extra["xout"] = True
                if any(x.kind == "unclear" for x in word):
                    extra["unclear"] = True   # typed faintly on purpose
                truth.word(bb, text, [word[0].src, word[-1].src + 1], "typed", **extra)
            word = [c] if c is not None and c.kind not in ("redaction", "illegible", "checkbox") else []

        # Insertions: written above the line, with a caret unless they sit over the
        # words they replace.
        taken: list[Box] = []
        # As tall as the space between the lines allows (overlapping the line above
        # only when the typing is single-spaced, as it does on real pages).
        room = self.geo.line_pitch - tw.cap_height
        height = min(tw.cap_height * 1.25, 0.62 * room) * rng.uniform(0.95, 1.1)
        ins_base = base - tw.cap_height - rng.uniform(5, 10)
        for ins in sorted(line.inserts, key=lambda i: i.col):
            tok = ins.tok
            text = tok.content.strip()
            if not text:
                continue
            w = self.drafter.width(text, height)
            corr = self.pair_of.get(tok.start)
            over = None
            if corr is not None:
                dele = corr.attrs["deletion"]
                cells = runs.get(dele.start)
                if cells:
                    over = (left + cells[0].col * adv, left + (cells[-1].col + 1) * adv)
            if over is not None:
                cx = (over[0] + over[1]) / 2
                caret = None
            else:
                cx = left + ins.col * adv
                caret = self.drafter.caret(canvas, rng, cx, base + 4, tw.cap_height * 0.9)
            x = cx - w / 2
            for t in taken:  # keep clear of the insertion written just before
                if x < t[2] + 10 and x + w > t[0]:
                    x = t[2] + 14
            b = self.drafter.write(canvas, rng, text, x, ins_base + rng.normal(0, 2), height)
            if b is None:
                continue
            taken.append(b)
            r = truth.region("insertion", b, text=text, span=[tok.start, tok.end])
            if r is not None and caret is not None:
                r["caret"] = caret
            truth.word(b, text, [tok.inner_start, tok.inner_end], "hand")

    def _corrections(self, truth: FrameTruth) -> None:
        by_span: dict[int, list[dict]] = {}
        for r in truth.regions:
            if r["kind"] in ("deletion", "insertion"):
                by_span.setdefault(r["span"][0], []).append(r)
        for corr in self.corrections:
            d, i = corr.attrs["deletion"], corr.attrs["insertion"]
            dr, ir = by_span.get(d.start), by_span.get(i.start)
            if not dr or not ir:
                continue
            truth.region("correction", union([r["bbox"] for r in dr + ir]),
                         text=f"{d.content} -> {i.content}", deleted=d.content, inserted=i.content,
                         span=[corr.start, corr.end], deletion_span=[d.start, d.end],
                         insertion_span=[i.start, i.end])

    def _box_outline(self, canvas: Canvas, box: Box, width: int = 3) -> None:
        x0, y0, x1, y1 = (int(round(v)) for v in box)
        canvas.fill([x0, y0, x1, y0 + width], 0.9)
        canvas.fill([x0, y1 - width, x1, y1], 0.9)
        canvas.fill([x0, y0, x0 + width, y1], 0.9)
        canvas.fill([x1 - width, y0, x1, y1], 0.9)

    def _marking(self, canvas: Canvas, truth: FrameTruth, block, rng, y: float) -> None:
        """SECRET / CONFIDENTIAL stamped at the head or foot, struck through by hand
        where the markup strikes it."""
        text = block.attrs.get("marking") or block.text(self.t.source).strip("~ ")
        tok = next((t for t in block.tokens if t.kind == "classification"), None)
        size = int(rng.uniform(62, 78))
        face = self.style.stamp_face if rng.random() < 0.7 else "courier-bold"
        shown = printable(face, " ".join(text) if rng.random() < 0.3 else text)
        w = text_width(face, size, shown)
        cx = self.geo.width / 2 + rng.normal(0, 30)
        img = Image.new("L", (int(w) + 40, int(size * 1.6)), 0)
        d = ImageDraw.Draw(img)
        d.text((20, size * 1.15), shown, font=pil_font(face, size), fill=255, anchor="ls")
        patch = np.asarray(img, np.float32) / 255.0
        angle = float(rng.normal(0, 0.8))
        m = rotation_about(img.width / 2, img.height / 2, angle, cx - img.width / 2, y - size * 1.15)
        ink = canvas.put_affine(patch, m, rng.uniform(0.75, 0.9))
        bbox = ink
        struck = bool(block.attrs.get("struck"))
        if struck and ink is not None:
            midy = (ink[1] + ink[3]) / 2
            lines = [self.reviewer.strike(canvas, rng, ink[0], ink[2], midy + rng.normal(0, 4))]
            if rng.random() < 0.4:
                lines.append(self.reviewer.strike(canvas, rng, ink[0], ink[2], midy + rng.uniform(8, 14)))
            bbox = union([ink] + lines)
        span = [tok.inner_start, tok.inner_end] if tok is not None else [block.start, block.end]
        truth.region("classification", bbox, text=text, struck=struck,
                     span=[tok.start, tok.end] if tok is not None else [block.start, block.end])
        if ink is not None:
            truth.word(ink, text, span, "stamp", marking=True)

    def _fiche(self, canvas: Canvas, truth: FrameTruth, block, rng) -> None:
        """The fiche header's document ID and date, printed at the top right."""
        face, size = "helvetica-bold", 48
        right = self.geo.width - 200 + int(rng.integers(-20, 20))
        y = 70 + int(rng.integers(-10, 10))
        for tok in block.tokens:
            if tok.kind != "header":
                continue
            text = tok.content
            img, bb = _print_patch(text, face, size)
            x = right - img.shape[1]
            canvas.put(int(x), int(y), img, 0.92)
            truth.word([x + bb[0], y + bb[1], x + bb[2], y + bb[3]], text, [tok.inner_start, tok.inner_end], "print")
            y += size * 1.35

    def _stamps(self, canvas: Canvas, truth: FrameTruth, plan: FramePlan, rng, top: float) -> None:
        room = self.geo.width - 2 * 150
        x, y, shelf_h = 150 + int(rng.integers(0, 60)), top - 40, 0
        for b in plan.stamps:
            st = self.stamp_layout(b)
            w, h = st.width + 40, st.height + 40
            if x > 200 and x + w > 150 + room:
                x, y, shelf_h = 150 + int(rng.integers(0, 60)), y + shelf_h + 50, 0
            angle = float(np.clip(rng.normal(0, 1.6), -3.5, 3.5))
            drawn = stamp_mod.draw(canvas, rng, st, x + 20, y + 20, self.reviewer,
                                   float(rng.uniform(0.7, 0.85)), angle)
            truth.region("stamp", drawn.bbox, text=b.text(self.t.source), span=[b.start, b.end])
            for cb in drawn.boxes:
                truth.region("checkbox", cb["bbox"], checked=cb["checked"], span=cb["span"])
            for wd in drawn.words:
                truth.word(wd["bbox"], wd["text"], wd["span"], wd["style"])
            x += w + 60 + int(rng.integers(0, 80))
            shelf_h = max(shelf_h, h)

    # -- printed frames -------------------------------------------------------------------
    def _printed(self, canvas: Canvas, truth: FrameTruth, plan: FramePlan, rng) -> None:
        g = self.geo
        page = Image.new("L", (g.width, g.height), 0)
        d = ImageDraw.Draw(page)
        y = g.margin_top + (200 if plan.kind == "title" else 0) + int(rng.integers(-15, 15))
        left = g.margin_left + int(rng.integers(-15, 15))
        for piece in plan.pieces:
            lines = self.print_lines(piece.block, plan.kind)
            if piece.lines:
                lines = [lines[k] for k in piece.lines if k < len(lines)]
            y += self._print_gap(piece.block, plan.kind)
            centered = piece.block.kind == "heading" and plan.kind == "title"
            if plan.kind == "title" and piece.block.kind == "heading":
                y += 60
            for ln in lines:
                lx = (g.width - ln.width) / 2 if centered else left
                y += self._print_line(d, truth, ln, lx, y)
            if centered:
                y += 120
        ink = np.asarray(page, np.float32) / 255.0
        np.maximum(canvas.ink, ink * np.float32(0.95), out=canvas.ink)

    def _print_line(self, d: ImageDraw.ImageDraw, truth: FrameTruth, ln: PrintLine, x: float, y: float) -> float:
        asc, _ = font_height(ln.words[0].runs[0].face if ln.words else "times", ln.size)
        base = y + asc
        for w in ln.words:
            wx = x + w.x
            boxes = []
            for r in w.runs:
                f = pil_font(r.face, w.size)
                d.text((wx, base), r.text, font=f, fill=255, anchor="ls")
                boxes.append([float(v) for v in d.textbbox((wx, base), r.text, font=f, anchor="ls")])
                wx += f.getlength(r.text)
            truth.word(union(boxes), w.text, w.span, "print")
        return ln.height

    # -- the target -----------------------------------------------------------------------
    def _target(self, canvas: Canvas, truth: FrameTruth, plan: FramePlan, rng) -> None:
        g = self.geo
        page = Image.new("L", (g.width, g.height), 0)
        d = ImageDraw.Draw(page)
        y = 260 + int(rng.integers(-20, 20))
        after_grid = False
        for piece in plan.pieces:
            b = piece.block
            if b.kind == "grid":
                y = self._grid(d, truth, b, y + 60, rng) + 80
                after_grid = True
                continue
            if b.kind == "heading":
                lines = set_print(b.tokens, b.start, g.width - 400, 84, "helvetica-bold", True)
            else:
                label = b.text(self.t.source).strip()
                size = 60
                lines = set_print(b.tokens, b.start, g.width - 400, size, "helvetica-bold")
                if after_grid and len(label) <= 12:  # REEL # / C# / DATE: a label and a line
                    ln = lines[0]
                    x = 400
                    y += 40
                    self._print_line(d, truth, ln, x, y)
                    asc, _ = font_height("helvetica-bold", size)
                    d.line([(x + ln.width + 30, y + asc + 6), (x + 1500, y + asc + 6)], fill=255, width=5)
                    y += ln.height + 40
                    continue
            for ln in lines:
                y += self._print_line(d, truth, ln, (g.width - ln.width) / 2, y) + 10
        ink = np.asarray(page, np.float32) / 255.0
        np.maximum(canvas.ink, ink * np.float32(0.96), out=canvas.ink)

    def _grid(self, d: ImageDraw.ImageDraw, truth: FrameTruth, block, y: float, rng) -> float:
        """The target's grid: row letters, column numbers, an X in the marked cells."""
        src = self.t.source
        rows = [src[s:e].split("\t") for s, e in block.lines]
        offs = []
        for s, e in block.lines:
            cells, pos = [], s
            for c in src[s:e].split("\t"):
                cells.append(pos)
                pos += len(c) + 1
            offs.append(cells)
        ncol = max(len(r) for r in rows)
        cw = min(150, (self.geo.width - 300) // ncol)
        ch = cw
        x0 = (self.geo.width - cw * ncol) // 2
        lw = 4
        for r in range(len(rows) + 1):
            d.line([(x0, y + r * ch), (x0 + ncol * cw, y + r * ch)], fill=255, width=lw)
        for c in range(ncol + 1):
            d.line([(x0 + c * cw, y), (x0 + c * cw, y + len(rows) * ch)], fill=255, width=lw)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                text = cell.strip()
                if not text:
                    continue
                big = text in ("X", "x")
                face = "helvetica-bold"
                size = int(ch * 0.7) if big else int(ch * 0.36)
                f = pil_font(face, size)
                cx, cy = x0 + c * cw + cw / 2, y + r * ch + ch / 2
                d.text((cx, cy), text, font=f, fill=255, anchor="mm")
                bb = [float(v) for v in d.textbbox((cx, cy), text, font=f, anchor="mm")]
                start = offs[r][c] + cell.index(text)
                truth.word(bb, text, [start, start + len(text)], "print")
        return y + len(rows) * ch


def _cells_text(cells: list[Cell]) -> str:
    out, prev = [], None
    for c in cells:
        if prev is not None and c.col > prev + 1:
            out.append(" ")
        out.append(c.ch)
        prev = c.col
    return "".join(out)


def _print_patch(text: str, face: str, size: int) -> tuple[np.ndarray, Box]:
    f = pil_font(face, size)
    bb = f.getbbox(text, anchor="ls")
    w, h = bb[2] - bb[0] + 8, bb[3] - bb[1] + 8
    img = Image.new("L", (w, h), 0)
    ImageDraw.Draw(img).text((4 - bb[0], 4 - bb[1]), text, font=f, fill=255, anchor="ls")
    return np.asarray(img, np.float32) / 255.0, [4.0, 4.0, float(w - 4), float(h - 4)]


__all__ = ["Style", "Drawer", "transform_box"]
