"""File > Export from the window: runs in a worker process, reports progress, can be cancelled."""
import pymupdf

from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)


def test_export_from_the_window(qtbot, window, small_pdf, tmp_path):
    from export.options import ExportOptions
    small_pdf.with_suffix(".md").write_text("<!-- frame 1 -->\nA ~~clear~~ <sup>clearer</sup> picture.\n")
    open_and_wait(qtbot, window, small_pdf)
    out = tmp_path / "out" / "export.pdf"
    out.parent.mkdir()
    progress = []
    feature = window.features["export"]
    with qtbot.waitSignal(window.runner.started, timeout=5000) as started:
        feature.start(out, ExportOptions(transcript="after"))
    task = started.args[0]
    task.progress.connect(lambda d, t, m: progress.append((d, t)))
    with qtbot.waitSignal(task.succeeded, timeout=60000) as done:
        pass
    report = done.args[0]
    assert report.ok and not report.failed
    doc = pymupdf.open(out)
    assert doc.page_count >= 5
    assert progress and progress[-1][0] == progress[-1][1]
    assert not list(small_pdf.parent.glob("*annotated*"))  # nothing written beside the reel


def test_export_can_be_cancelled(qtbot, window, small_pdf, tmp_path):
    from export.options import ExportOptions
    open_and_wait(qtbot, window, small_pdf)
    out = tmp_path / "cancelled.pdf"
    task = window.features["export"].start(out, ExportOptions())
    task.cancel()
    with qtbot.waitSignal(task.ended, timeout=60000):
        pass
    # cancelled before the first frame, or finished first on a fast machine: never half a file
    assert not out.exists() or pymupdf.open(out).page_count == 5
