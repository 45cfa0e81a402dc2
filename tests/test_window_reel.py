"""The real window, offscreen: open reels, turn frames, zoom, rotate, bad input."""
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from tests.badinput import BAD_REELS, encrypted_pdf
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)


def test_open_turn_and_go_to(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    s = window.session
    assert s.count == 5 and s.frame == 1
    assert "reel.pdf" in window.windowTitle()
    assert "frame 1 of 5" in window.status.place.text()
    with qtbot.waitSignal(window.facsimile.frameShown, timeout=10000):
        window.actions["next_frame"].trigger()
    assert s.frame == 2 and window.frame_box.value() == 2
    window.actions["last_frame"].trigger()
    assert s.frame == 5 and not window.actions["next_frame"].isEnabled()
    window.actions["first_frame"].trigger()
    assert s.frame == 1
    window.frame_box.setValue(4)
    assert s.frame == 4
    qtbot.keyClick(window.facsimile, Qt.Key.Key_PageDown)
    assert s.frame == 5
    qtbot.keyClick(window.facsimile, Qt.Key.Key_PageUp)
    assert s.frame == 4


def test_while_the_frame_renders_the_window_waits_to_repaint_and_to_start_tasks(qtbot, window, small_pdf):
    """An uncached frame is rendered in two bands, one in each worker; meanwhile the other
    panes hold their repaints and tasks wait to start, then go on when it is painted."""
    open_and_wait(qtbot, window, small_pdf)
    assert window.renderer._bands            # a PDF: the frame on screen in two bands
    qtbot.waitUntil(lambda: not window.renderer.busy(), timeout=10000)
    window.renderer._cache.clear()
    ran = []
    with qtbot.waitSignal(window.facsimile.framePainted, timeout=10000):
        window.session.go_to(3)
        assert set(window.renderer._in_flight.values()) == {("shown", "background")}
        held = (window.transcript, window.toolbar, window.status, window.facsimile.verticalScrollBar())
        assert not any(w.updatesEnabled() for w in held) and window.facsimile.viewport().updatesEnabled()
        window.runner.run("a task", lambda ctx: ran.append(1))
        assert window.runner._held           # started once the frame is painted
    qtbot.waitUntil(lambda: ran == [1], timeout=5000)
    assert all(w.updatesEnabled() for w in held)
    assert window.thumbnails.currentIndex().row() == 2   # the strip follows, after the paint


def test_zoom_fit_rotate(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    f = window.facsimile
    fit = f.zoom_percent()
    window.actions["zoom_in"].trigger()
    assert f.zoom_percent() == pytest.approx(fit * 1.25)
    assert f.fit_mode is None
    window.actions["actual_size"].trigger()
    assert f.zoom_percent() == pytest.approx(100)
    window.actions["fit_frame"].trigger()
    whole = f.zoom_percent()
    window.actions["fit_width"].trigger()
    assert f.zoom_percent() >= whole
    assert f.horizontalScrollBar().maximum() == 0  # fit width means no sideways scrolling
    window.actions["rotate_right"].trigger()
    assert f.rotation == 90
    window.actions["rotate_left"].trigger()
    window.actions["rotate_left"].trigger()
    assert f.rotation == 270
    # the sharper render for the new zoom arrives from the worker
    window.actions["actual_size"].trigger()
    qtbot.waitUntil(lambda: f._shown_scale >= 0.3, timeout=10000)


def test_ctrl_wheel_zooms(qtbot, window, small_pdf):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    open_and_wait(qtbot, window, small_pdf)
    f = window.facsimile
    before = f.zoom_percent()
    pos = QPointF(f.viewport().rect().center())
    event = QWheelEvent(pos, f.viewport().mapToGlobal(pos), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(f.viewport(), event)
    assert f.zoom_percent() == pytest.approx(before * 1.25)


def test_thumbnails_render_lazily(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    strip = window.thumbnails
    assert strip.model().rowCount() == 5
    qtbot.waitUntil(lambda: window.renderer.cached(5, strip.thumbs.scale_for(5)) is not None
                    or window.renderer.cached(1, strip.thumbs.scale_for(1)) is not None, timeout=10000)
    strip.frameActivated.emit(3)
    assert window.session.frame == 3


def test_transcript_beside_reel_shown_per_frame_and_editable(qtbot, window, small_pdf):
    small_pdf.with_suffix(".md").write_text(
        "<!-- frame 1 -->\nFirst page text.\n<!-- frame 2 -->\nSecond ~~page~~ <sup>leaf</sup>.\n")
    open_and_wait(qtbot, window, small_pdf)
    assert "First page text." in window.transcript.text()
    window.actions["next_frame"].trigger()
    assert "Second ~~page~~" in window.transcript.text()
    window.transcript.editor.selectAll()
    qtbot.keyClicks(window.transcript.editor, "Edited.")
    window.actions["previous_frame"].trigger()
    window.actions["next_frame"].trigger()
    assert window.transcript.text() == "Edited."
    window.actions["next_frame"].trigger()
    assert window.transcript.text() == ""


@pytest.mark.parametrize("case", sorted(set(BAD_REELS) - {"encrypted"}))
def test_bad_input_reported_not_crashing(qtbot, window, tmp_path, case, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    build, words = BAD_REELS[case]
    with qtbot.waitSignal(window.openFailed, timeout=10000) as blocker:
        window.open_path(build(tmp_path))
    assert words in blocker.args[0]
    assert window.session.reel.name == "reel.pdf"  # the open reel is kept, nothing lost


def test_bad_input_shows_a_dialog(qtbot, window, tmp_path):
    window.setProperty("batch", False)
    seen = []

    def close_dialog():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, close_dialog)

    QTimer.singleShot(50, close_dialog)
    with qtbot.waitSignal(window.openFailed, timeout=10000):
        window.open_path(tmp_path / "missing.pdf")
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "does not exist" in seen[0]


def test_encrypted_reel_asks_for_password(qtbot, window, tmp_path):
    window.setProperty("batch", False)
    path = encrypted_pdf(tmp_path, password="fiche")

    def answer():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue("fiche")
            dialog.accept()
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    with qtbot.waitSignal(window.facsimile.frameShown, timeout=20000):
        window.open_path(path)
    assert window.session.count == 2


def test_damaged_frame_shows_message(qtbot, window, tmp_path):
    import numpy as np
    from PIL import Image
    folder = tmp_path / "frames"
    folder.mkdir()
    Image.fromarray(np.full((300, 200), 200, np.uint8)).save(folder / "1.png")
    (folder / "2.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    open_and_wait(qtbot, window, folder)
    with qtbot.waitSignal(window.facsimile.frameFailed, timeout=10000) as blocker:
        window.actions["next_frame"].trigger()
    assert "2.png" in blocker.args[1]


def test_undo_across_frames(qtbot, window, small_pdf):
    small_pdf.with_suffix(".md").write_text("<!-- frame 1 -->\nOne.\n<!-- frame 2 -->\nTwo.\n")
    open_and_wait(qtbot, window, small_pdf)
    editor = window.transcript.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " More")
    assert window.session.frame_text(1) == "One.\n More"
    window.actions["next_frame"].trigger()
    window.actions["next_frame"].trigger()
    assert window.session.frame == 3
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z in the editor
    assert window.session.frame == 1           # back where the edit was
    assert window.session.frame_text(1) == "One.\n"
    assert window.transcript.text() == "One.\n"
    window.actions["redo"].trigger()
    assert window.transcript.text() == "One.\n More"


def test_wheel_scrolls_smoothly(qtbot, window, small_pdf):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    open_and_wait(qtbot, window, small_pdf)
    f = window.facsimile
    f.actual_size()
    bar = f.verticalScrollBar()
    bar.setValue(0)
    assert bar.maximum() > 300
    pos = QPointF(f.viewport().rect().center())
    event = QWheelEvent(pos, f.viewport().mapToGlobal(pos), QPoint(), QPoint(0, -240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(f.viewport(), event)
    assert bar.value() < 240                       # not a jump: it glides there
    qtbot.waitUntil(lambda: bar.value() == 240, timeout=2000)


def test_the_first_frames_size_comes_from_the_render_worker(qtbot, window, small_pdf, monkeypatch):
    """The reel is opened in the workers as soon as it is asked for; the window takes the
    first frame's size from the shown worker instead of reading the PDF's page tree itself."""
    from reel.pdf import PdfReel
    pages = []
    page = PdfReel._page
    monkeypatch.setattr(PdfReel, "_page", lambda self, n: pages.append(n) or page(self, n))
    assert window.renderer.prepare(str(small_pdf)).result(timeout=20) == (2550, 3300)
    open_and_wait(qtbot, window, small_pdf)
    assert window.session.reel.frame_size(1) == (2550, 3300)
    assert 1 not in pages             # the window's own reel has not read frame 1
