"""Diplomatic and reading text of a transcript, mapped back to the markup.

* Reading text: the text as its author finally meant it.  Deletions and x-outs are
  dropped, insertions taken in, Markdown markers removed, and the spacing around a
  dropped deletion tidied (``a ~~clear~~ <sup>clearer</sup> picture`` reads
  ``a clearer picture``).  A line left empty by dropping is dropped with its line end.
* Diplomatic text: everything as on the page, without markup: deletions kept between
  ``⟦ ⟧`` and insertions between ``\\ /`` (the Leiden signs for struck text and text
  written above the line), so plain text still shows what was struck and what added.

Both come as a ``MappedText``: the text plus runs that map every output character back
to the span of markup it came from, so the OCR alignment and the PDF text layer can ask
for the words in reading order with their source offsets (``MappedText.words``).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from transcript.markup import Transcript, parse

__all__ = ["Run", "Word", "MappedText", "reading_text", "diplomatic_text", "reading_words",
           "plain_text", "DELETION_SIGNS", "INSERTION_SIGNS"]

DELETION_SIGNS = ("⟦", "⟧")
INSERTION_SIGNS = ("\\", "/")


@dataclass(frozen=True, slots=True)
class Run:
    """``text[out_start:out_end]`` came from ``source[src_start:src_end]``.

    When both lengths are equal the run is a character-for-character copy; otherwise
    (a sign standing for a delimiter, a frame label) the whole run maps to the whole
    source span.  ``kind`` is the kind of the token it came from.
    """
    out_start: int
    out_end: int
    src_start: int
    src_end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int              # in the mapped text
    end: int
    src_start: int          # in the transcript's markup
    src_end: int
    frame: int | None
    kinds: frozenset[str]   # token kinds it came from: {"text"}, {"insertion"}, …

    @property
    def inserted(self) -> bool:
        """Written in above the line (wholly from an insertion)."""
        return self.kinds == {"insertion"}

    @property
    def deleted(self) -> bool:
        return bool(self.kinds) and self.kinds <= {"deletion", "xout"}


@dataclass
class MappedText:
    text: str
    runs: list[Run]
    transcript: Transcript = field(repr=False)

    def __post_init__(self):
        self._starts = [r.out_start for r in self.runs]

    def _run_at(self, i: int) -> Run | None:
        k = bisect_right(self._starts, i) - 1
        return self.runs[k] if k >= 0 else None

    def source_offset(self, i: int) -> int:
        """The markup offset of output character ``i``."""
        r = self._run_at(i)
        if r is None:
            return 0
        if r.out_end - r.out_start == r.src_end - r.src_start:
            return r.src_start + (i - r.out_start)
        return r.src_start

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The markup span that output ``text[start:end]`` came from."""
        if end <= start:
            s = self.source_offset(start)
            return s, s
        first, last = self._run_at(start), self._run_at(end - 1)
        s = self.source_offset(start)
        if last is None:
            return s, s
        if last.out_end - last.out_start == last.src_end - last.src_start:
            e = last.src_start + (end - last.out_start)
        else:
            e = last.src_end
        if first is not None and first.out_end - first.out_start != first.src_end - first.src_start:
            s = first.src_start
        return s, e

    def kinds_between(self, start: int, end: int) -> frozenset[str]:
        k0 = max(0, bisect_right(self._starts, start) - 1)
        out = set()
        for r in self.runs[k0:]:
            if r.out_start >= end:
                break
            if r.out_end > start:
                out.add(r.kind)
        return frozenset(out)

    def words(self) -> list[Word]:
        """Whitespace-separated words in order, each with its markup span and frame."""
        out = []
        frame_at = self.transcript.frame_at
        for m in re.finditer(r"\S+", self.text):
            s, e = self.source_span(m.start(), m.end())
            out.append(Word(m.group(), m.start(), m.end(), s, e, frame_at(s),
                            self.kinds_between(m.start(), m.end())))
        return out


_HEADING_PREFIX = re.compile(r"[ \t]*#{1,6}[ \t]*")
_PUNCT_AFTER = ",.;:!?)]"


