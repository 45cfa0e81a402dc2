"""Ctrl+F finds text in the transcript of the frame on screen."""
from PySide6.QtCore import Qt

from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)


def test_find_in_transcript(qtbot, window, small_pdf):
    small_pdf.with_suffix(".md").write_text("<!-- frame 1 -->\nThe IL-28 bombers; the IL-28 again.\n")
    open_and_wait(qtbot, window, small_pdf)
    window.transcript.editor.setFocus()
    qtbot.keyClick(window.transcript.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.features["find"]
    assert bar.isVisible()
    qtbot.keyClicks(bar.field, "IL-28")
    cursor = window.transcript.editor.textCursor()
    assert cursor.selectedText() == "IL-28" and cursor.selectionStart() == 4
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.transcript.editor.textCursor().selectionStart() == 23
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)          # wraps round
    assert window.transcript.editor.textCursor().selectionStart() == 4
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)   # back, wrapping
    assert window.transcript.editor.textCursor().selectionStart() == 23
    bar.field.setText("Havana")
    assert bar.status.text() == "Not found"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def _find(qtbot, window, text):
    window.transcript.editor.setFocus()
    qtbot.keyClick(window.transcript.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.features["find"]
    bar.field.selectAll()
    qtbot.keyClicks(bar.field, text)
    return bar


def _hit_boxes(window):
    return window.facsimile.overlays.boxes("search")


def test_search_hits_outlined_on_the_scan(qtbot, window):
    """Ctrl+F outlines every hit of the frame on screen on the scan, from its OCR words
    and the transcript's alignment to them; the current hit (the find bar's) more strongly."""
    from tests.test_window_ocr import SAMPLE, _recognise
    from ui.features.search_hits import CURRENT, HIT, NO_OCR
    open_and_wait(qtbot, window, SAMPLE, frame=2)
    bar = _find(qtbot, window, "Straits of Florida")
    assert _hit_boxes(window) == []                       # no OCR yet: nothing outlined, a hint instead
    qtbot.waitUntil(lambda: window.status.currentMessage() == NO_OCR, timeout=5000)
    _recognise(qtbot, window)                             # the OCR arrives: the hits appear
    feature = window.features["search_hits"]
    qtbot.waitUntil(lambda: len(feature.hits) == 2 and all(h.src for h in feature.hits), timeout=5000)
    ocr = window.features["ocr"]._ocr
    for hit in feature.hits:                              # the three words, read on the scan
        assert [ocr.words[i].text.strip(".,").lower() for i in hit.words] == ["straits", "of", "florida"]
    boxes = _hit_boxes(window)
    assert {b.kind for b in boxes} == {HIT, CURRENT}
    current = [b for b in boxes if b.kind == CURRENT]
    assert {b.payload for b in current} == {0}            # the transcript's selection is on the first
    text = window.transcript.editor.toPlainText()
    assert feature.hits[0].src[0] == text.index("Straits of Florida")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)          # the next match: on the scan too
    assert {b.payload for b in _hit_boxes(window) if b.kind == CURRENT} == {1}
    # a new query replaces the boxes; one word at a time, fuzzily
    bar.field.setText("soviet")
    qtbot.waitUntil(lambda: len({b.payload for b in _hit_boxes(window)}) >= 4, timeout=2000)
    bar.field.setText("Havana Straits")                   # not on this frame
    assert _hit_boxes(window) == [] and bar.status.text() == "Not found"
    bar.field.setText("Volgales")
    assert len(_hit_boxes(window)) == 1
    # another frame: none there (no OCR); back again: the OCR comes from the cache
    window.session.next()
    assert window.facsimile.frame == 3 and _hit_boxes(window) == []
    window.session.previous()
    qtbot.waitUntil(lambda: len(feature.hits) == 1 and feature.hits[0].src is not None, timeout=5000)
    assert len(_hit_boxes(window)) == 1
    # clicking a hit on the scan makes it the current one, selected in the transcript
    bar.field.setText("Straits of Florida")
    assert feature.current == 0
    x0, y0, x1, y1 = feature.hits[1].boxes[0]
    window.facsimile.scroll_to_box((x0, y0, x1, y1))
    view = window.facsimile
    centre = view.mapFromScene(view.overlay_parent().mapToScene((x0 + x1) / 2, (y0 + y1) / 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert feature.current == 1
    cursor = window.transcript.editor.textCursor()
    assert feature.hits[1].src[0] <= cursor.selectionStart() < feature.hits[1].src[1]
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)          # closing the find bar clears them
    assert _hit_boxes(window) == [] and feature.hits == []


def test_scan_hits_where_the_transcript_has_none(qtbot, window, tmp_path):
    """A frame with OCR and no transcript: the find bar steps through the scan's hits."""
    from PIL import Image

    from reel import open_reel
    from tests.test_window_ocr import SAMPLE, _recognise
    folder = tmp_path / "scans"
    folder.mkdir()
    Image.fromarray(open_reel(SAMPLE).render(2)).save(folder / "page1.png")
    open_and_wait(qtbot, window, folder)
    _recognise(qtbot, window)
    bar = _find(qtbot, window, "Soviet")
    feature = window.features["search_hits"]
    assert len(feature.hits) >= 4 and all(h.src is None for h in feature.hits)
    assert bar.status.text() == f"Not in the transcript; {len(feature.hits)} on the scan"
    assert feature.current == 0
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert feature.current == 1
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert feature.current == 0
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)   # wraps round
    assert feature.current == len(feature.hits) - 1


def test_library_hit_outlined_on_the_scan(qtbot, window):
    """A hit of Search the Library (Ctrl+Shift+F) opened at its frame: its words are in the
    find bar and outlined on the scan, each word anywhere, as the library found them."""
    from tests.test_window_ocr import SAMPLE, _recognise
    open_and_wait(qtbot, window, SAMPLE, frame=2)
    _recognise(qtbot, window)                             # its text goes into the library too
    window.session.go_to(1)
    dialog = window.features["annotations"].dialog
    window.actions["search_library"].trigger()
    dialog.query.setText("Volgales Kuznetsov")
    dialog.search()          # may end before a waitSignal could connect: wait for its hits
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=20000)
    row = next(i for i, h in enumerate(dialog.hits) if h.frame == 2)
    item = dialog.results.item(row)
    dialog.results.itemClicked.emit(item)
    assert window.session.frame == 2
    bar, feature = window.features["find"], window.features["search_hits"]
    assert bar.isVisible() and bar.field.text() == "Volgales Kuznetsov"
    assert window.transcript.editor.textCursor().selectedText() == "Volgales"   # as the dialog left it
    qtbot.waitUntil(lambda: len(feature.hits) == 2 and all(h.src for h in feature.hits),
                    timeout=5000)                         # the OCR, from the cache, then aligned
    text = window.transcript.editor.toPlainText()
    assert [h.src[0] for h in feature.hits] == [text.index("Volgales"), text.index("Kuznetsov")]
    assert feature.current == 0
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert _hit_boxes(window) == []
