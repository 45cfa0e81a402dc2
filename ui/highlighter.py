"""Colours the transcript's markup as it is typed: every kind in its style (transcript/styles.py).

Incremental: each block is tokenized alone, with the small state the previous block
left (inside a stamp block or not); Qt re-highlights the next block only when that
state changes, so a keystroke costs one line.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from transcript.markup import tokenize_line, utf16_span
from transcript.styles import STYLES, style_key


def char_format(key: str) -> QTextCharFormat:
    style = STYLES[key]
    fmt = QTextCharFormat()
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
    return fmt


class MarkupHighlighter(QSyntaxHighlighter):
    def __init__(self, document):
        super().__init__(document)
        self.formats = {key: char_format(key) for key in STYLES}

    def highlightBlock(self, text: str) -> None:
        tokens = tokenize_line(text, self.previousBlockState())
        for span in tokens.spans:           # paint order: later spans on top
            key = style_key(span)
            if key:
                start, length = utf16_span(text, span)
                self.setFormat(start, length, self.formats[key])
        self.setCurrentBlockState(tokens.state)
