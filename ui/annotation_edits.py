"""Undoable changes to bookmarks and notes: tiny commands that only call the library
and tell the window what changed (as Orange's undo commands do)."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class LibraryEdit(QUndoCommand):
    """DO and UNDO are callables on the library; CHANGED is told after either."""

    def __init__(self, text: str, do, undo, changed):
        super().__init__(text)
        self._do, self._undo, self._changed = do, undo, changed

    def redo(self) -> None:
        self._do()
        self._changed()

    def undo(self) -> None:
        self._undo()
        self._changed()


def add_bookmark(window, frame: int, label: str, changed) -> None:
    lib, fp = window.library, window.session.reel.fingerprint
    made = {}

    def do():
        record = lib.restore_bookmark(made["record"]) if "record" in made else lib.add_bookmark(fp, frame, label)
        made["record"] = record
    window.edits.push(LibraryEdit(f"Add bookmark {label!r}", do, lambda: lib.delete_bookmark(made["record"]["id"]),
                                  changed))


def delete_bookmark(window, record: dict, changed) -> None:
    lib = window.library
    window.edits.push(LibraryEdit(f"Delete bookmark {record['label']!r}", lambda: lib.delete_bookmark(record["id"]),
                                  lambda: lib.restore_bookmark(record), changed))


def rename_bookmark(window, record: dict, label: str, changed) -> None:
    lib, old = window.library, record["label"]
    window.edits.push(LibraryEdit(f"Rename bookmark to {label!r}", lambda: lib.rename_bookmark(record["id"], label),
                                  lambda: lib.rename_bookmark(record["id"], old), changed))


def add_note(window, frame: int, text: str, anchor: dict, tags: list[str], changed) -> None:
    lib, fp = window.library, window.session.reel.fingerprint
    made = {}

    def do():
        made["record"] = lib.restore_note(made["record"]) if "record" in made else \
            lib.add_note(fp, frame, text, anchor, tags, author=_author())
    window.edits.push(LibraryEdit("Add note", do, lambda: lib.delete_note(made["record"]["id"]), changed))


def edit_note(window, record: dict, text: str, tags: list[str], changed) -> None:
    lib = window.library
    window.edits.push(LibraryEdit("Edit note", lambda: lib.update_note(record["id"], text=text, tags=tags),
                                  lambda: lib.update_note(record["id"], text=record["text"], tags=record["tags"]),
                                  changed))


def delete_note(window, record: dict, changed) -> None:
    lib = window.library
    window.edits.push(LibraryEdit("Delete note", lambda: lib.delete_note(record["id"]),
                                  lambda: lib.restore_note(record), changed))


def _author() -> str:
    import getpass
    try:
        return getpass.getuser()
    except Exception:
        return ""