def _render(t: Transcript, diplomatic: bool, frame_labels: bool) -> MappedText:
    out: list[str] = []          # pieces of the output
    runs: list[Run] = []
    pos = 0                      # output length so far
    src = t.source
    tokens = t.tokens
    heading_lines = {t.line_index(s.start) for s in t.line_spans if s.kind == "heading"}
    ti = 0
    n = len(tokens)
    for li, ln in enumerate(t.lines):
        # this line's tokens, then its newline token (if any)
        line_pieces: list[list] = []   # [text, src_start, src_end, kind]
        had_content = bool(src[ln.start:ln.end].strip())
        junction = False               # a deletion was just dropped

        def emit(text: str, s: int, e: int, kind: str, copy: bool = True):
            nonlocal junction
            if junction and copy:
                # tidy the spacing where a deletion was dropped
                prev_ws = (not line_pieces) or line_pieces[-1][0][-1:] in (" ", "\t")
                if prev_ws:
                    stripped = text.lstrip(" \t")
                    s += len(text) - len(stripped)
                    text = stripped
                    if text[:1] and text[0] in _PUNCT_AFTER:
                        while line_pieces and line_pieces[-1][0][-1:] in (" ", "\t"):
                            last = line_pieces[-1]
                            last[0] = last[0][:-1]
                            if last[4]:
                                last[2] -= 1
                            if not last[0]:
                                line_pieces.pop()
                if not text:
                    return
                junction = False
            line_pieces.append([text, s, e, kind, copy])

        def inner(tok):
            """The content of a token: its nested tokens, or its text."""
            kids = tok.attrs.get("children")
            if kids:
                for kid in kids:
                    handle(kid)
            elif tok.content:
                emit(tok.content, tok.inner_start, tok.inner_end, tok.kind)

        def handle(tok):
            nonlocal junction
            k = tok.kind
            if k in ("deletion", "xout") and not diplomatic:
                junction = True
            elif k in ("deletion", "xout") or (k == "classification" and diplomatic
                                                and tok.attrs.get("struck")):
                a, b = DELETION_SIGNS
                emit(a, tok.start, tok.inner_start, k, copy=False)
                inner(tok)
                emit(b, tok.inner_end, tok.end, k, copy=False)
            elif k == "insertion" and diplomatic:
                a, b = INSERTION_SIGNS
                emit(a, tok.start, tok.inner_start, k, copy=False)
                inner(tok)
                emit(b, tok.inner_end, tok.end, k, copy=False)
            elif k in ("insertion", "classification", "header", "emphasis", "strong"):
                inner(tok)
            elif k == "unclear" and tok.attrs.get("reading") and not diplomatic:
                emit(tok.content, tok.inner_start, tok.inner_end, k)
            elif k == "frame_marker":
                if frame_labels:
                    emit(f"[frame {tok.attrs['frame']}]", tok.start, tok.end, k, copy=False)
                else:
                    junction = True
            elif k == "hardbreak":
                pass
            else:  # text, checkbox, redaction, illegible, unclear: as written
                emit(tok.text, tok.start, tok.end, k)

        skip_prefix = li in heading_lines
        while ti < n and tokens[ti].start < ln.end:
            tok = tokens[ti]
            ti += 1
            if tok.kind == "text" and skip_prefix:
                m = _HEADING_PREFIX.match(tok.text)
                text, s = tok.text[m.end():], tok.start + m.end()
                if text:
                    emit(text, s, tok.end, "text")
            else:
                handle(tok)
            skip_prefix = False
        if junction:  # nothing copied after the last drop: no trailing blanks
            while line_pieces and line_pieces[-1][0][-1:] in (" ", "\t") and line_pieces[-1][4]:
                last = line_pieces[-1]
                last[0] = last[0].rstrip(" \t")
                last[2] = last[1] + len(last[0])
                if not last[0]:
                    line_pieces.pop()
        line_text = "".join(p[0] for p in line_pieces)
        drop_line = had_content and not line_text.strip()
        if not drop_line:
            for text, s, e, kind, copy in line_pieces:
                runs.append(Run(pos, pos + len(text), s, s + len(text) if copy else e, kind))
                out.append(text)
                pos += len(text)
        if ti < n and tokens[ti].kind == "newline":
            nl = tokens[ti]
            ti += 1
            if not drop_line:
                runs.append(Run(pos, pos + len(nl.text), nl.start, nl.end, "newline"))
                out.append(nl.text)
                pos += len(nl.text)
    return MappedText("".join(out), runs, t)


def _as_transcript(t: Transcript | str) -> Transcript:
    return parse(t) if isinstance(t, str) else t


def reading_text(t: Transcript | str, frame_labels: bool = False) -> MappedText:
    """The reading text.  With ``frame_labels`` each frame marker becomes a
    ``[frame N]`` label (for plain-text exports); otherwise markers are dropped."""
    return _render(_as_transcript(t), diplomatic=False, frame_labels=frame_labels)


def diplomatic_text(t: Transcript | str, frame_labels: bool = False) -> MappedText:
    """The diplomatic text: every deletion (``⟦old⟧``) and insertion (``\\new/``)."""
    return _render(_as_transcript(t), diplomatic=True, frame_labels=frame_labels)


def reading_words(t: Transcript | str) -> list[Word]:
    """The reading text's words in reading order with their markup spans and frames
    (for OCR alignment and the PDF text layer)."""
    return reading_text(t).words()


def plain_text(markup: str) -> str:
    """The reading text of a fragment of markup, on one line (for titles, subjects)."""
    return " ".join(reading_text(markup).text.split())
