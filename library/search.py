"""Search across transcripts, notes, bookmarks and OCR text of every reel (SQLite FTS5).

Transcripts are indexed as their reading text (insertions taken in) with the struck
words beside it, so both the final wording and what was crossed out are found.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from transcript.markup import parse
from transcript.reading import diplomatic_text, reading_text

_TERM = re.compile(r"\S+")


@dataclass
class Hit:
    reel: str
    fingerprint: str
    frame: int
    kind: str
    snippet: str
    rank: float
    ref: str = ""

    def to_json(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("reel", "fingerprint", "frame", "kind", "snippet")}


def safe_query(query: str) -> str:
    """Each word the user typed as a quoted FTS5 string: `IL-28`, `(b)(1)` and stray
    quotes are searched as typed, never read as query syntax. A trailing * keeps its
    meaning (a prefix)."""
    terms = []
    for term in _TERM.findall(query):
        prefix = term.endswith("*") and len(term) > 1
        term = term.rstrip("*") if prefix else term
        terms.append('"' + term.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def searchable(text: str) -> tuple[str, str]:
    """(reading text, struck words) of a transcript in our markup."""
    parsed = parse(text)
    reading = reading_text(parsed).text
    struck = " ".join(t.content for t in parsed.of_kind("deletion"))
    return reading, struck


class SearchMixin:
    def _index(self, db, fingerprint: str, frame: int, kind: str, ref: str, text: str, extra: str = "") -> None:
        self._unindex(db, kind, ref, fingerprint)
        if text or extra:
            db.execute("INSERT INTO search (text, extra, fingerprint, frame, kind, ref) VALUES (?, ?, ?, ?, ?, ?)",
                       [text, extra, fingerprint, frame, kind, ref])

    def _unindex(self, db, kind: str, ref: str, fingerprint: str | None = None) -> None:
        if fingerprint is None:
            db.execute("DELETE FROM search WHERE kind = ? AND ref = ?", [kind, ref])
        else:
            db.execute("DELETE FROM search WHERE kind = ? AND ref = ? AND fingerprint = ?", [kind, ref, fingerprint])

    def _index_transcript(self, db, fingerprint: str, frame: int, text: str) -> None:
        reading, struck = searchable(text)
        self._index(db, fingerprint, frame, "transcript", f"t{frame}", reading, struck)

    def index_ocr_text(self, fingerprint: str, frame: int, text: str) -> None:
        with self.write() as db:
            self._index(db, fingerprint, frame, "ocr", f"o{frame}", text)

    def search(self, query: str, reel: str | None = None, limit: int = 50) -> list[Hit]:
        """Best first. REEL narrows to one reel: its fingerprint, or a name or path it had."""
        match = safe_query(query)
        if not match:
            return []
        # Rank first (FTS5's built-in rank, cheap), then make snippets for the few rows
        # shown: a snippet per matching row would cost most of the time on common words.
        sql = "SELECT rowid, rank FROM search WHERE search MATCH ?"
        params: list = [match]
        if reel:
            fps = [r["fingerprint"] for r in self.query(
                "SELECT fingerprint FROM reels WHERE fingerprint = ? OR title = ? OR paths LIKE ?",
                (reel, reel, f'%"{reel}"%'))]
            if not fps:
                return []
            sql += f" AND fingerprint IN ({','.join('?' * len(fps))})"
            params += fps
        top = self.query(sql + " ORDER BY rank LIMIT ?", tuple(params + [limit]))
        if not top:
            return []
        ranks = {row["rowid"]: row["rank"] for row in top}
        rows = self.query(
            "SELECT s.rowid, s.fingerprint, s.frame, s.kind, s.ref, r.title, "
            "snippet(search, -1, '[', ']', '…', 12) AS snippet FROM search s "
            "LEFT JOIN reels r ON r.fingerprint = s.fingerprint "
            f"WHERE search MATCH ? AND s.rowid IN ({','.join('?' * len(ranks))})", (match, *ranks))
        hits = [Hit(row["title"] or row["fingerprint"], row["fingerprint"], int(row["frame"]), row["kind"],
                    row["snippet"], ranks[row["rowid"]], row["ref"]) for row in rows]
        return sorted(hits, key=lambda h: h.rank)
