"""OCR from the window: in the background, a draft where there is no transcript, and
words linked between the transcript and the scan."""
import numpy as np
from PIL import Image
from PySide6.QtCore import Qt

from reel import open_reel
from tests.conftest import ROOT
from tests.qtwindow import open_and_wait, render_pool, window  # noqa: F401 (fixtures)

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


def _recognise(qtbot, window):
    task = window.features["ocr"].recognise_frame()
    with qtbot.waitSignal(task.ended, timeout=120000):
        pass
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
