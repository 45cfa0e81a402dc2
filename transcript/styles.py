"""One style per kind of mark, shared by everything that shows marks: the transcript
highlighter, the facsimile overlays, the annotated PDF export and the legend.

Qt-free on purpose: colours are plain ``#rrggbb`` strings that a QColor, PyMuPDF
(``hex_to_rgb``) or an SVG can take, so a deletion is the same red everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass

from transcript.markup import Span

__all__ = ["Style", "STYLES", "style_key", "legend", "hex_to_rgb"]


@dataclass(frozen=True)
class Style:
    label: str                    # legend text
    color: str                    # foreground / outline colour
    background: str | None = None # block tint
    strike: bool = False
    raised: bool = False          # set above the line (superscript)
    bold: bool = False
    italic: bool = False


STYLES: dict[str, Style] = {
    "deletion": Style("Deletion (struck through)", "#c0392b", strike=True),
    "insertion": Style("Insertion (written above the line)", "#1f5fbf", raised=True),
    "correction": Style("Correction (deletion with its replacement)", "#8e44ad",
                        background="#f4ecf7"),
    "xout": Style("Typed x-out", "#8a8a8a", strike=True),
    "classification": Style("Classification marking", "#b9770e", bold=True),
    "classification_struck": Style("Classification marking, struck (downgraded)", "#b9770e",
                                   strike=True, bold=True),
    "checkbox_ticked": Style("Ticked box", "#117a65", bold=True),
    "checkbox_empty": Style("Empty box", "#117a65"),
    "stamp": Style("Review stamp", "#117a65", background="#e8f6f3"),
    "header": Style("Fiche header (document ID, date)", "#2c3e50", bold=True,
                    background="#eaecee"),
    "frame_marker": Style("Frame marker", "#a0a0a0", italic=True),
    "redaction": Style("Redaction", "#ffffff", background="#000000"),
    "illegible": Style("Illegible", "#7d6608", italic=True, background="#fcf3cf"),
    "unclear": Style("Unclear reading", "#7d6608", italic=True),
    "heading": Style("Heading (title frames)", "#2c3e50", bold=True),
    "grid": Style("Target grid", "#5d6d7e", background="#f2f3f4"),
    # not markup: what the scan check queries (analysis.join), on the scan and in the text
    "unconfirmed": Style("Marked in the transcript, not found on the scan", "#d81b60"),
    "emphasis": Style("Emphasis", "#000000", italic=True),
    "strong": Style("Bold", "#000000", bold=True),
}


def style_key(span: Span) -> str | None:
    """The key in STYLES for a span (None for plain text, hard breaks and newlines)."""
    k = span.kind
    if k == "checkbox":
        return "checkbox_ticked" if span.attrs.get("ticked") else "checkbox_empty"
    if k == "classification":
        return "classification_struck" if span.attrs.get("struck") else "classification"
    return k if k in STYLES else None


def legend() -> list[tuple[str, Style]]:
    """(key, style) in the order a legend lists them: the marks a historian looks for
    first, Markdown last."""
    return list(STYLES.items())


def hex_to_rgb(color: str) -> tuple[float, float, float]:
    """'#c0392b' -> (0.75, 0.22, 0.17), as PyMuPDF takes colours."""
    c = color.lstrip("#")
    return tuple(int(c[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
