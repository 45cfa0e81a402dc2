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
    bar.field.setText("Havana")
    assert bar.status.text() == "Not found"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
