"""Per-frame transcripts with their revision history.

Frame 0 holds a reel-wide transcript that has no frame markers yet (it is split across
frames later, by aligning it to the OCR of the frames).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from transcript.frames import frame_texts

COALESCE = 60.0   # seconds: autosaves closer than this refine one revision


@dataclass
class Revision:
    id: int
    frame: int
    text: str
    saved_at: float


class TranscriptsMixin:
    def save_transcript(self, fingerprint: str, frame: int, text: str, new_revision: bool = False) -> None:
        """Store FRAME's newest text (its own transaction) and keep it in the history;
        NEW_REVISION starts a revision even right after another (a restore, an import)."""
        now = time.time()
        with self.write() as db:
            reel = self._reel_id_for_write(db, fingerprint)
            old = db.execute("SELECT text FROM transcripts WHERE reel_id = ? AND frame = ?",
                             [reel, frame]).fetchone()
            if old is not None and old[0] == text:
                return
            db["transcripts"].upsert({"reel_id": reel, "frame": frame, "text": text, "modified": now},
                                     pk=("reel_id", "frame"))
            last = db.execute("SELECT id, saved_at FROM revisions WHERE reel_id = ? AND frame = ? "
                              "ORDER BY saved_at DESC, id DESC LIMIT 1", [reel, frame]).fetchone()
            if last is not None and now - last[1] < COALESCE and not new_revision:
                db["revisions"].update(last[0], {"text": text, "saved_at": now})
            else:
                db["revisions"].insert({"reel_id": reel, "frame": frame, "text": text, "saved_at": now})
            self._index_transcript(db, fingerprint, frame, text)

    def transcript(self, fingerprint: str, frame: int) -> str | None:
        rows = self.query("SELECT t.text FROM transcripts t JOIN reels r ON r.id = t.reel_id "
                          "WHERE r.fingerprint = ? AND t.frame = ?", (fingerprint, frame))
        return rows[0]["text"] if rows else None

    def transcripts(self, fingerprint: str) -> dict[int, str]:
        rows = self.query("SELECT t.frame, t.text FROM transcripts t JOIN reels r ON r.id = t.reel_id "
                          "WHERE r.fingerprint = ? ORDER BY t.frame", (fingerprint,))
        return {row["frame"]: row["text"] for row in rows}

    def revisions(self, fingerprint: str, frame: int) -> list[Revision]:
        rows = self.query("SELECT v.id, v.frame, v.text, v.saved_at FROM revisions v JOIN reels r "
                          "ON r.id = v.reel_id WHERE r.fingerprint = ? AND v.frame = ? "
                          "ORDER BY v.saved_at DESC, v.id DESC", (fingerprint, frame))
        return [Revision(**row) for row in rows]

    def restore_revision(self, fingerprint: str, frame: int, revision_id: int) -> str:
        """Make an old revision the newest text (as a new revision: nothing is lost)."""
        rows = self.query("SELECT text FROM revisions WHERE id = ?", (revision_id,))
        if not rows:
            from .errors import LibraryError
            raise LibraryError(f"Revision {revision_id} is not in the library.")
        text = rows[0]["text"]
        self.save_transcript(fingerprint, frame, text, new_revision=True)
        return text

    def delete_transcript(self, fingerprint: str, frame: int) -> None:
        """Drop FRAME's current text (its revisions stay), e.g. frame 0 once it is split."""
        with self.write() as db:
            reel = self._reel_id_for_write(db, fingerprint)
            db.execute("DELETE FROM transcripts WHERE reel_id = ? AND frame = ?", [reel, frame])
            self._unindex(db, "transcript", f"t{frame}", fingerprint)

    def import_transcript(self, fingerprint: str, whole_text: str) -> dict[int, str]:
        """Store a reel-wide transcript: per frame where it has frame markers, else as frame 0."""
        texts = frame_texts(whole_text) or {0: whole_text}
        for frame, text in texts.items():
            self.save_transcript(fingerprint, frame, text, new_revision=True)
        return texts
