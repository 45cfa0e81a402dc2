"""The transcript pane's highlighting, the reading toggle, and the Documents, Corrections
and Stamps panels on the sample reel."""
from PySide6.QtGui import QTextCharFormat

from tests.conftest import ROOT
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


def _format_at(editor, block_no, column):
    block = editor.document().findBlockByNumber(block_no)
    ranges = block.layout().formats()
    for r in ranges:
        if r.start <= column < r.start + r.length:
            return QTextCharFormat(r.format)
    return QTextCharFormat()


def test_highlighting_and_reading_toggle(qtbot, window, small_pdf):
    small_pdf.with_suffix(".md").write_text(
        "<!-- frame 1 -->\na ~~clear~~ <sup>clearer</sup> picture\nREVIEWED BY JB/Amv DATE 3/2/88  \n"
        "☒ RELEASE ☐ DECLASSIFY  \n")
    open_and_wait(qtbot, window, small_pdf)
    editor = window.transcript.editor
    assert _format_at(editor, 0, 4).fontStrikeOut()                       # ~~clear~~ struck
    assert _format_at(editor, 0, 18).verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignSuperScript
    assert _format_at(editor, 2, 4).background().color().name() == "#e8f6f3"   # stamp block tinted
    assert _format_at(editor, 2, 0).foreground().color().name() == "#117a65"   # its ticked box
    assert not _format_at(editor, 0, 0).fontStrikeOut()
    window.transcript.show_reading(True)
    assert window.transcript.reading.toPlainText().startswith("a clearer picture")
    assert window.transcript.reading.isReadOnly()
    window.transcript.show_reading(False)
    assert window.transcript.stack.currentWidget() is editor


def test_panels_on_the_sample_reel(qtbot, window):
    open_and_wait(qtbot, window, SAMPLE, frame=3)
    model = window.report_model
    qtbot.waitUntil(lambda: model.analysis is not None, timeout=10000)
    docs, corrections, stamps = window.side_panels[:3]
    rows = [docs.tree.topLevelItem(i).text(1) for i in range(docs.tree.topLevelItemCount())]
    assert rows[0] == "01117" and any("target" in r for r in rows) and any("title frame" in r for r in rows)
    assert "1 document" in docs.summary.text()
    assert corrections.tree.topLevelItemCount() >= 21
    assert stamps.tree.topLevelItemCount() == 2
    assert "3/2/88" in stamps.summary.text() and "DENY" in stamps.summary.text()
    assert "RELEASE, DECLASSIFY" in stamps.summary.text()
    # click a correction: its frame is shown and the span selected
    item = next(corrections.tree.topLevelItem(i) for i in range(corrections.tree.topLevelItemCount())
                if corrections.tree.topLevelItem(i).text(2) == "clearer")
    corrections._activated(item)
    assert window.session.frame == int(item.text(0))
    assert "clearer" in window.transcript.editor.textCursor().selectedText()
    # the panels follow edits
    window.transcript.editor.moveCursor(window.transcript.editor.textCursor().MoveOperation.End)
    before = corrections.tree.topLevelItemCount()
    qtbot.keyClicks(window.transcript.editor, " ~~old~~ <sup>new</sup>")
    qtbot.waitUntil(lambda: corrections.tree.topLevelItemCount() == before + 1, timeout=5000)
