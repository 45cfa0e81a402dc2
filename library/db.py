"""Opening the library: where it lives, WAL, backups, and what happens when it cannot be used."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import platformdirs
import sqlite_utils

from .errors import LibraryDamaged, LibraryError, LibraryLocked, LibraryReadOnly
from .schema import migrate

ENV = "REEL_READER_LIBRARY"
BACKUPS_KEPT = 5
BACKUP_EVERY = 3600.0   # seconds: one backup an hour of use is plenty
BUSY_MS = 5000


def default_path() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("reel-reader", appauthor=False)) / "library.db"


def backups_of(path: Path) -> list[Path]:
    folder = path.parent / "backups"
    return sorted(folder.glob(f"{path.stem}-*.db")) if folder.is_dir() else []


class Database:
    """One SQLite connection shared by the GUI thread (reads) and one writer thread; an
    RLock serialises them. Writes go through write(): one short transaction each."""

    def __init__(self, path: Path | None = None, readonly: bool = False):
        self.path = Path(path) if path else default_path()
        self.readonly = readonly
        self._lock = threading.RLock()
        self.conn = self._connect()
        self.db = sqlite_utils.Database(self.conn)
        if not self.readonly:
            try:
                migrate(self.db)
            except sqlite3.OperationalError as exc:
                self._classify(exc)
            self._backup()

    # -- opening -----------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        path = self.path
        if path.exists():
            with open(path, "rb") as f:
                head = f.read(16)
            if head and head != b"SQLite format 3\x00":
                raise LibraryDamaged(path, "it is not an SQLite database", _newest(path))
        elif not self.readonly:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise LibraryReadOnly(path) from None
        writable = not self.readonly and os.access(path.parent, os.W_OK) and \
            (not path.exists() or os.access(path, os.W_OK))
        if not writable:
            self.readonly = True
            if not path.exists():
                raise LibraryReadOnly(path)
        uri = f"file:{path}?mode=ro" if self.readonly else f"file:{path}"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_MS / 1000,
                                   isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -32768")  # 32 MB of pages: search reads the index often
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: a committed save survives a crash
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            self._classify(exc)
        return conn

    def _classify(self, exc: sqlite3.Error):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise LibraryLocked(self.path) from None
        if "readonly" in text or "read-only" in text:
            raise LibraryReadOnly(self.path) from None
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError) \
                or "malformed" in text or "not a database" in text:
            raise LibraryDamaged(self.path, str(exc), _newest(self.path)) from None
        raise LibraryError(f"The library {self.path} cannot be used: {exc}.") from None

    def _backup(self) -> None:
        """A copy made with SQLite's backup API (consistent while in use), the last few kept."""
        existing = backups_of(self.path)
        if existing and time.time() - existing[-1].stat().st_mtime < BACKUP_EVERY:
            return
        if not self.db["reels"].exists() or self.db["reels"].count == 0:
            return  # nothing worth keeping yet
        folder = self.path.parent / "backups"
        folder.mkdir(exist_ok=True)
        target = folder / f"{self.path.stem}-{time.strftime('%Y%m%d-%H%M%S')}.db"
        with self._lock:
            dest = sqlite3.connect(target)
            try:
                self.conn.backup(dest)
            finally:
                dest.close()
        for old in backups_of(self.path)[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    # -- using -------------------------------------------------------------------------
    @contextmanager
    def write(self):
        """One short write transaction; errors come out as LibraryError subclasses."""
        if self.readonly:
            raise LibraryReadOnly(self.path)
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                self._classify(exc)
            try:
                yield self.db
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                self._classify(exc)

    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cur = self.conn.execute(sql, params)
                cols = [d[0] for d in cur.description or ()]
                return [dict(zip(cols, row)) for row in cur.fetchall()]
            except sqlite3.Error as exc:
                self._classify(exc)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @staticmethod
    def restore_backup(path: Path | None = None) -> Path:
        """Put the newest backup in place of a damaged library (kept aside, not deleted)."""
        path = Path(path) if path else default_path()
        backup = _newest(path)
        if backup is None:
            raise LibraryError(f"There is no backup of {path} to restore.")
        if path.exists():
            path.rename(path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        shutil.copy2(backup, path)
        return backup


def _newest(path: Path) -> Path | None:
    found = backups_of(Path(path))
    return found[-1] if found else None
