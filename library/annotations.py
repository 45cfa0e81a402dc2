"""Bookmarks and notes: what the user adds on top of a reel. Ids are UUIDs, so the same
annotation exported from one library and imported into another is recognised."""
from __future__ import annotations

import json
import time
import uuid


def _note_row(row: dict) -> dict:
    row = dict(row)
    row["anchor"] = json.loads(row["anchor"] or "{}")
    row["tags"] = json.loads(row["tags"] or "[]")
    return row


class AnnotationsMixin:
    # -- bookmarks ---------------------------------------------------------------------
    def add_bookmark(self, fingerprint: str, frame: int, label: str = "", id: str | None = None,
                     created: float | None = None, modified: float | None = None) -> dict:
        now = time.time()
        record = {"id": id or str(uuid.uuid4()), "frame": frame, "label": label,
                  "created": created or now, "modified": modified or now}
        with self.write() as db:
            record["reel_id"] = self._reel_id_for_write(db, fingerprint)
            db["bookmarks"].upsert(record, pk="id")
            self._index(db, fingerprint, frame, "bookmark", record["id"], label)
        return self.bookmark(record["id"])

    def bookmark(self, id: str) -> dict | None:
        rows = self.query("SELECT b.*, r.fingerprint FROM bookmarks b JOIN reels r ON r.id = b.reel_id "
                          "WHERE b.id = ?", (id,))
        return rows[0] if rows else None

    def bookmarks(self, fingerprint: str) -> list[dict]:
        return self.query("SELECT b.*, r.fingerprint FROM bookmarks b JOIN reels r ON r.id = b.reel_id "
                          "WHERE r.fingerprint = ? ORDER BY b.frame, b.created", (fingerprint,))

    def rename_bookmark(self, id: str, label: str) -> None:
        with self.write() as db:
            db["bookmarks"].update(id, {"label": label, "modified": time.time()})
            row = db.execute("SELECT r.fingerprint, b.frame FROM bookmarks b JOIN reels r ON r.id = b.reel_id "
                             "WHERE b.id = ?", [id]).fetchone()
            self._index(db, row[0], row[1], "bookmark", id, label)

    def delete_bookmark(self, id: str) -> dict | None:
        """Delete; returns the record so an undo can put it back with restore_bookmark."""
        record = self.bookmark(id)
        if record:
            with self.write() as db:
                db["bookmarks"].delete(id)
                self._unindex(db, "bookmark", id)
        return record

    def restore_bookmark(self, record: dict) -> dict:
        return self.add_bookmark(record["fingerprint"], record["frame"], record["label"], record["id"],
                                 record["created"], record["modified"])

    # -- notes -------------------------------------------------------------------------
    def add_note(self, fingerprint: str, frame: int, text: str, anchor: dict | None = None,
                 tags: list[str] | None = None, author: str = "", id: str | None = None,
                 created: float | None = None, modified: float | None = None) -> dict:
        """A note on FRAME; ANCHOR is {"rect": [x0, y0, x1, y1]} (300-dpi frame pixels) or
        {"range": [start, end]} (offsets in the frame's transcript)."""
        now = time.time()
        record = {"id": id or str(uuid.uuid4()), "frame": frame, "text": text,
                  "anchor": json.dumps(anchor or {}), "tags": json.dumps(sorted(set(tags or []))),
                  "author": author, "created": created or now, "modified": modified or now}
        with self.write() as db:
            record["reel_id"] = self._reel_id_for_write(db, fingerprint)
            db["notes"].upsert(record, pk="id")
            self._index(db, fingerprint, frame, "note", record["id"], text, " ".join(tags or []))
        return self.note(record["id"])

    def note(self, id: str) -> dict | None:
        rows = self.query("SELECT n.*, r.fingerprint FROM notes n JOIN reels r ON r.id = n.reel_id "
                          "WHERE n.id = ?", (id,))
        return _note_row(rows[0]) if rows else None

    def notes(self, fingerprint: str, frame: int | None = None) -> list[dict]:
        sql = "SELECT n.*, r.fingerprint FROM notes n JOIN reels r ON r.id = n.reel_id WHERE r.fingerprint = ?"
        params: tuple = (fingerprint,)
        if frame is not None:
            sql, params = sql + " AND n.frame = ?", (fingerprint, frame)
        return [_note_row(r) for r in self.query(sql + " ORDER BY n.frame, n.created", params)]

    def update_note(self, id: str, text: str | None = None, tags: list[str] | None = None,
                    anchor: dict | None = None) -> dict:
        note = self.note(id)
        return self.add_note(note["fingerprint"], note["frame"],
                             note["text"] if text is None else text,
                             note["anchor"] if anchor is None else anchor,
                             note["tags"] if tags is None else tags, note["author"], id, note["created"])

    def delete_note(self, id: str) -> dict | None:
        record = self.note(id)
        if record:
            with self.write() as db:
                db["notes"].delete(id)
                self._unindex(db, "note", id)
        return record

    def restore_note(self, record: dict) -> dict:
        return self.add_note(record["fingerprint"], record["frame"], record["text"], record["anchor"],
                             record["tags"], record["author"], record["id"], record["created"],
                             record["modified"])

    def tags(self) -> list[str]:
        found = set()
        for row in self.query("SELECT tags FROM notes"):
            found.update(json.loads(row["tags"] or "[]"))
        return sorted(found)

    # -- moving annotations between libraries -----------------------------------------
    def export_annotations(self, fingerprint: str | None = None) -> dict:
        reels = [r for r in self.reels() if fingerprint in (None, r["fingerprint"])]
        out = {"format": "reel-reader-annotations", "version": 1, "reels": []}
        for reel in reels:
            fp = reel["fingerprint"]
            out["reels"].append({
                "fingerprint": fp, "title": reel["title"],
                "transcripts": {str(k): v for k, v in self.transcripts(fp).items()},
                "bookmarks": [{k: b[k] for k in ("id", "frame", "label", "created", "modified")}
                              for b in self.bookmarks(fp)],
                "notes": [{k: n[k] for k in ("id", "frame", "text", "anchor", "tags", "author", "created",
                                             "modified")} for n in self.notes(fp)]})
        return out

    def import_annotations(self, data: dict) -> dict[str, int]:
        """Merge an export: same ids are the same annotation (the newer edit wins)."""
        if data.get("format") != "reel-reader-annotations":
            from .errors import LibraryError
            raise LibraryError("That file is not a Reel Reader annotations export.")
        counts = {"bookmarks": 0, "notes": 0, "transcripts": 0}
        for reel in data.get("reels", []):
            fp = reel["fingerprint"]
            self.ensure_reel(fp, title=reel.get("title"))
            for b in reel.get("bookmarks", []):
                mine = self.bookmark(b["id"])
                if mine is None or mine["modified"] < b.get("modified", 0):
                    self.add_bookmark(fp, b["frame"], b["label"], b["id"], b.get("created"), b.get("modified"))
                    counts["bookmarks"] += 1
            for n in reel.get("notes", []):
                mine = self.note(n["id"])
                if mine is None or mine["modified"] < n.get("modified", 0):
                    self.add_note(fp, n["frame"], n["text"], n.get("anchor"), n.get("tags"), n.get("author", ""),
                                  n["id"], n.get("created"), n.get("modified"))
                    counts["notes"] += 1
            for frame, text in reel.get("transcripts", {}).items():
                if self.transcript(fp, int(frame)) != text:
                    self.save_transcript(fp, int(frame), text, new_revision=True)
                    counts["transcripts"] += 1
        return counts
