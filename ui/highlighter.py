"""Colours the transcript's markup as it is typed: every kind in its style (transcript/styles.py).

The text stays plain, editable markup; only character formats change.  Incremental:
each block is tokenized alone (``transcript.markup.tokenize_line``) with the small
state the previous block left (inside a stamp block, after a fiche ID), stored as the
block's state; Qt re-highlights the next block only when that state changes, so a
keystroke costs one line.

A block's state also carries two bits of our own above the tokenizer's
(``STAMP_LINE``, ``STAMP_START``) so that the editor can paint a stamp block as one
tinted card across the whole width (``TranscriptEditor`` in transcript_pane.py), which
character formats alone cannot do.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from transcript.markup import Span, tokenize_line, utf16_len
from transcript.styles import STYLES, style_key

__all__ = ["MarkupHighlighter", "char_format", "STAMP_LINE", "STAMP_START", "STATE_MASK",
           "tokenizer_state"]

STATE_MASK = 0xFF          # the tokenizer's own LineState bits
STAMP_LINE = 1 << 8        # this block is a line of a review stamp block
STAMP_START = 1 << 9       # ... and opens a new one
DELIMITER_ALPHA = 110      # markup delimiters (~~, <sup>) fade so the words stand out
RAISED_SCALE = 1.3         # raised insertions: 2/3 of this, 87 % of the text size


def tokenizer_state(block_state: int) -> int:
    """The tokenizer's part of a block state (Qt gives -1 for a block never highlighted)."""
    return block_state & STATE_MASK if block_state > 0 else 0


def _apply(fmt: QTextCharFormat, key: str) -> None:
    style = STYLES[key]
    fmt.setForeground(QColor(style.color))
    if style.background:
        fmt.setBackground(QColor(style.background))
    if style.strike:
        fmt.setFontStrikeOut(True)
    if style.raised:
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    if style.bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if style.italic:
        fmt.setFontItalic(True)


def char_format(*keys: str) -> QTextCharFormat:
    """The format of text that is of every kind in KEYS at once, later keys on top
    (a deletion inside a correction on a stamp line: ("stamp", "correction", "deletion"))."""
    fmt = QTextCharFormat()
    for key in keys:
        _apply(fmt, key)
    return fmt


class MarkupHighlighter(QSyntaxHighlighter):
    """Highlights a QTextDocument holding transcript markup."""

    def __init__(self, document):
        super().__init__(document)
        # Composite formats by (keys, variant): a handful of distinct ones in practice.
        self._formats: dict[tuple[tuple[str, ...], str], QTextCharFormat] = {}

    def format_for(self, keys: tuple[str, ...], variant: str = "") -> QTextCharFormat:
        """The composite format of KEYS; variant "delimiter" fades it (for ``~~``,
        ``<sup>``), "solid" paints the glyphs in the background colour (a run of
        █ blacked out, not white boxes on black)."""
        fmt = self._formats.get((keys, variant))
        if fmt is None:
            fmt = char_format(*keys)
            if variant == "delimiter":
                color = QColor(fmt.foreground().color()) if fmt.hasProperty(
                    QTextCharFormat.Property.ForegroundBrush) else QColor("#000000")
                color.setAlpha(DELIMITER_ALPHA)
                fmt.setForeground(color)
                fmt.setFontWeight(QFont.Weight.Normal)
                fmt.setFontStrikeOut(False)     # struck tildes would read as dashes
            elif variant == "solid" and fmt.hasProperty(QTextCharFormat.Property.BackgroundBrush):
                fmt.setForeground(fmt.background())
            if variant != "delimiter" and fmt.verticalAlignment() == \
                    QTextCharFormat.VerticalAlignment.AlignSuperScript:
                # Qt sets raised text at 2/3 size: enlarge the inserted words so they
                # read at almost full size (their <sup> tags stay small).
                size = self.document().defaultFont().pointSizeF()
                if size > 0:
                    fmt.setFontPointSize(size * RAISED_SCALE)
            self._formats[(keys, variant)] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        # Qt counts UTF-16 units, Python code points: they differ only after a character
        # outside the Basic Multilingual Plane, which a transcript rarely holds.
        self._astral = not text.isascii() and utf16_len(text) != len(text)
        lt = tokenize_line(text, tokenizer_state(self.previousBlockState()))
        base: tuple[str, ...] = ()
        corrections: list[Span] = []
        stamp = stamp_start = False
        for sp in lt.spans:
            if sp.kind in ("stamp", "heading", "grid"):
                base = (sp.kind,)
                stamp = sp.kind == "stamp"
                stamp_start = stamp and sp.attrs.get("start", False)
            elif sp.kind == "correction":
                corrections.append(sp)
        if base:
            self._set(text, 0, len(text), self.format_for(base))
        ticked_label = None     # the words after a ticked box: the decision taken
        for tok in lt.tokens:
            keys = base
            if corrections and any(c.start <= tok.start and tok.end <= c.end for c in corrections):
                keys = keys + ("correction",)
            if stamp and tok.kind == "checkbox":
                ticked_label = tok.attrs.get("ticked", False)
            elif stamp and tok.kind == "text" and ticked_label:
                self._set(text, tok.start, tok.end, self.format_for(keys + ("checkbox_ticked",)))
                continue
            if style_key(tok) is None and len(keys) > len(base):
                # plain text inside a correction (the space between its two parts)
                self._set(text, tok.start, tok.end, self.format_for(keys))
            self._paint(text, tok, keys)
        state = lt.state
        if stamp:
            state |= STAMP_LINE | (STAMP_START if stamp_start else 0)
        self.setCurrentBlockState(state)

    def _paint(self, text: str, tok: Span, keys: tuple[str, ...]) -> None:
        key = style_key(tok)
        if key is None:
            return
        keys = keys + (key,)
        solid = key == "redaction" and not tok.text.strip("█")
        fmt = self.format_for(keys, "solid" if solid else "")
        if tok.inner_start == tok.start and tok.inner_end == tok.end:
            self._set(text, tok.start, tok.end, fmt)
        else:
            delim = self.format_for(keys, "delimiter")
            self._set(text, tok.start, tok.inner_start, delim)
            self._set(text, tok.inner_start, tok.inner_end, fmt)
            self._set(text, tok.inner_end, tok.end, delim)
        for child in tok.attrs.get("children", ()):
            self._paint(text, child, keys)

    def _set(self, text: str, start: int, end: int, fmt: QTextCharFormat) -> None:
        if end <= start:
            return
        if self._astral:
            start, end = utf16_len(text[:start]), utf16_len(text[:end])
        self.setFormat(start, end - start, fmt)
