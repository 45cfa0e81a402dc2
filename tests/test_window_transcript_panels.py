"""The Documents, Corrections and Stamps panels on the real window: what they list for a
frame-marked transcript, for the corpus memorandum (no frame markers) and for the sample
reel; a click shows the place in the transcript; they follow the user's edits."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.conftest import SAMPLE_REEL
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)

# Five frames: a title frame, a target, two documents (the second runs onto frame 5),
# corrections on frames 3, 4 and 5, a stamp on frame 3 and one on frame 4.
REEL = """<!-- frame 1 -->
# The Test Collection

A reel of two memoranda on Cuba, 1961.
<!-- frame 2 -->
\tX\tX\tX\tX
REEL # 7\tC# 12\tDATE 1990
<!-- frame 3 -->
**00042**

**1961/04/17**

CONFIDENTIAL

SUBJECT: Landing at the Bay of ~~Pigs~~ <sup>Cochinos</sup>

The plan was ~~approved~~ and <sup>then</sup> delayed.

REVIEWED BY RS DATE 5/6/89
☐ RELEASE ☒ DENY
<!-- frame 4 -->
**00043**

**1961/04/20**

~~SECRET~~

SUBJECT: Aftermath

A ~~clear~~ <sup>clearer</sup> picture of the ~~XXXXXX~~ landing.

