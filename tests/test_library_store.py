"""The library on real SQLite files in temporary folders."""
import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest
import sqlite_utils

from library import Library, LibraryDamaged, LibraryLocked, LibraryReadOnly
from library.db import Database
from library.schema import MIGRATIONS, VERSION
from tests.conftest import ROOT

FP = "pdf-0123"


@pytest.fixture
def lib(tmp_path):
    lib = Library.open(tmp_path / "lib.db")
    lib.ensure_reel(FP, "/reels/memo.pdf", 10)
    yield lib
    lib.close()


def test_default_location_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("REEL_READER_LIBRARY", str(tmp_path / "env.db"))
    Library.open().close()
    assert (tmp_path / "env.db").exists()


def test_wal_and_foreign_keys(lib):
    assert lib.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
    assert lib.query("PRAGMA foreign_keys")[0]["foreign_keys"] == 1


def test_reel_known_by_fingerprint_with_its_paths(lib):
    assert lib.ensure_reel(FP, "/media/usb/renamed.pdf", 10) == lib.reel_id(FP)
    reel = lib.reels()[0]
    assert reel["paths"] == ["/media/usb/renamed.pdf", "/reels/memo.pdf"]


def test_transcripts_and_revisions(lib, monkeypatch):
    lib.save_transcript(FP, 3, "first")
    lib.save_transcript(FP, 3, "first, refined")      # an autosave seconds later refines the revision
    assert [r.text for r in lib.revisions(FP, 3)] == ["first, refined"]
    clock = [time.time() + 3600]
    monkeypatch.setattr("library.transcripts.time.time", lambda: clock[0])
    lib.save_transcript(FP, 3, "an hour later")
    assert [r.text for r in lib.revisions(FP, 3)] == ["an hour later", "first, refined"]
    old = lib.revisions(FP, 3)[1]
    assert lib.restore_revision(FP, 3, old.id) == "first, refined"
    assert lib.transcript(FP, 3) == "first, refined"
    assert len(lib.revisions(FP, 3)) == 3              # restoring loses nothing
    assert lib.transcripts(FP) == {3: "first, refined"}


def test_import_whole_transcript(lib):
    assert lib.import_transcript(FP, "<!-- frame 1 -->\none\n<!-- frame 2 -->\ntwo\n") == {1: "one\n", 2: "two\n"}
    assert lib.import_transcript("other", "no markers at all") == {0: "no markers at all"}


def test_search_finds_inserted_and_struck_words(lib):
    lib.save_transcript(FP, 4, "a ~~clear~~ <sup>clearer</sup> picture of the IL-28 issue")
    lib.add_bookmark(FP, 5, "IL-28 chart")
    lib.add_note(FP, 6, "scrawl about the IL-28", {"rect": [1, 2, 30, 40]}, ["cuba"])
    lib.index_ocr_text(FP, 7, "OCR says IL-28 too")
    kinds = {h.kind: h.frame for h in lib.search("IL-28")}
    assert kinds == {"transcript": 4, "bookmark": 5, "note": 6, "ocr": 7}
    assert [h.frame for h in lib.search("clearer")] == [4]          # inserted by hand
    assert [h.frame for h in lib.search("clear")] == [4]            # struck out
    assert "[clearer]" in lib.search("clearer")[0].snippet
    assert lib.search("sup") == []                                  # markup is not text
    for hostile in ('"', "(b)(1)", "NOT", "a OR", "col:umn", "*"):
        lib.search(hostile)                                         # never an FTS syntax error
    assert lib.search("IL-28", reel="memo.pdf") and not lib.search("IL-28", reel="other.pdf")


def test_bookmarks_and_notes_undoable(lib):
    b = lib.add_bookmark(FP, 2, "start")
    lib.rename_bookmark(b["id"], "the real start")
    assert lib.bookmarks(FP)[0]["label"] == "the real start"
    gone = lib.delete_bookmark(b["id"])
    assert lib.bookmarks(FP) == []
    lib.restore_bookmark(gone)
    assert lib.bookmarks(FP)[0]["id"] == b["id"]
    n = lib.add_note(FP, 2, "who wrote this?", {"range": [10, 20]}, ["hand"], author="ana")
    lib.update_note(n["id"], text="who wrote this? McCloy?", tags=["hand", "mccloy"])
    note = lib.notes(FP, 2)[0]
    assert note["text"].endswith("McCloy?") and note["tags"] == ["hand", "mccloy"] and note["anchor"] == {"range": [10, 20]}
    gone = lib.delete_note(n["id"])
    lib.restore_note(gone)
    assert lib.notes(FP)[0]["id"] == n["id"] and lib.tags() == ["hand", "mccloy"]


