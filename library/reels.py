"""Reels known to the library, by content fingerprint (renaming or moving keeps them)."""
from __future__ import annotations

import json
import time


class ReelsMixin:
    def ensure_reel(self, fingerprint: str, path=None, frame_count: int | None = None,
                    title: str | None = None) -> int:
        """The reel's id, adding it or noting its newest path. Called when a reel is opened."""
        now = time.time()
        with self.write() as db:
            rows = list(db["reels"].rows_where("fingerprint = ?", [fingerprint]))
            if rows:
                row = rows[0]
                paths = json.loads(row["paths"] or "[]")
                if path is not None and str(path) not in paths:
                    paths = ([str(path)] + paths)[:10]
                db["reels"].update(row["id"], {"paths": json.dumps(paths), "opened": now,
                                               "frame_count": frame_count or row["frame_count"]})
                return row["id"]
            return db["reels"].insert({
                "fingerprint": fingerprint, "title": title or (str(path).rsplit("/", 1)[-1] if path else fingerprint),
                "paths": json.dumps([str(path)] if path else []), "frame_count": frame_count,
                "added": now, "opened": now}).last_pk

    # Fingerprints of reel files by their file stamp (Reel.file_stamp), in the cache table:
    # a reel opened again is not sampled again (4 MB read and hashed for a long reel).
    # The settings key names the fingerprint's recipe: a new recipe must not find old ones.
    FINGERPRINT_KIND, FINGERPRINT_RECIPE = "fingerprint", "sample-64x64KiB-blake2b"

    def known_fingerprint(self, stamp: str) -> str | None:
        hit = self.get_cached(self.FINGERPRINT_KIND, stamp, self.FINGERPRINT_RECIPE)
        return hit.get("fingerprint") if hit else None

    def remember_fingerprint(self, stamp: str, fingerprint: str) -> None:
        self.put_cached(self.FINGERPRINT_KIND, stamp, self.FINGERPRINT_RECIPE, {"fingerprint": fingerprint})

    def reel_id(self, fingerprint: str) -> int | None:
        rows = self.query("SELECT id FROM reels WHERE fingerprint = ?", (fingerprint,))
        return rows[0]["id"] if rows else None

    def _reel_id_for_write(self, db, fingerprint: str) -> int:
        rows = list(db["reels"].rows_where("fingerprint = ?", [fingerprint]))
        if rows:
            return rows[0]["id"]
        now = time.time()
        return db["reels"].insert({"fingerprint": fingerprint, "title": fingerprint, "paths": "[]",
                                   "added": now, "opened": now}).last_pk

    def reels(self) -> list[dict]:
        rows = self.query("SELECT * FROM reels ORDER BY opened DESC")
        for row in rows:
            row["paths"] = json.loads(row["paths"] or "[]")
        return rows
