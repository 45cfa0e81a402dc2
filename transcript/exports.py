"""Plain-text and Markdown exports of a transcript.

* ``to_text(source, mode)``: the reading text (what the author finally meant) or the
  diplomatic text (every deletion ``⟦…⟧`` and insertion ``\\…/`` as on the page), with
  each frame's start labelled ``[frame N]``.
* ``to_markdown(source)``: our own markup, with frame markers, ready to be opened again.

``source`` is either a whole transcript (str, with or without frame markers) or the
per-frame texts ``{frame: text}`` the app holds once a transcript is split across
frames (by markers or by the OCR alignment).
"""
from __future__ import annotations

from transcript.frames import with_frame_markers
from transcript.reading import diplomatic_text, reading_text

__all__ = ["to_text", "to_markdown", "MODES"]

MODES = ("reading", "diplomatic")


def _whole(source: str | dict[int, str]) -> str:
    if isinstance(source, dict):
        return with_frame_markers(source)
    return source


def to_markdown(source: str | dict[int, str]) -> str:
    """Our markup with frame markers: a whole transcript is returned byte for byte."""
    return _whole(source)


def to_text(source: str | dict[int, str], mode: str = "reading", frame_labels: bool = True) -> str:
    """Plain text, reading or diplomatic, frames labelled ``[frame N]`` on their own line."""
    if mode not in MODES:
        raise ValueError(f"unknown text mode {mode!r}; use one of: {', '.join(MODES)}")
    render = reading_text if mode == "reading" else diplomatic_text
    return render(_whole(source), frame_labels=frame_labels).text
