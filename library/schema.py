"""The library's tables, as forward migrations: step N takes a library from version N-1 to N.

A library made by any earlier version opens in this one: each missing step runs once, in
order, inside a transaction, and PRAGMA user_version records how far it got.
"""
from __future__ import annotations

import sqlite_utils


def _v1(db: sqlite_utils.Database) -> None:
    db["reels"].create({"id": int, "fingerprint": str, "title": str, "paths": str, "frame_count": int,
                        "added": float, "opened": float}, pk="id", not_null={"fingerprint"})
    db["reels"].create_index(["fingerprint"], unique=True)
    db["transcripts"].create({"reel_id": int, "frame": int, "text": str, "modified": float},
                             pk=("reel_id", "frame"), foreign_keys=[("reel_id", "reels", "id")])
    db["revisions"].create({"id": int, "reel_id": int, "frame": int, "text": str, "saved_at": float},
                           pk="id", foreign_keys=[("reel_id", "reels", "id")])
    db["revisions"].create_index(["reel_id", "frame", "saved_at"])
    db["bookmarks"].create({"id": str, "reel_id": int, "frame": int, "label": str, "created": float,
                            "modified": float}, pk="id", foreign_keys=[("reel_id", "reels", "id")])
    db["notes"].create({"id": str, "reel_id": int, "frame": int, "anchor": str, "text": str, "tags": str,
                        "author": str, "created": float, "modified": float},
                       pk="id", foreign_keys=[("reel_id", "reels", "id")])
    for table in ("bookmarks", "notes"):
        db[table].create_index(["reel_id", "frame"])


def _v2(db: sqlite_utils.Database) -> None:
    # Search across everything, and the cache of OCR and analysis results.
    db.execute("CREATE VIRTUAL TABLE search USING fts5(text, extra, fingerprint UNINDEXED, "
               "frame UNINDEXED, kind UNINDEXED, ref UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    db["cache"].create({"kind": str, "digest": str, "settings": str, "payload": str, "created": float},
                       pk=("kind", "digest", "settings"))


MIGRATIONS = [_v1, _v2]
VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> int:
    """Bring DB up to VERSION; returns the version it had."""
    start = db.execute("PRAGMA user_version").fetchone()[0]
    if start > VERSION:
        from .errors import LibraryError
        raise LibraryError(f"This library was written by a newer Reel Reader (schema {start}); "
                           "update Reel Reader to open it.")
    for version in range(start, VERSION):
        with db.conn:  # each step in its own transaction
            db.conn.execute("BEGIN")
            MIGRATIONS[version](db)
            db.conn.execute(f"PRAGMA user_version = {version + 1}")
    return start
