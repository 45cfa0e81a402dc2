"""Benchmark of the transcript highlighter in Qt on a 2 MB transcript (the memorandum repeated).

Issue 4: highlighting a 2 MB transcript takes well under a second and a keystroke
re-highlights only the changed block, so typing stays fluid.  Every figure is printed
as a ratio against a baseline measured in the same run: the same text in the same kind
of QTextDocument / QPlainTextEdit with no highlighter.

* load: ``setPlainText`` of the whole transcript (what the pane does when it shows a
  text), highlighted as it loads;
* keystroke in the document: one character inserted in a prose line, in a stamp line,
  and one that makes a line a stamp line (its state changes, so Qt goes on to the next
  lines until their state settles); blocks re-highlighted are counted;
* keystroke in the editor: a key typed into a shown QPlainTextEdit and the repaint
  that follows, the pause a user could feel (median and worst of many);
* keystroke in the window: the same in the real main window showing the 2 MB
  transcript (no frame markers, so the pane holds all of it), where each key also goes
  through the undo stack, the session and the autosave, and the side panels re-parse
  the whole transcript in the background once typing pauses; typed at about 20 keys a
  second with pauses, so some keys land while that parse runs.  The baseline is the
  plain editor's keystroke above; the longest stall of the event loop is printed too.

    .venv/bin/python bench/bench_highlight.py [--mb 2] [--keys 40]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor, QTextDocument  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from bench.bench_transcript import memcon  # noqa: E402
from ui.highlighter import MarkupHighlighter  # noqa: E402
from ui.transcript_pane import TranscriptEditor  # noqa: E402


class CountingHighlighter(MarkupHighlighter):
    """The real highlighter, counting the blocks it is asked to highlight."""
    calls = 0

    def highlightBlock(self, text: str) -> None:
        CountingHighlighter.calls += 1
        super().highlightBlock(text)


def big_transcript(mb: float) -> tuple[str, int]:
    one = memcon()
    n = max(1, int(mb * 1024 * 1024 / len(one.encode("utf-8"))) + 1)
    return "".join(f"<!-- frame {i + 1} -->\n{one}" for i in range(n)), n


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def new_document(app, highlighted: bool) -> tuple[QTextDocument, MarkupHighlighter | None]:
    doc = QTextDocument()
    doc.documentLayout()       # a laid-out document reports its changes, as an editor's does
    hl = CountingHighlighter(doc) if highlighted else None
    settle(app)                # the highlighter's first (empty) pass is done
    return doc, hl


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def block_starting(doc: QTextDocument, needle: str, after: int) -> int:
    block = doc.findBlockByNumber(after)
    while block.isValid():
        if block.text().startswith(needle):
            return block.blockNumber()
        block = block.next()
    raise SystemExit(f"bench_highlight: no line starting {needle!r} in the transcript")


def document_figures(app, text: str, repeat: int) -> None:
    loads = {False: [], True: []}
    for _ in range(repeat):
        for highlighted in (False, True):
            doc, _ = new_document(app, highlighted)
            loads[highlighted].append(timed(lambda: doc.setPlainText(text)))
    base, hl = min(loads[False]), min(loads[True])
    print(f"{'load into a QTextDocument, no highlighter':52s}{base * 1e3:9.1f} ms   1.00x (baseline)")
    print(f"{'load into a QTextDocument, highlighted':52s}{hl * 1e3:9.1f} ms  {hl / base:5.2f}x")

    plain, _ = new_document(app, False)
    plain.setPlainText(text)
    doc, _ = new_document(app, True)
    doc.setPlainText(text)
    blocks = doc.blockCount()
    middle = blocks // 2
    cases = [("prose line", "Mr. Kuznetsov continued that today", 5, "x"),
             ("stamp line", "☐ EXCISE ☐ DECLASSIFY", 2, "x"),
             ("line made a stamp line", "Drafted by A. Akalovsky", 0, "☐ ")]
    for label, needle, column, typed in cases:
        k = block_starting(doc, needle, middle)
        costs = {}
        for name, d in (("plain", plain), ("highlighted", doc)):
            samples = []
            for _ in range(max(repeat, 5)):
                cursor = QTextCursor(d.findBlockByNumber(k))
                cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
                CountingHighlighter.calls = 0
                samples.append(timed(lambda: cursor.insertText(typed)))
                touched = CountingHighlighter.calls
                cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor,
                                    len(typed))
                cursor.removeSelectedText()        # back as it was for the next sample
            costs[name] = (min(samples), touched)
        (p, _), (h, touched) = costs["plain"], costs["highlighted"]
        print(f"{'keystroke in a ' + label + ' (document)':52s}{h * 1e3:9.3f} ms  {h / p:5.2f}x   "
              f"{touched} of {blocks:,} blocks re-highlighted (plain: {p * 1e3:.3f} ms)")


def editor_figures(app, text: str, keys: int) -> None:
    results = {}
    for name in ("plain QPlainTextEdit", "TranscriptEditor + highlighter"):
        if name.startswith("plain"):
            editor = QPlainTextEdit()
        else:
            editor = TranscriptEditor()
            editor.highlighter = MarkupHighlighter(editor.document())
        editor.resize(700, 900)
        editor.show()
        settle(app)
        load = timed(lambda: editor.setPlainText(text))
        settle(app)
        # type in the middle of the transcript, where the user would be working
        k = block_starting(editor.document(), "Mr. Kuznetsov continued that today",
                           editor.document().blockCount() // 2)
        cursor = QTextCursor(editor.document().findBlockByNumber(k))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfWord)
        editor.setTextCursor(cursor)
        editor.centerCursor()
        settle(app)
        samples = []
        for i in range(keys):
            t = time.perf_counter()
            QTest.keyClick(editor, Qt.Key.Key_A if i % 2 == 0 else Qt.Key.Key_Backspace)
            app.processEvents()            # the repaint the user waits for
            samples.append(time.perf_counter() - t)
        results[name] = (load, statistics.median(samples), max(samples))
        editor.close()
        editor.deleteLater()
        settle(app)
    (bl, bm, bw), (hl, hm, hw) = results.values()
    results["baseline"] = bm
    print(f"{'editor load, plain':52s}{bl * 1e3:9.1f} ms   1.00x (baseline)")
    print(f"{'editor load, highlighted':52s}{hl * 1e3:9.1f} ms  {hl / bl:5.2f}x")
    print(f"{'editor keystroke + repaint, plain (median/worst)':52s}{bm * 1e3:9.2f} ms   1.00x"
          f"   worst {bw * 1e3:.2f} ms")
    print(f"{'editor keystroke + repaint, highlighted':52s}{hm * 1e3:9.2f} ms  {hm / bm:5.2f}x"
          f"   worst {hw * 1e3:.2f} ms ({hw / bw:.2f}x)")
    return bm


def window_figures(app, text: str, keys: int, baseline: float) -> None:
    import shutil
    import tempfile

    from PySide6.QtCore import QEventLoop, QTimer

    from bench.stall import StallMeter
    from ui.app import make_render_pool
    from ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="bench-highlight-"))
    os.environ["REEL_READER_LIBRARY"] = str(tmp / "library.db")
    reel = tmp / "reel.pdf"
    shutil.copy(ROOT / "resources" / "sample-reel.pdf", reel)
    (tmp / "reel.md").write_text(text.replace("<!-- frame ", "<!-- page "), encoding="utf-8")
    pools = make_render_pool()
    win = MainWindow(pools)
    win.setProperty("batch", True)
    win.resize(1400, 900)
    win.show()
    try:
        loop = QEventLoop()
        win.report_model.updated.connect(loop.quit)
        t = time.perf_counter()
        win.open_path(reel)
        loop.exec()
        print(f"{'window: open, show and analyse the transcript':52s}{(time.perf_counter() - t) * 1e3:9.0f} ms")
        editor = win.transcript.editor
        k = block_starting(editor.document(), "Mr. Kuznetsov continued that today",
                           editor.document().blockCount() // 2)
        cursor = QTextCursor(editor.document().findBlockByNumber(k))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfWord)
        editor.setTextCursor(cursor)
        editor.centerCursor()
        editor.setFocus()
        settle(app)
        samples, meter = [], StallMeter()
        parses = [0]
        win.report_model.updated.connect(lambda _: parses.__setitem__(0, parses[0] + 1))
        meter.start()
        for i in range(keys):
            t = time.perf_counter()
            QTest.keyClick(editor, Qt.Key.Key_A if i % 2 == 0 else Qt.Key.Key_Backspace)
            app.processEvents()
            samples.append(time.perf_counter() - t)
            pause = QEventLoop()                   # a typist's rhythm, with a pause now and then
            QTimer.singleShot(400 if i % 10 == 9 else 50, pause.quit)
            pause.exec()
        stall = meter.stop()
        med, worst = statistics.median(samples), max(samples)
        print(f"{'window keystroke + repaint (median)':52s}{med * 1e3:9.2f} ms  {med / baseline:5.2f}x")
        print(f"{'window keystroke + repaint (worst)':52s}{worst * 1e3:9.2f} ms  {worst / baseline:5.2f}x"
              f"   ({parses[0]} background re-parses meanwhile)")
        print(f"{'window: longest event-loop stall while typing':52s}{stall * 1e3:9.1f} ms")
    finally:
        win.close()
        pools.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="size of the transcript in MB")
    ap.add_argument("--repeat", type=int, default=3, help="runs per load figure (best is kept)")
    ap.add_argument("--keys", type=int, default=40, help="keystrokes typed into each editor")
    args = ap.parse_args(argv)
    from ui.app import make_app
    app = make_app()           # as the application starts: its garbage-collector settings too
    text, n = big_transcript(args.mb)
    print(f"transcript: {len(text.encode('utf-8')) / 1024 / 1024:.2f} MB, "
          f"{text.count(chr(10)) + 1:,} lines, memorandum x {n}")
    document_figures(app, text, args.repeat)
    baseline = editor_figures(app, text, args.keys)
    window_figures(app, text, args.keys, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
