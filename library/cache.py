"""Results worth keeping: OCR and analysis of a frame, keyed by the frame's content
digest and the settings they were made with, so nothing is computed twice."""
from __future__ import annotations

import json
import time


class CacheMixin:
    def get_cached(self, kind: str, digest: str, settings_key: str) -> dict | None:
        rows = self.query("SELECT payload FROM cache WHERE kind = ? AND digest = ? AND settings = ?",
                          (kind, digest, settings_key))
        return json.loads(rows[0]["payload"]) if rows else None

    def has_cached(self, kind: str, digest: str, settings_key: str) -> bool:
        """Whether a result is kept, without reading it (a reel-wide check reads no payloads)."""
        return bool(self.query("SELECT 1 FROM cache WHERE kind = ? AND digest = ? AND settings = ?",
                               (kind, digest, settings_key)))

    def put_cached(self, kind: str, digest: str, settings_key: str, payload: dict) -> None:
        with self.write() as db:
            db["cache"].upsert({"kind": kind, "digest": digest, "settings": settings_key,
                                "payload": json.dumps(payload), "created": time.time()},
                               pk=("kind", "digest", "settings"))
