"""Running an export in a worker process, with progress and cancel (for the window).

PyMuPDF holds the GIL while it writes, so an export on a thread would freeze the GUI;
it runs in a process of ``work.ProcessPool`` instead.  Progress comes back through a
queue and cancel goes out through an event, both from a ``multiprocessing.Manager``
(their proxies pickle into the spawned worker):

    job = ExportJob.start(pool, reel_path, out_path, ExportOptions(...), password=None)
    # on a QTimer, on the GUI thread:
    for done, total, message in job.progress():  ...update the status bar...
    job.cancel()                   # from the Cancel button
    job.future.add_done_callback(...)   # -> ExportReport (report.cancelled, report.failed)
    job.close()                    # when done and the last progress is read

Everything here is Qt-free; the window wires it to widgets.
"""
from __future__ import annotations

import multiprocessing
import queue
from concurrent.futures import Future
from dataclasses import dataclass

from .api import export_reel
from .options import ExportOptions
from .report import ExportReport

__all__ = ["run_export", "ExportJob"]


def run_export(reel_path: str, out_path: str, options: ExportOptions, progress_queue=None,
               cancel_event=None) -> ExportReport:
    """The job a worker process runs: ``export_reel`` with progress sent to the queue and
    cancel read from the event."""
    def progress(done: int, total: int, message: str) -> None:
        if progress_queue is not None:
            try:
                progress_queue.put_nowait((done, total, message))
            except Exception:
                pass   # a full or closed queue must not stop the export

    def cancelled() -> bool:
        return cancel_event is not None and cancel_event.is_set()

    return export_reel(reel_path, out_path, options, progress=progress, cancelled=cancelled)


@dataclass
class ExportJob:
    future: Future
    _queue: object
    _event: object
    _manager: object

    @classmethod
    def start(cls, pool, reel_path, out_path, options: ExportOptions,
              password: str | None = None) -> "ExportJob":
        """Submit an export to ``pool`` (a work.ProcessPool or any executor with submit)."""
        if password is not None:
            from dataclasses import replace
            options = replace(options, password=password)
        manager = multiprocessing.get_context("spawn").Manager()
        q, ev = manager.Queue(), manager.Event()
        future = pool.submit(run_export, str(reel_path), str(out_path), options, q, ev)
        return cls(future, q, ev, manager)

    def progress(self) -> list[tuple[int, int, str]]:
        """Progress reports that arrived since the last call (never blocks)."""
        out = []
        try:
            while True:
                out.append(self._queue.get_nowait())
        except (queue.Empty, EOFError, OSError, BrokenPipeError):
            pass
        return out

    def cancel(self) -> None:
        """Ask the export to stop; it stops between frames and writes nothing."""
        try:
            self._event.set()
        except (EOFError, OSError, BrokenPipeError):
            pass

    def close(self) -> None:
        """Stop the manager process once the job is done and its progress read."""
        self._manager.shutdown()