DEPARTMENT OF STATE
IS/FPC/CDS
☒ RELEASE ☒ DECLASSIFY
☐ EXCISE ☐ DENY
Date: 2/12/92
<!-- frame 5 -->
The ~~talks~~ <sup>meetings</sup> went on; █████ was present.
"""


def rows(tree):
    """Every row as its texts, children after their parent (indented by one space)."""
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out.append(tuple(top.text(c) for c in range(tree.columnCount())))
        for j in range(top.childCount()):
            child = top.child(j)
            out.append((" " + child.text(0),) + tuple(child.text(c) for c in range(1, tree.columnCount())))
    return out


def panels(window):
    docs, corrections, stamps = window.side_panels[:3]
    return docs, corrections, stamps


def open_reel(qtbot, window, pdf, text, frame=1):
    pdf.with_suffix(".md").write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.report_model.updated, timeout=10000):
        open_and_wait(qtbot, window, pdf, frame)
    qtbot.waitUntil(lambda: window.report_model.report is not None
                    and window.report_model.report.source == window.session.whole_text(),
                    timeout=10000)


def click(qtbot, tree, item):
    """Click a row of a tree widget (an item) or of a view on a model (an index)."""
    if hasattr(item, "isValid"):
        tree.scrollTo(item)
        rect = tree.visualRect(item)
    else:
        tree.scrollToItem(item)
        rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def find(tree, column, text):
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(column) == text:
            return item
    raise AssertionError(f"no row with {text!r} in column {column}: {rows(tree)}")


def find_correction(panel, before=None, after=None):
    """The index of the Corrections row with this struck or inserted text."""
    m = panel.table
    for r in range(m.rowCount()):
        if (before is None or m.data(m.index(r, 1)) == before) and \
                (after is None or m.data(m.index(r, 3)) == after):
            return m.index(r, 1)
    raise AssertionError(f"no correction {before!r} -> {after!r}: {panel.visible_rows()}")


def test_panels_list_a_frame_marked_reel(qtbot, window, small_pdf):
    open_reel(qtbot, window, small_pdf, REEL)
    docs, corrections, stamps = panels(window)
    assert [d.TITLE for d in window.side_panels][:3] == ["Documents", "Corrections", "Stamps"]
    assert rows(docs.tree) == [
        ("1", "Title frame", "", "", "The Test Collection"),
        ("2", "Target", "", "", ""),
        ("3", "00042", "1961/04/17", "CONFIDENTIAL", "Landing at the Bay of Cochinos"),
        ("4–5", "00043", "1961/04/20", "SECRET (struck through)", "Aftermath"),
    ]
    assert "2 documents" in docs.summary.text() and "title frame (frame 1)" in docs.summary.text()
    assert corrections.visible_rows() == [
        ("3", "Pigs", "Cochinos"), ("3", "approved", ""), ("3", "", "then"),
        ("4", "clear", "clearer"), ("5", "talks", "meetings"),
    ]
    assert "5 corrections" in corrections.summary.text() and "3 replacements" in corrections.summary.text()
    assert [c.title.text() for c in stamps.cards] == [
        "<b>1989: reviewer RS denied release</b>",
        "<b>1992: Department of State (IS/FPC/CDS) released and declassified</b>",
    ]
    first, second = (c.text() for c in stamps.cards)
    assert "☒ DENY" in first and "☐ RELEASE" in first
    assert "Reviewer\tRS" in first.replace("\n", "\t") or "Reviewer RS" in " ".join(first.split())
    assert "Frame 3" in " ".join(first.split()) and "Date 5/6/89" in " ".join(first.split())
    assert "☒ RELEASE" in second and "☒ DECLASSIFY" in second and "☐ EXCISE" in second
    assert "Office IS/FPC/CDS" in " ".join(second.split()) and "Frame 4" in " ".join(second.split())
    assert "2 review stamps, 1989–1992" in stamps.summary.text()


def test_corrections_filter_and_this_frame(qtbot, window, small_pdf):
    open_reel(qtbot, window, small_pdf, REEL, frame=3)
    corrections = window.side_panels[1]
    corrections.filter.setCurrentIndex(1)          # replacements
    assert [r[1] for r in corrections.visible_rows()] == ["Pigs", "clear", "talks"]
    corrections.filter.setCurrentIndex(3)          # insertions only
    assert corrections.visible_rows() == [("3", "", "then")]
    corrections.filter.setCurrentIndex(0)
    corrections.this_frame.setChecked(True)
    assert [r[0] for r in corrections.visible_rows()] == ["3", "3", "3"]
    window.actions["next_frame"].trigger()
    assert corrections.visible_rows() == [("4", "clear", "clearer")]
    # the rows of the frame on screen are in bold
    corrections.this_frame.setChecked(False)
    bold = Qt.ItemDataRole.FontRole
    assert corrections.table.data(find_correction(corrections, "clear"), bold).bold()
    assert not corrections.table.data(find_correction(corrections, "Pigs"), bold).bold()


def test_click_jumps_to_the_frame_and_selects_the_span(qtbot, window, small_pdf):
    open_reel(qtbot, window, small_pdf, REEL)
    docs, corrections, stamps = panels(window)
    editor = window.transcript.editor
    window.transcript.show_reading(True)           # a jump shows the markup
    click(qtbot, corrections.view, find_correction(corrections, "clear"))
    assert window.session.frame == 4 and not window.transcript.is_reading
    assert editor.textCursor().selectedText() == "~~clear~~ <sup>clearer</sup>"
    assert editor.extraSelections()                # tinted until the next edit
    click(qtbot, corrections.view, find_correction(corrections, after="then"))
    assert window.session.frame == 3 and editor.textCursor().selectedText() == "<sup>then</sup>"
    click(qtbot, docs.tree, find(docs.tree, 1, "00043"))
    assert window.session.frame == 4 and editor.textCursor().selectedText() == "**00043**"
    click(qtbot, docs.tree, find(docs.tree, 1, "Target"))
    assert window.session.frame == 2
    # a stamp card: click it, or reach it with the keyboard and press Enter
    qtbot.mouseClick(stamps.cards[0], Qt.MouseButton.LeftButton)
    assert window.session.frame == 3
    assert editor.textCursor().selectedText().startswith("REVIEWED BY RS")
    assert editor.textCursor().selectedText().endswith("☒ DENY")
    stamps.cards[1].setFocus()
    qtbot.keyClick(stamps.cards[1], Qt.Key.Key_Return)
    assert window.session.frame == 4 and "☒ DECLASSIFY" in editor.textCursor().selectedText()
    # the tint goes with the next edit
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "x")
    assert not editor.extraSelections()


def test_documents_follow_the_frame_on_screen(qtbot, window, small_pdf):
    open_reel(qtbot, window, small_pdf, REEL)
    docs = window.side_panels[0]
    assert docs.tree.currentItem().text(1) == "Title frame"
    window.session.go_to(5)
    assert docs.tree.currentItem().text(1) == "00043"
    window.session.go_to(2)
    assert docs.tree.currentItem().text(1) == "Target"
    assert window.session.frame == 2          # following the frame is no jump


def test_panels_follow_edits(qtbot, window, small_pdf):
    open_reel(qtbot, window, small_pdf, REEL, frame=5)
    docs, corrections, stamps = panels(window)
    model = window.report_model
    editor = window.transcript.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "It was ~~late~~ <sup>early</sup>.")
    # parsed once typing pauses, off the keystroke
    assert corrections.visible_rows()[-1] == ("5", "talks", "meetings")
    qtbot.waitUntil(lambda: corrections.visible_rows()[-1] == ("5", "late", "early"), timeout=5000)
    # a new fiche header on frame 5 starts a document there
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    editor.insertPlainText("**00044**\n\n**1961/05/01**\n\nSUBJECT: Talks\n\n")
    qtbot.waitUntil(lambda: ("5", "00044", "1961/05/01", "", "Talks") in rows(docs.tree), timeout=5000)
    assert ("4", "00043", "1961/04/20", "SECRET (struck through)", "Aftermath") in rows(docs.tree)
    # ticking a box on frame 3's stamp changes its card
    window.session.go_to(3)
    text = window.transcript.text()
    cursor = editor.textCursor()
    cursor.setPosition(text.index("☐ RELEASE"))
    cursor.setPosition(text.index("☐ RELEASE") + 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.insertPlainText("☒")       # QTest types ASCII only; this is the same edit path
    qtbot.waitUntil(lambda: stamps.cards and stamps.cards[0].title.text()
                    == "<b>1989: reviewer RS released and denied release</b>", timeout=5000)
    # an undo is an edit too
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: stamps.cards[0].title.text() == "<b>1989: reviewer RS denied release</b>",
                    timeout=5000)
    assert model.report.source == window.session.whole_text()


def test_memorandum_without_frame_markers(qtbot, window, small_pdf, corpus):
    memo = (corpus / "transcripts" / "reel-memcon-1962-11-08.md").read_text(encoding="utf-8")
    open_reel(qtbot, window, small_pdf, memo)
    docs, corrections, stamps = panels(window)
    assert rows(docs.tree)[0] == ("—", "01117", "1962/11/08", "SECRET (struck through)", "CUBA")
    # read from the memorandum: the 1988 review denied release and set the classification,
    # the 1992 review by the Department of State released and declassified it
    assert [c.title.text() for c in stamps.cards] == [
        "<b>1988: reviewer JB/Amv denied release, classified CONFIDENTIAL and downgraded "
        "from TOP SECRET to CONFIDENTIAL</b>",
        "<b>1992: Department of State (IS/FPC/CDS) released and declassified</b>",
    ]
    assert "☐ DECLASSIFY IN PART" in stamps.cards[0].text()
    pairs = [(r[1], r[2]) for r in corrections.visible_rows()]
    for pair in [("clear", "clearer"), ("acted with regard", "aircraft"), ("subsequent", "further")]:
        assert pair in pairs
    assert all(r[0] == "" for r in corrections.visible_rows())      # no frames to name
    # a click selects the span in the whole transcript on screen
    click(qtbot, corrections.view, find_correction(corrections, after="aircraft"))
    assert window.session.frame == 1
    assert window.transcript.editor.textCursor().selectedText() == "~~acted with regard~~ <sup>aircraft</sup>"


def test_panels_on_the_sample_reel(qtbot, window):
    with qtbot.waitSignal(window.report_model.updated, timeout=10000):
        open_and_wait(qtbot, window, SAMPLE_REEL, frame=3)
    docs, corrections, stamps = panels(window)
    table = rows(docs.tree)
    assert table[0][:2] == ("1–22", "01117") and table[0][4] == "CUBA"
    assert (" 1–11", "first part", "", "", "") in table and (" 15–22", "continued", "", "", "") in table
    kinds = [r[1] for r in table]
    assert "Title frame" in kinds and "Target" in kinds and "Finding aid" in kinds
    corrections.filter.setCurrentIndex(1)          # replacements: the memorandum's 21
    assert len(corrections.visible_rows()) == 21
    corrections.filter.setCurrentIndex(0)
    assert [c.title.text()[3:7] for c in stamps.cards] == ["1988", "1992"]
    click(qtbot, corrections.view, find_correction(corrections, after="clearer"))
    assert window.session.frame == 10
    assert window.transcript.editor.textCursor().selectedText() == "<sup>clearer</sup> ~~clear~~"


def test_long_transcript_analysed_in_a_worker_process(qtbot, window, small_pdf, monkeypatch):
    import ui.report_model
    monkeypatch.setattr(ui.report_model, "PROCESS_THRESHOLD", 0)   # as for a whole long reel
    open_reel(qtbot, window, small_pdf, REEL)
    assert window.report_model._pools.started                       # it went to the process
    docs, corrections, stamps = panels(window)
    assert [r[1] for r in rows(docs.tree)] == ["Title frame", "Target", "00042", "00043"]
    assert ("4", "clear", "clearer") in corrections.visible_rows()
    assert len(stamps.cards) == 2
    click(qtbot, corrections.view, find_correction(corrections, "talks"))
    assert window.session.frame == 5
    assert window.transcript.editor.textCursor().selectedText() == "~~talks~~ <sup>meetings</sup>"


def test_jump_past_characters_qt_counts_twice(qtbot, window, small_pdf):
    # Qt counts a character outside the Basic Multilingual Plane as two positions
    open_reel(qtbot, window, small_pdf, "<!-- frame 1 -->\n📜📜 Seen: a ~~b~~ <sup>c</sup> d\n")
    corrections = window.side_panels[1]
    click(qtbot, corrections.view, find_correction(corrections, "b"))
    assert window.transcript.editor.textCursor().selectedText() == "~~b~~ <sup>c</sup>"
    # and the reading view keeps the place too
    pane = window.transcript
    with qtbot.waitSignal(pane.readingReady, timeout=5000):
        pane.show_reading(True)
    text = pane.reading.toPlainText()
    assert text == "📜📜 Seen: a c d\n"
    after_cursor = text.encode("utf-16-le")[2 * pane.reading.textCursor().position():].decode("utf-16-le")
    assert after_cursor == " d\n"            # right after the inserted "c", where the editor's was
