"""The one path for background work in the window.

run_task(fn, ...) runs fn on a QThreadPool thread and posts its result, progress and
errors back to the GUI thread as signals. fn does not touch widgets; it gets a
TaskContext to report progress and to notice cancellation. Work that holds the GIL
(PyMuPDF, Tesseract, OpenCV-heavy analysis) is sent on from there to a process pool
(work.ProcessPool), so the thread only waits.
"""
from __future__ import annotations

import threading
import time
import traceback

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from library import LibraryError
from reel import ReelError
from work import LazyPool, PoolClosed

# Errors that are about the user's input, with a message made for them: no trace.
EXPECTED: tuple[type[Exception], ...] = (ReelError, LibraryError, OSError)


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class TaskContext:
    def __init__(self, task: "Task"):
        self._task = task
        self._event = threading.Event()
        self.started = time.monotonic()

    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, message: str = "") -> None:
        try:
            self._task.progress.emit(done, total, message)
        except RuntimeError:
            pass  # the receiver is gone (window closed)


class Task(QObject):
    progress = Signal(int, int, str)   # done, total, message
    succeeded = Signal(object)
    failed = Signal(object)            # the exception; user_message(exc) says it
    cancelled = Signal()
    ended = Signal()                   # after any of the three above

    def __init__(self, name: str, cancellable: bool = True):
        super().__init__()
        self.name = name
        self.cancellable = cancellable
        self.context = TaskContext(self)
        self.running = True

    def cancel(self) -> None:
        self.context._event.set()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn, args, kwargs):
        super().__init__()
        self.setAutoDelete(True)
        self._task, self._fn, self._args, self._kwargs = task, fn, args, kwargs

    def run(self) -> None:
        task = self._task
        try:
            result = self._fn(*self._args, ctx=task.context, **self._kwargs)
        except (Cancelled, PoolClosed):   # the user cancelled, or the window is closing
            self._emit(task.cancelled)
        except Exception as exc:  # the user sees the message
            if not isinstance(exc, EXPECTED):
                traceback.print_exc()  # our fault: keep the trace for the report
            self._emit(task.failed, exc)
        else:
            if task.context.cancelled():
                self._emit(task.cancelled)
            else:
                self._emit(task.succeeded, result)
        finally:
            task.running = False
            self._emit(task.ended)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            pass


def close_with(window, pools: LazyPool, kill: bool = True) -> None:
    """Stop POOLS' workers when WINDOW goes, and at Quit, which may end the event loop before
    the closed window is deleted (Python's exit would then wait on the frame they are on).
    KILL: what they are doing is worth nothing once the window is gone."""
    window.destroyed.connect(lambda: pools.close(kill))
    QCoreApplication.instance().aboutToQuit.connect(lambda: pools.close(kill))


def user_message(exc: BaseException) -> str:
    """One line for a dialog: our errors carry their own; others say they are ours."""
    text = str(exc).strip()
    return text if text else f"{type(exc).__name__} (an internal error; please report it)"


class _Receiver(QObject):
    """Delivers one task's results to its callbacks. A child of the runner: when the
    window (and with it the runner) goes, Qt drops these connections, so a task that
    outlives its window never calls into deleted widgets."""

    def __init__(self, runner, task: Task, on_done, on_error, on_progress):
        super().__init__(runner)
        self._callbacks = (on_done, on_error, on_progress)
        task.succeeded.connect(self.succeeded)
        task.failed.connect(self.failed)
        task.progress.connect(self.progress)
        task.ended.connect(self.deleteLater)

    def succeeded(self, result) -> None:
        if self._callbacks[0]:
            self._callbacks[0](result)

    def failed(self, exc) -> None:
        if self._callbacks[1]:
            self._callbacks[1](exc)

    def progress(self, done: int, total: int, message: str) -> None:
        if self._callbacks[2]:
            self._callbacks[2](done, total, message)


# Most tasks spend their time waiting on a worker process (rendering, OCR, analysis) or on
# SQLite, not on a core. Qt's default of one thread per core let two such waits (say, the
# marks of two frames being found) hold back a library search for seconds on two cores.
WAITING_THREADS = 8


def _shared_pool() -> QThreadPool:
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < WAITING_THREADS:
        pool.setMaxThreadCount(WAITING_THREADS)
    return pool


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they end; emits started(task) for the status bar."""

    started = Signal(object)

    def __init__(self, parent=None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool or _shared_pool()
        self._tasks: set[Task] = set()
        self._held: list[_Runnable] | None = None   # tasks waiting for release()

    def run(self, name: str, fn, *args, on_done=None, on_error=None, on_progress=None,
            cancellable: bool = True, **kwargs) -> Task:
        task = Task(name, cancellable)
        if on_done or on_error or on_progress:
            _Receiver(self, task, on_done, on_error, on_progress)
        self._tasks.add(task)
        task.ended.connect(lambda: self._tasks.discard(task))
        self.started.emit(task)
        runnable = _Runnable(task, fn, args, kwargs)
        if self._held is not None:
            self._held.append(runnable)
        else:
            self._pool.start(runnable)
        return task

    def hold(self) -> None:
        """Start no task until release(): while the frame the user waits for renders, a
        task's thread (reading a cache, say) would take the GIL and a core from it."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        held, self._held = self._held or [], None
        for runnable in held:
            self._pool.start(runnable)

    def active(self) -> list[Task]:
        return [t for t in self._tasks if t.running]

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)
