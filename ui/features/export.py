"""File > Export…: the export runs in a worker process, with progress and cancel."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from export.worker import ExportJob
from work import ProcessPool

from ..export_dialog import ExportDialog
from ..tasks import user_message


def run_export_job(pool, reel_path: str, out_path: str, options, password, ctx) -> object:
    """On a worker thread: start the export in a process and relay its progress and cancel."""
    job = ExportJob.start(pool, reel_path, out_path, options, password=password)
    try:
        while not job.future.done():
            for done, total, message in job.progress():
                ctx.progress(done, total, message or "Exporting")
            if ctx.cancelled():
                job.cancel()
            time.sleep(0.1)
        for done, total, message in job.progress():
            ctx.progress(done, total, message or "Exporting")
        return job.future.result()
    finally:
        job.close()


class ExportFeature:
    def __init__(self, window):
        self.window = window
        self._pool: ProcessPool | None = None
        action = QAction("&Export…", window)
        action.setObjectName("export")
        action.setShortcut(QKeySequence("Ctrl+E"))
        action.setStatusTip("Export the reel as an annotated PDF, TEI, text, hOCR or JSON")
        action.triggered.connect(self.ask)
        window.addAction(action)
        window.actions["export"] = action
        menu = window.menus["File"]
        menu.insertAction(window.actions["close"], action)
        menu.insertSeparator(window.actions["close"])

    def pool(self) -> ProcessPool:
        if self._pool is None:   # started on first use: most sessions never export
            self._pool = ProcessPool(workers=1)
            self.window.destroyed.connect(lambda: self._pool.shutdown())
        return self._pool

    def ask(self) -> None:
        s = self.window.session
        if not s.reel:
            return
        dialog = ExportDialog(s.reel.name, s.frame, s.count, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            options = dialog.options(s.frame)
        except ValueError as exc:
            QMessageBox.warning(self.window, "Cannot Export", str(exc))
            return
        self.start(dialog.out_path(), options)

    def start(self, out_path: Path, options):
        s = self.window.session
        return self.window.runner.run(f"Exporting {Path(out_path).name}", run_export_job, self.pool(),
                                      str(s.reel.path), str(out_path), options, s.password,
                                      on_done=self._done, on_error=self._failed)

    def _done(self, report) -> None:
        self.window.status.showMessage(report.summary().splitlines()[0], 10000)
        if report.failed and not self.window.property("batch"):
            QMessageBox.warning(self.window, "Export Finished with Gaps", report.summary())

    def _failed(self, exc) -> None:
        if not self.window.property("batch"):
            QMessageBox.warning(self.window, "Cannot Export", user_message(exc))
        self.window.status.showMessage(f"Export failed: {user_message(exc)}", 10000)


def install(window) -> ExportFeature:
    return ExportFeature(window)
