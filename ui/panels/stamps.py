"""Stamps: one card per review stamp, and what the reviews decided, in plain words.

A historian wants the story first ("1988: reviewer JB/Amv denied release; 1992:
Department of State released and declassified"), then the form itself: every decision
ticked or left empty, the reviewer, dates, office, codes.  A click on a card shows the
stamp in the transcript.
"""
from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from transcript.stamps import StampRecord
from transcript.styles import STYLES

from .base import TranscriptPanel

# -- the plain-words summary (no Qt) -----------------------------------------------------
LEVELS = {"TS": "TOP SECRET", "S": "SECRET", "C": "CONFIDENTIAL", "CONF": "CONFIDENTIAL"}
VERBS = {
    "RELEASE": "released", "DECLASSIFY": "declassified",
    "DECLASSIFY IN PART": "declassified in part", "EXCISE": "excised passages",
    "DENY": "denied release", "DELETE": "deleted non-responsive parts",
    "NON-RESPONSIVE INFO": "marked non-responsive information",
}
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in"}


def _level(code: str) -> str:
    return LEVELS.get(code.upper(), code.upper())


def decision_phrase(label: str) -> str:
    """What a ticked decision means, as a verb phrase: 'DENY' -> 'denied release'."""
    if label in VERBS:
        return VERBS[label]
    m = re.fullmatch(r"CLASSIFY as (\S+)", label)
    if m:
        return f"classified {_level(m.group(1))}"
    m = re.fullmatch(r"DOWNGRADE(?: (\S+))?(?: to (\S+))?", label)
    if m:
        src, dst = m.group(1), m.group(2)
        return "downgraded" + (f" from {_level(src)}" if src else "") + (f" to {_level(dst)}" if dst else "")
    if label == "CLASSIFY":
        return "classified"
    return label.lower()


def _title(agency: str) -> str:
    words = agency.split()
    return " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w.capitalize()
                    for i, w in enumerate(words))


def stamp_actor(st: StampRecord) -> str:
    """Who reviewed: 'reviewer JB/Amv', 'Department of State (IS/FPC/CDS)'."""
    who = _title(st.agency) if st.agency else None
    if who and st.office:
        who += f" ({st.office})"
    elif not who:
        who = st.office
    if st.reviewer:
        who = f"{who}, reviewer {st.reviewer}" if who else f"reviewer {st.reviewer}"
    return who or "an unnamed reviewer"