def test_annotations_move_between_libraries_without_duplicates(lib, tmp_path):
    lib.add_bookmark(FP, 2, "start")
    lib.add_note(FP, 3, "note", {"rect": [0, 0, 10, 10]})
    lib.save_transcript(FP, 3, "text")
    data = json.loads(json.dumps(lib.export_annotations()))
    other = Library.open(tmp_path / "other.db")
    assert other.import_annotations(data) == {"bookmarks": 1, "notes": 1, "transcripts": 1}
    assert other.import_annotations(data) == {"bookmarks": 0, "notes": 0, "transcripts": 0}
    assert len(other.bookmarks(FP)) == 1 and len(other.notes(FP)) == 1
    assert lib.import_annotations(other.export_annotations()) == {"bookmarks": 0, "notes": 0, "transcripts": 0}


def test_cache(lib):
    assert lib.get_cached("ocr", "d1", "eng-psm3") is None
    lib.put_cached("ocr", "d1", "eng-psm3", {"words": [1, 2]})
    assert lib.get_cached("ocr", "d1", "eng-psm3") == {"words": [1, 2]}
    assert lib.get_cached("ocr", "d1", "eng-psm6") is None


@pytest.mark.parametrize("start", range(VERSION))
def test_migrations_from_every_earlier_version(tmp_path, start):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    for step in MIGRATIONS[:start]:
        step(db)
    db.execute(f"PRAGMA user_version = {start}")
    if start >= 1:
        db["reels"].insert({"fingerprint": FP, "title": "old", "paths": "[]", "added": 0, "opened": 0})
        db["transcripts"].insert({"reel_id": 1, "frame": 1, "text": "kept", "modified": 0})
    db.conn.close()
    lib = Library.open(path)
    assert lib.query("PRAGMA user_version")[0]["user_version"] == VERSION
    if start >= 1:
        assert lib.transcript(FP, 1) == "kept"
    lib.save_transcript(FP, 2, "IL-28")
    assert lib.search("IL-28")


def test_damaged_library_offers_the_backup(tmp_path):
    path = tmp_path / "lib.db"
    lib = Library.open(path)
    lib.ensure_reel(FP, "/r.pdf", 1)
    lib.save_transcript(FP, 1, "precious")
    lib.close()
    Library.open(path).close()                      # a reopen takes the first backup
    path.write_bytes(b"this is not a database, it is a grocery list" * 50)
    with pytest.raises(LibraryDamaged) as err:
        Library.open(path)
    assert "backup" in str(err.value) and err.value.backup is not None
    Database.restore_backup(path)
    assert Library.open(path).transcript(FP, 1) == "precious"
    assert list(tmp_path.glob("lib.db.damaged-*"))  # the damaged file is kept aside


