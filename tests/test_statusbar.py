"""The status bar's progress: the newest task shows; a long one comes back when it ends."""
from ui.app import make_app
from ui.statusbar import ReelStatusBar
from ui.tasks import Task


def test_a_long_task_comes_back_after_a_short_one(qtbot):
    make_app()
    bar = ReelStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    ocr, save = Task("OCR of untranscribed frames"), Task("Saving", cancellable=False)
    bar.track(ocr)
    ocr.progress.emit(10, 400, "OCR of untranscribed frames")
    assert bar.task_label.text().startswith("OCR of untranscribed frames 10/400")
    bar.track(save)                                     # a short task takes the bar ...
    assert bar.task_label.text() == "Saving" and not bar.cancel.isVisible()
    ocr.progress.emit(12, 400, "OCR of untranscribed frames")
    save.ended.emit()                                   # ... and gives it back when done
    assert bar.task_label.text().startswith("OCR of untranscribed frames 12/400")
    assert "left" in bar.task_label.text() and bar.cancel.isVisible()
    assert bar.progress.value() == 12 and bar.progress.maximum() == 400
    ocr.ended.emit()
    assert not bar.task_label.isVisible() and not bar.progress.isVisible()
