"""OCR from the window: in the background, a draft where there is no transcript, and
words linked between the transcript and the scan."""
import numpy as np
from PIL import Image
from PySide6.QtCore import Qt

from reel import open_reel
from tests.conftest import ROOT
from tests.qtwindow import open_and_wait, render_pool, window  # noqa: F401 (fixtures)

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


def _until_ended(qtbot, task, timeout=120000):
    qtbot.waitSignal(task.ended, timeout=timeout).wait()


def _recognise(qtbot, window):
    task = window.features["ocr"].recognise_frame()
    _until_ended(qtbot, task)
    feature = window.features["ocr"]
    qtbot.waitUntil(lambda: feature._ocr is not None, timeout=5000)
    if window.session.frame_text(window.session.frame).strip():
        qtbot.waitUntil(lambda: bool(feature._aligned), timeout=5000)


def test_words_linked_both_ways(qtbot, window):
    open_and_wait(qtbot, window, SAMPLE, frame=2)
    _recognise(qtbot, window)
    feature = window.features["ocr"]
    editor = window.transcript.editor
    text = editor.toPlainText()
    start = text.index("Volgales")
    cursor = editor.textCursor()
    cursor.setPosition(start + 2)
    editor.setTextCursor(cursor)
    outline = window.facsimile.overlays._highlight
    assert outline is not None
    word = next(a for a in feature._aligned if a.src_start == start)
    assert list(outline.rect().getCoords()) == [float(v) for v in word.bbox]
    # clicking the word on the scan selects it in the transcript
    from PySide6.QtCore import Qt as _Qt
    centre = window.facsimile.mapFromScene(window.facsimile.overlay_parent().mapToScene(
        (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2))
    editor.moveCursor(editor.textCursor().MoveOperation.Start)
    window.facsimile.scroll_to_box(tuple(word.bbox))
    centre = window.facsimile.mapFromScene(window.facsimile.overlay_parent().mapToScene(
        (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2))
    qtbot.mouseClick(window.facsimile.viewport(), _Qt.MouseButton.LeftButton, pos=centre)
    assert editor.textCursor().selectedText() == text[word.src_start:word.src_end]


def test_draft_for_a_frame_without_transcript(qtbot, window, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    Image.fromarray(open_reel(SAMPLE).render(2)).save(folder / "page1.png")
    open_and_wait(qtbot, window, folder)
    _recognise(qtbot, window)
    feature = window.features["ocr"]
    assert feature.take.isVisible()
    assert "Volgales" in window.transcript.editor.placeholderText()
    feature.take.click()
    assert "Volgales" in window.session.frame_text(1)
    window.actions["undo"].trigger()                      # taking the draft is an edit like any other
    assert window.session.frame_text(1) == ""


def _small_scans(folder, frames=(2, 3, 5), scale=0.5):
    """A folder reel of sample frames at 150 dpi: Tesseract reads them in a second or two."""
    folder.mkdir()
    reel = open_reel(SAMPLE)
    for i, n in enumerate(frames, 1):
        Image.fromarray(reel.render(n, scale=scale)).save(folder / f"page{i}.png")
    return folder


def _cached(window, frame):
    feature = window.features["ocr"]
    reel = window.session.reel
    return window.library.has_cached("ocr", reel.frame_digest(frame), feature.settings.key())


def test_untranscribed_frames_are_recognised_while_reading(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("ui.features.ocr_background.START_DELAY_MS", 50)
    folder = _small_scans(tmp_path / "scans")
    (tmp_path / "scans.md").write_text("<!-- frame 2 -->\nA frame someone has transcribed.\n")
    background = window.features["ocr"].background
    background.set_enabled(True)
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: background.task is not None, timeout=5000)
    # the newest task has the bar: the shown frame's OCR being read may hold it a moment
    qtbot.waitUntil(lambda: "untranscribed" in window.status.task_label.text() and window.status.cancel.isVisible(),
                    timeout=5000)
    _until_ended(qtbot, background.task)
    assert _cached(window, 1) and _cached(window, 3) and not _cached(window, 2)
    assert background.done == {1, 3}
    feature = window.features["ocr"]                       # the frame on screen shows its draft
    assert feature.take.isVisible() and "Volgales" in window.transcript.editor.placeholderText()
    assert window.library.search("Volgales")               # and the library finds the words
    # and the bar clears once the work that follows the draft (the frame's marks) is done
    qtbot.waitUntil(lambda: not window.status.task_label.isVisible(), timeout=30000)


def test_background_ocr_cancelled_resumes_when_reopened(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("ui.features.ocr_background.START_DELAY_MS", 50)
    frames = range(1, 13)    # many more than the pool has in flight, so a cancel leaves some
    folder = _small_scans(tmp_path / "scans", frames=range(2, 14), scale=0.4)
    background = window.features["ocr"].background
    background.set_enabled(True)
    # the user's Cancel (the status bar's button cancels the task it shows), as soon as
    # the first frame is recognised
    def cancel(_):
        background.recognised.disconnect(cancel)
        background.task.cancel()
    background.recognised.connect(cancel)
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: background.task is not None, timeout=5000)
    _until_ended(qtbot, background.task)
    kept = {n for n in frames if _cached(window, n)}
    assert kept and len(kept) < len(frames) and background.task is None
    window.session.go_to(12)                                           # it stays stopped
    qtbot.wait(1500)
    assert background.task is None
    open_and_wait(qtbot, window, folder, frame=1)                      # reopened: it goes on
    qtbot.waitUntil(lambda: background.task is not None, timeout=5000)
    again = []
    background.recognised.connect(lambda reel_ocr: again.append(reel_ocr[1].index))
    _until_ended(qtbot, background.task)
    assert all(_cached(window, n) for n in frames)
    assert sorted(again) == sorted(set(frames) - kept)                 # nothing recognised twice


def test_a_recognise_command_pauses_the_background_ocr(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("ui.features.ocr_background.START_DELAY_MS", 50)
    monkeypatch.setattr("ui.features.ocr_background.RESTART_DELAY_MS", 50)
    folder = _small_scans(tmp_path / "scans")
    background = window.features["ocr"].background
    background.set_enabled(True)
    open_and_wait(qtbot, window, folder)
    qtbot.waitUntil(lambda: background.task is not None, timeout=5000)
    task = window.features["ocr"].recognise([3])
    assert background.task is None or background.task.context.cancelled()
    _until_ended(qtbot, task)
    assert _cached(window, 3)
    qtbot.waitUntil(lambda: background.done == {1, 2, 3} or background.task is not None, timeout=10000)
    background.set_enabled(False)                                      # off for good: remembered
    from ui.state import open_settings
    assert open_settings().value("ocr/background") == "false"