def test_locked_library_waits_then_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr("library.db.BUSY_MS", 300)
    path = tmp_path / "lib.db"
    lib = Library.open(path)
    lib.ensure_reel(FP, "/r.pdf", 1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    lib.conn.execute("PRAGMA busy_timeout = 300")
    with pytest.raises(LibraryLocked):
        lib.save_transcript(FP, 1, "typed while locked")
    other.execute("ROLLBACK")
    lib.save_transcript(FP, 1, "typed while locked")  # the edit is kept by the caller and saved later
    assert lib.transcript(FP, 1) == "typed while locked"


def test_read_only_library_reads(tmp_path):
    path = tmp_path / "lib.db"
    lib = Library.open(path)
    lib.ensure_reel(FP, "/r.pdf", 1)
    lib.save_transcript(FP, 1, "IL-28")
    lib.close()
    ro = Library.open(path, readonly=True)
    assert ro.readonly and ro.transcript(FP, 1) == "IL-28" and ro.search("IL-28")
    with pytest.raises(LibraryReadOnly):
        ro.save_transcript(FP, 1, "changed")
    missing = tmp_path / "nowhere" / "lib.db"
    with pytest.raises(LibraryReadOnly):
        Library.open(missing, readonly=True)


WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from library import Library
lib = Library.open({path!r})
lib.ensure_reel("fp", "/r.pdf", 1)
i = 0
while True:
    i += 1
    lib.save_transcript("fp", i % 7, f"edit {{i}} at {{time.time()!r}}")
    print(i, time.time(), flush=True)
"""


def test_killed_while_saving_loses_nothing_older_than_a_second(tmp_path):
    path = tmp_path / "lib.db"
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT), path=str(path))],
                                stdout=subprocess.PIPE, text=True)
        lines = []
        deadline = time.time() + 1.5 + 0.3 * attempt
        while time.time() < deadline:
            lines.append(proc.stdout.readline())
        os.kill(proc.pid, 9)
        proc.wait()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = {row[0]: row[1] for row in conn.execute("SELECT frame, text FROM transcripts")}
        conn.close()
        reported = [l.split() for l in lines if l.strip()]
        cutoff = time.time() - 1.0
        last_old = max((int(i) for i, t in reported if float(t) < cutoff), default=0)
        if last_old:
            # the newest edit of that edit's frame is that one or a later one: never older
            frame = last_old % 7
            assert int(saved[frame].split()[1]) >= last_old


def test_search_and_import_verbs(tmp_path):
    env = dict(os.environ, REEL_READER_LIBRARY=str(tmp_path / "cli.db"))
    sample = ROOT / "resources" / "sample-reel.pdf"
    run = lambda *a: subprocess.run([sys.executable, str(ROOT / "main.py"), *a], capture_output=True,  # noqa
                                    text=True, env=env, timeout=120)
    imported = run("import", str(sample), "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["transcript_frames"] == list(range(1, 23))
    found = run("search", "IL-28", "--json")
    hits = json.loads(found.stdout)
    assert hits and set(hits[0]) == {"reel", "fingerprint", "frame", "kind", "snippet"}
    assert all(h["reel"] == "sample-reel.pdf" and "[IL" in h["snippet"] for h in hits)
    assert run("search", "clearer", "--json", "--reel", "sample-reel.pdf").returncode == 0
    assert run("import", str(tmp_path / "missing.pdf")).returncode == 2


def test_restore_backup_from_the_command_line(tmp_path):
    path = tmp_path / "lib.db"
    lib = Library.open(path)
    lib.ensure_reel(FP, "/r.pdf", 1)
    lib.save_transcript(FP, 1, "precious")
    lib.close()
    Library.open(path).close()
    path.write_bytes(b"garbage" * 100)
    env = dict(os.environ, REEL_READER_LIBRARY=str(path))
    damaged = subprocess.run([sys.executable, str(ROOT / "main.py"), "search", "precious"], capture_output=True,
                             text=True, env=env, timeout=60)
    assert damaged.returncode == 2 and "--restore-backup" in damaged.stderr
    restored = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", "--restore-backup"],
                              capture_output=True, text=True, env=env, timeout=60)
    assert restored.returncode == 0, restored.stderr
    assert Library.open(path).transcript(FP, 1) == "precious"


def test_a_reel_opened_again_is_not_hashed_again(tmp_path, monkeypatch):
    """The library recalls a reel file's fingerprint by its file stamp; a file written since,
    moved, or a folder, is hashed afresh; a read-only library still opens the reel."""
    import shutil
    from reel.pdf import PdfReel
    from tests.badinput import image_pdf
    from ui.opening import open_reel_with_transcript
    hashed = []
    compute = PdfReel._compute_fingerprint
    monkeypatch.setattr(PdfReel, "_compute_fingerprint", lambda self: hashed.append(1) or compute(self))
    pdf = image_pdf(tmp_path / "reel.pdf", pages=2)
    lib = Library.open(tmp_path / "lib.db")
    first = open_reel_with_transcript(pdf, None, lib).reel.fingerprint
    again = open_reel_with_transcript(pdf, None, lib).reel.fingerprint
    assert again == first and len(hashed) == 1
    assert lib.reel_id(first) is not None
    moved = tmp_path / "moved.pdf"
    shutil.move(pdf, moved)
    assert open_reel_with_transcript(moved, None, lib).reel.fingerprint == first and len(hashed) == 2
    image_pdf(moved, pages=3)                       # written over: another reel
    changed = open_reel_with_transcript(moved, None, lib).reel.fingerprint
    assert changed != first and len(hashed) == 3
    lib.close()
    ro = Library.open(tmp_path / "lib.db", readonly=True)
    assert open_reel_with_transcript(moved, None, ro).reel.fingerprint == changed   # recalled
    shutil.copy(moved, tmp_path / "copy.pdf")
    assert open_reel_with_transcript(tmp_path / "copy.pdf", None, ro).reel.fingerprint == changed
    assert len(hashed) == 4                         # hashed, not remembered: read-only
    ro.close()


def test_a_folder_has_no_file_stamp(tmp_path):
    from PIL import Image
    from reel import open_reel
    (tmp_path / "reel").mkdir()
    Image.new("L", (40, 60), 200).save(tmp_path / "reel" / "frame1.png")
    assert open_reel(tmp_path / "reel").file_stamp() is None
