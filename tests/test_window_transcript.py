"""The transcript pane in the real window: highlighting at the right offsets, incremental
re-highlighting, stamp blocks painted as cards, the legend, and the Diplomatic | Reading
toggle."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument

from transcript.styles import STYLES
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)

SUPER = QTextCharFormat.VerticalAlignment.AlignSuperScript

FRAME_1 = (
    "a ~~clear~~ <sup>clearer</sup> picture\n"          # block 0
    "\n"
    "REVIEWED BY JB/Amv DATE 3/2/88  \n"                 # block 2
    "☒ RELEASE ☐ DECLASSIFY  \n"                         # block 3
    "\n"
    "Drafted by A. Akalovsky\n"                          # block 5: after the stamp
    "~~XXXXXXXX~~ ~~SECRET~~ █████ [redacted]\n"         # block 6
    "~~SECRET~~\n"                                       # block 7
    "**01117**\n"                                        # block 8
    "**1962/11/08**\n"                                   # block 9
)


def _format_at(editor, block_no: int, column: int) -> QTextCharFormat:
    block = editor.document().findBlockByNumber(block_no)
    for r in block.layout().formats():
        if r.start <= column < r.start + r.length:
            return QTextCharFormat(r.format)
    return QTextCharFormat()


def _fg(fmt) -> str:
    return fmt.foreground().color().name()


def _bg(fmt) -> str:
    return fmt.background().color().name() if fmt.background().style() != Qt.BrushStyle.NoBrush else ""


def _open(qtbot, window, pdf, frame_1=FRAME_1, rest="<!-- frame 2 -->\nSecond page.\n"):
    pdf.with_suffix(".md").write_text("<!-- frame 1 -->\n" + frame_1 + rest, encoding="utf-8")
    open_and_wait(qtbot, window, pdf)
    return window.transcript.editor


def test_each_kind_has_its_format_at_its_offsets(qtbot, window, small_pdf):
    editor = _open(qtbot, window, small_pdf)
    assert window.transcript.text() == FRAME_1
    red, blue = STYLES["deletion"].color, STYLES["insertion"].color
    # "a ~~clear~~ <sup>clearer</sup> picture": the struck word at 4..9, its tildes at 2 and 9
    plain = _format_at(editor, 0, 0)
    assert not plain.fontStrikeOut() and _fg(plain) != red
    for col in range(4, 9):
        f = _format_at(editor, 0, col)
        assert f.fontStrikeOut() and _fg(f) == red, col
    tilde = _format_at(editor, 0, 2)
    assert not tilde.fontStrikeOut() and tilde.foreground().color().alpha() < 255   # faded
    # the inserted word raised and blue at 17..24; the pair tinted as a correction
    for col in range(17, 24):
        f = _format_at(editor, 0, col)
        assert f.verticalAlignment() == SUPER and _fg(f) == blue, col
    assert _bg(_format_at(editor, 0, 11)) == STYLES["correction"].background   # the space between
    assert _format_at(editor, 0, 31).verticalAlignment() != SUPER            # "picture"
    # the stamp: tinted lines, the ticked box and its decision marked, the empty box not
    assert _bg(_format_at(editor, 2, 4)) == STYLES["stamp"].background
    ticked, label = _format_at(editor, 3, 0), _format_at(editor, 3, 3)
    assert _fg(ticked) == STYLES["checkbox_ticked"].color and ticked.fontWeight() >= 700
    assert label.fontWeight() >= 700 and _fg(label) == STYLES["checkbox_ticked"].color
    assert _format_at(editor, 3, 12).fontWeight() < 700                    # "DECLASSIFY" not ticked
    assert _bg(_format_at(editor, 5, 3)) != STYLES["stamp"].background     # the stamp has ended
    # x-out grey and struck; a struck SECRET inside a line is a deletion; redactions black
    xout = _format_at(editor, 6, 4)
    assert xout.fontStrikeOut() and _fg(xout) == STYLES["xout"].color
    assert _fg(_format_at(editor, 6, 17)) == red
    block = _format_at(editor, 6, 25)
    assert _bg(block) == STYLES["redaction"].background and _fg(block) == _bg(block)
    words = _format_at(editor, 6, 32)
    assert _bg(words) == STYLES["redaction"].background and _fg(words) == STYLES["redaction"].color
    # a struck classification marking alone on its line; the fiche header
    marking = _format_at(editor, 7, 4)
    assert marking.fontStrikeOut() and _fg(marking) == STYLES["classification_struck"].color
    assert marking.fontWeight() >= 700
    header = _format_at(editor, 8, 3)
    assert _bg(header) == STYLES["header"].background and header.fontWeight() >= 700
    assert _bg(_format_at(editor, 9, 5)) == STYLES["header"].background


def test_highlight_follows_typing(qtbot, window, small_pdf):
    editor = _open(qtbot, window, small_pdf)
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(5).position())
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "~~Drafted~~ ")
    assert _format_at(editor, 5, 4).fontStrikeOut()
    assert window.session.frame_text(1).splitlines()[5].startswith("~~Drafted~~ ")
    # an unclosed ~~ is plain text, as the parser says
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "not ~~closed")
    last = editor.document().blockCount() - 1
    assert not _format_at(editor, last, 8).fontStrikeOut()


def test_frame_markers_dimmed_and_astral_characters(qtbot):
    from ui.highlighter import MarkupHighlighter
    doc = QTextDocument()
    doc.setPlainText("<!-- frame 3 -->\n📜 a ~~gone~~ b\n")
    hl = MarkupHighlighter(doc)
    qtbot.waitUntil(lambda: bool(doc.findBlockByNumber(1).layout().formats()), timeout=2000)
    assert hl.document() is doc

    def fmt(block_no, col):
        for r in doc.findBlockByNumber(block_no).layout().formats():
            if r.start <= col < r.start + r.length:
                return QTextCharFormat(r.format)
        return QTextCharFormat()

    assert _fg(fmt(0, 5)) == STYLES["frame_marker"].color and fmt(0, 5).fontItalic()
    # Qt counts the scroll as two UTF-16 units: "gone" sits at 7..11, not 6..10
    assert fmt(1, 7).fontStrikeOut() and fmt(1, 10).fontStrikeOut()
    assert not fmt(1, 12).fontStrikeOut()


def test_only_the_changed_block_is_rehighlighted(qtbot):
    from ui.highlighter import STAMP_LINE, MarkupHighlighter

    class Counting(MarkupHighlighter):
        calls = 0

        def highlightBlock(self, text):
            Counting.calls += 1
            super().highlightBlock(text)

    doc = QTextDocument()
    doc.documentLayout()    # a document tells of changes (and gets them highlighted) once laid out
    body = "".join(f"Paragraph {i} with a ~~word~~ <sup>term</sup> in it.\n" for i in range(300))
    doc.setPlainText(body + "☐ RELEASE ☒ DENY\nDate: 2/12/92\n" + body)
    hl = Counting(doc)      # highlights the whole document once the event loop runs
    qtbot.waitUntil(lambda: Counting.calls >= doc.blockCount(), timeout=5000)
    assert hl.document() is doc
    assert doc.findBlockByNumber(300).userState() & STAMP_LINE
    assert doc.findBlockByNumber(301).userState() & STAMP_LINE      # a field line goes on the stamp

    Counting.calls = 0
    cursor = QTextCursor(doc.findBlockByNumber(150))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord)
    cursor.insertText("x")
    assert Counting.calls == 1                                      # one keystroke, one line

    # a line that becomes a stamp line changes what the next line is: Qt goes on
    # only as far as the state changes
    Counting.calls = 0
    QTextCursor(doc.findBlockByNumber(299)).insertText("☐ ")
    assert 2 <= Counting.calls <= 4
    assert doc.findBlockByNumber(299).userState() & STAMP_LINE


def test_stamp_painted_as_a_card_across_the_width(qtbot, window, small_pdf):
    editor = _open(qtbot, window, small_pdf)
    qtbot.waitUntil(lambda: editor.document().findBlockByNumber(3).userState() > 0, timeout=2000)
    image = editor.viewport().grab().toImage()
    right = editor.viewport().width() - 8

    def colour_at(block_no):
        geo = editor.blockBoundingGeometry(editor.document().findBlockByNumber(block_no))
        y = int(geo.translated(editor.contentOffset()).center().y())
        return image.pixelColor(right * image.width() // editor.viewport().width(),
                                y * image.height() // editor.viewport().height()).name()

    tint = QColor(STYLES["stamp"].background).name()
    assert colour_at(2) == tint and colour_at(3) == tint          # far right of the stamp lines
    assert colour_at(0) != tint and colour_at(5) != tint


def test_legend_names_the_kinds_in_their_colours(qtbot, window):
    legend = window.transcript.legend
    assert legend.isVisible()
    html = legend.text()
    for key in ("deletion", "insertion", "stamp", "classification", "xout", "redaction", "header",
                "frame_marker"):
        assert STYLES[key].color in html, key
        assert STYLES[key].label in legend.toolTip(), key


def test_reading_toggle(qtbot, window, small_pdf):
    editor = _open(qtbot, window, small_pdf)
    pane = window.transcript
    cursor = editor.textCursor()
    cursor.setPosition(FRAME_1.index("picture"))
    editor.setTextCursor(cursor)
    with qtbot.waitSignal(pane.readingReady, timeout=5000):
        qtbot.mouseClick(pane.reading_button, Qt.MouseButton.LeftButton)
    assert pane.is_reading and pane.stack.currentWidget() is pane.reading
    text = pane.reading.toPlainText()
    assert text.startswith("a clearer picture\n")
    assert "clear~~" not in text and "<sup>" not in text and "Drafted by A. Akalovsky" in text
    assert pane.reading.isReadOnly()
    # the cursor keeps its place in the text
    assert text[pane.reading.textCursor().position():].startswith("picture")
    r = pane.reading.textCursor()
    r.setPosition(text.index("Akalovsky"))
    pane.reading.setTextCursor(r)
    qtbot.mouseClick(pane.diplomatic_button, Qt.MouseButton.LeftButton)
    assert pane.stack.currentWidget() is editor and not pane.is_reading
    assert FRAME_1[editor.textCursor().position():].startswith("Akalovsky")
    # turning the page in reading mode shows that page's reading text
    pane.show_reading(True)
    with qtbot.waitSignal(pane.readingReady, timeout=5000):
        window.actions["next_frame"].trigger()
    assert pane.reading.toPlainText() == "Second page.\n"
    # an undo while reading updates the reading text
    pane.show_reading(False)
    qtbot.keyClicks(editor, "Really ")
    pane.show_reading(True)
    qtbot.waitUntil(lambda: pane.reading.toPlainText().startswith("Really"), timeout=5000)
    with qtbot.waitSignal(pane.readingReady, timeout=5000):
        window.actions["undo"].trigger()
    assert pane.reading.toPlainText() == "Second page.\n"
