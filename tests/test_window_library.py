"""Bookmarks, notes, history and library search in the real window, on a real library."""
from PySide6.QtCore import Qt

from tests.conftest import ROOT
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)
from ui.panels.annotations import BookmarksPanel, NotesPanel, split_tags

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


def _panel(window, cls):
    return next(p for p in window.side_panels if isinstance(p, cls))


def _view_point(view, x, y):
    return view.mapFromScene(view.overlay_parent().mapToScene(x, y))


def test_bookmarks_add_rename_delete_undo(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    panel = _panel(window, BookmarksPanel)
    window.session.go_to(3)
    panel.add("the chart")
    fp = window.session.reel.fingerprint
    assert [(b["frame"], b["label"]) for b in window.library.bookmarks(fp)] == [(3, "the chart")]
    assert panel.tree.topLevelItemCount() == 1
    window.actions["undo"].trigger()
    assert window.library.bookmarks(fp) == [] and panel.tree.topLevelItemCount() == 0
    window.actions["redo"].trigger()
    record = window.library.bookmarks(fp)[0]
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.delete()
    assert window.library.bookmarks(fp) == []
    window.actions["undo"].trigger()
    assert window.library.bookmarks(fp)[0]["id"] == record["id"]
    window.session.go_to(1)
    panel.tree.itemClicked.emit(panel.tree.topLevelItem(0), 0)
    assert window.session.frame == 3


def test_note_drawn_on_the_scan(qtbot, window, small_pdf, monkeypatch):
    open_and_wait(qtbot, window, small_pdf)
    notes = _panel(window, NotesPanel)
    monkeypatch.setattr("ui.panels.annotations.QInputDialog.getMultiLineText",
                        lambda *a, **k: ("marginal scrawl #hand", True))
    window.actions["add_note_box"].trigger()
    view = window.facsimile
    start, end = _view_point(view, 400, 500), _view_point(view, 1300, 900)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    fp = window.session.reel.fingerprint
    note = window.library.notes(fp)[0]
    assert note["text"] == "marginal scrawl" and note["tags"] == ["hand"]
    x0, y0, x1, y1 = note["anchor"]["rect"]
    assert abs(x0 - 400) < 15 and abs(y1 - 900) < 15
    assert [b.kind for b in view.overlays.boxes("notes")] == ["note"]
    notes.tree.setCurrentItem(notes.tree.topLevelItem(0))
    notes.delete()
    assert window.library.notes(fp) == [] and view.overlays.boxes("notes") == []
    window.actions["undo"].trigger()
    assert window.library.notes(fp)[0]["id"] == note["id"]


def test_history_restores_an_old_text(qtbot, window, small_pdf, monkeypatch):
    small_pdf.with_suffix(".md").write_text("<!-- frame 1 -->\nfirst text\n")
    open_and_wait(qtbot, window, small_pdf)
    fp = window.session.reel.fingerprint
    window.library.save_transcript(fp, 1, "second text", new_revision=True)
    open_and_wait(qtbot, window, small_pdf)            # the window now shows the newer text
    assert window.transcript.text() == "second text"
    old = window.library.revisions(fp, 1)[-1]
    window.features["annotations"].restore(old)
    assert window.transcript.text() == "first text\n"
    qtbot.waitUntil(lambda: window.library.transcript(fp, 1) == "first text\n", timeout=5000)
    window.actions["undo"].trigger()
    assert window.transcript.text() != "first text\n"


def test_library_search_opens_the_hit(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, SAMPLE)
    open_and_wait(qtbot, window, small_pdf)           # now on another reel
    dialog = window.features["annotations"].dialog
    dialog.query.setText("Volgales")
    dialog.search()
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=10000)
    assert dialog.hits[0].frame == 2
    dialog.open_hit(dialog.results.item(0))
    qtbot.waitUntil(lambda: window.session.reel.name == "sample-reel.pdf", timeout=20000)
    assert window.session.frame == 2
    qtbot.waitUntil(lambda: window.transcript.editor.textCursor().selectedText() == "Volgales", timeout=5000)


def test_tags_are_split_from_the_note():
    assert split_tags("who wrote this? #hand #mccloy") == ("who wrote this?", ["hand", "mccloy"])
    assert split_tags("no tags here") == ("no tags here", [])