def _join(phrases: list[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def stamp_sentence(st: StampRecord) -> str:
    """One stamp in plain words: '1988: reviewer JB/Amv denied release, …'."""
    when = str(st.year) if st.year else (st.date or "Undated")
    did = [decision_phrase(label) for label in st.ticked]
    action = _join(did) if did else "reviewed it (no decision ticked)"
    return f"{when}: {stamp_actor(st)} {action}"


def oldest_first(stamps: list[StampRecord]) -> list[StampRecord]:
    """Stamps in the order the reviews happened (undated ones last, in text order)."""
    return sorted(stamps, key=lambda s: (s.year is None, s.year or 0, s.start))


def stamps_story(stamps: list[StampRecord]) -> str:
    """The stamps of a transcript in plain words, oldest first."""
    return "; ".join(stamp_sentence(s) for s in oldest_first(stamps))


# -- the cards ------------------------------------------------------------------------------
def _signature(st: StampRecord) -> tuple:
    """What a card shows: the same stamp text on the same frame is the same card."""
    return (st.text, st.frame, st.agency)


class StampCard(QFrame):
    """One stamp: its story line, its decisions as ticked and empty boxes, its fields."""

    activated = Signal(int, int)        # the stamp's span in the whole transcript

    def __init__(self, st: StampRecord, parent=None):
        super().__init__(parent)
        self.record = st
        self.signature = _signature(st)
        self.setObjectName("stampCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"Stamp: {stamp_sentence(st)}")
        self.setToolTip("Click to show this stamp in the transcript")
        style = STYLES["stamp"]
        self.setStyleSheet(
            f"QFrame#stampCard {{ background: {style.background}; border: 1px solid {style.color}; "
            f"border-left: 4px solid {style.color}; border-radius: 3px; }}"
            f"QFrame#stampCard:focus {{ border: 2px solid {style.color}; border-left: 4px solid {style.color}; }}"
            "QFrame#stampCard QLabel { background: transparent; border: none; }")
        self.title = QLabel(f"<b>{html.escape(stamp_sentence(st))}</b>")
        self.title.setWordWrap(True)
        self.decisions = QLabel(self._decisions_html())
        self.decisions.setWordWrap(True)
        self.fields = QLabel(self._fields_html())
        self.fields.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        for w in (self.title, self.decisions, self.fields):
            w.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(w)

    def _decisions_html(self) -> str:
        ticked = STYLES["checkbox_ticked"].color
        empty = STYLES["xout"].color
        parts = []
        seen = set()
        for d in self.record.decisions:
            if (d.label, d.ticked) in seen:
                continue
            seen.add((d.label, d.ticked))
            if d.ticked:
                parts.append(f'<span style="color:{ticked}"><b>☒&nbsp;{html.escape(d.label)}</b></span>')
            else:
                parts.append(f'<span style="color:{empty}">☐&nbsp;{html.escape(d.label)}</span>')
        return "&nbsp;&nbsp; ".join(parts) if parts else "<i>No check boxes on this stamp.</i>"

    def _fields_html(self) -> str:
        st = self.record
        rows = [("Frame", "" if st.frame is None else str(st.frame)),
                ("Agency", _title(st.agency) if st.agency else ""), ("Office", st.office or ""),
                ("Reviewer", st.reviewer or ""), ("Date" + ("s" if len(st.dates) > 1 else ""), ", ".join(st.dates)),
                ("Exemptions", ", ".join(st.exemptions)),
                ("Codes", ", ".join(c for c in st.codes if c not in st.exemptions)),
                ("Authority", st.authority or "")]
        cells = "".join(f"<tr><td style='color:#5d6d7e; padding-right:8px'>{name}</td>"
                        f"<td>{html.escape(value)}</td></tr>" for name, value in rows if value)
        return f"<table cellspacing=0 cellpadding=0>{cells}</table>"

    def text(self) -> str:
        """Everything the card says, as plain text (for tests and accessibility)."""
        from PySide6.QtGui import QTextDocument
        doc = QTextDocument()
        parts = []
        for label in (self.title, self.decisions, self.fields):
            doc.setHtml(label.text())
            parts.append(doc.toPlainText())
        return "\n".join(parts)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.record.start, self.record.end)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.record.start, self.record.end)
        else:
            super().keyPressEvent(event)


class StampsPanel(TranscriptPanel):
    TITLE = "Stamps"

    def build(self) -> None:
        self.cards: list[StampCard] = []
        self.area = QScrollArea()
        self.area.setObjectName("stampCards")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.holder_layout.setSpacing(6)
        self.holder_layout.addStretch(1)
        self.area.setWidget(self.holder)
        self.layout_.addWidget(self.area, 1)

    def show_report(self, report) -> None:
        """Cards for the stamps; a stamp whose text is unchanged keeps its card (a long
        reel holds hundreds, and this runs after every pause in typing)."""
        stamps = report.stamps
        spare: dict[tuple, list[StampCard]] = {}
        for card in self.cards:
            spare.setdefault(card.signature, []).append(card)
        cards = []
        for st in oldest_first(stamps):
            reuse = spare.get(_signature(st))
            if reuse:
                card = reuse.pop(0)
                card.record = st           # same stamp, new offsets
            else:
                card = StampCard(st)
                card.activated.connect(self.jump)
            cards.append(card)
        for left in spare.values():
            for card in left:
                self.holder_layout.removeWidget(card)
                card.deleteLater()
        if cards != self.cards:
            for i, card in enumerate(cards):
                if self.holder_layout.indexOf(card) != i:
                    self.holder_layout.removeWidget(card)
                    self.holder_layout.insertWidget(i, card)
        self.cards = cards
        if stamps:
            years = sorted({s.year for s in stamps if s.year})
            span = "" if not years else (f", {years[0]}" if len(years) == 1 else f", {years[0]}–{years[-1]}")
            self.summary.setText(f"<b>{len(stamps)} review stamp{'s' * (len(stamps) != 1)}{span}</b>, "
                                 "oldest first. Click one to see it in the transcript.")
        else:
            self.summary.setText("No review stamps in the transcript (lines with check boxes "
                                 "☐ ☒ or REVIEWED BY).")
