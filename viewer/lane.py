"""A render lane: one spawned worker process fed through its own pipe, one job at a time.

work.ProcessPool (a ProcessPoolExecutor) hands every job through two threads of its own
(a management thread and a queue feeder) each way, which on a busy GUI process costs
about a millisecond a frame; here the caller writes the job straight into the worker's
pipe when the worker is idle, and one thread reads the results. Same face as ProcessPool:
submit() -> Future, closed, shutdown(). Jobs are module-level functions with picklable
arguments and results; a worker that dies (a hostile file can crash MuPDF) fails its job
with BrokenProcessPool and is started afresh for the next.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from work import PoolClosed, lower_priority


def _call(fn, args, kwargs) -> tuple:
    try:
        return (True, fn(*args, **kwargs))
    except BaseException as exc:  # noqa: BLE001 - handed back to the caller
        return (False, exc)


class _Niced:
    """A thread at a lower CPU priority that runs the worker's ordinary jobs, so that an
    urgent one (a band of the frame on screen) runs at full priority on the main thread.
    On Linux the nice value is a thread's own; elsewhere it is the process's, and every
    job then runs niced."""

    def __init__(self, niceness: int):
        import queue
        self._jobs, self._replies = queue.SimpleQueue(), queue.SimpleQueue()
        threading.Thread(target=self._run, args=(niceness,), daemon=True, name="niced jobs").start()

    def _run(self, niceness: int) -> None:
        lower_priority(niceness)
        while True:
            self._replies.put(_call(*self._jobs.get()))

    def call(self, fn, args, kwargs) -> tuple:
        self._jobs.put((fn, args, kwargs))
        return self._replies.get()


def _serve(conn, warm_modules: tuple[str, ...], niceness: int) -> None:
    import importlib
    for name in warm_modules:
        importlib.import_module(name)
    niced = _Niced(niceness) if niceness else None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        fn, args, kwargs, urgent = job
        reply = _call(fn, args, kwargs) if urgent or niced is None else niced.call(fn, args, kwargs)
        try:
            conn.send(reply)
        except Exception as exc:      # an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class RenderLane:
    def __init__(self, warm_modules: tuple[str, ...] = (), niceness: int = 0):
        self.workers = 1
        self.closed = False
        self._warm = tuple(warm_modules)
        self._niceness = niceness
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.RLock()   # a failed send runs callbacks, which may submit
        self._waiting: deque = deque()   # (future, job) not yet sent
        self._running: Future | None = None
        self._conn = None
        self._start()

    def _start(self) -> None:
        """Spawn a worker (not holding the lock: that takes milliseconds) and put it in use."""
        conn, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(child, self._warm, self._niceness), daemon=True,
                                 name="reel-reader render worker")
        proc.start()
        child.close()
        with self._lock:
            self._proc, self._conn = proc, conn
            self._next()
        threading.Thread(target=self._read, args=(conn,), daemon=True,
                         name="render lane results").start()

    def submit(self, fn, *args, **kwargs) -> Future:
        return self._submit((fn, args, kwargs, False))

    def submit_urgent(self, fn, *args, **kwargs) -> Future:
        """As submit, but run at the usual CPU priority in a lane made with a niceness:
        for work the user waits for."""
        return self._submit((fn, args, kwargs, True))

    def _submit(self, job) -> Future:
        future = Future()
        with self._lock:
            if self.closed:
                raise PoolClosed("the worker processes have stopped: the window is closing")
            if self._running is None:
                self._send(future, job)
            else:
                self._waiting.append((future, job))
        return future

    def _send(self, future: Future, job) -> None:
        """With the lock held: JOB to the idle worker (or, while one is started, first in line)."""
        if self._conn is None:
            self._waiting.appendleft((future, job))
            return
        if not future.set_running_or_notify_cancel():
            return
        self._running = future
        try:
            self._conn.send(job)
        except (OSError, ValueError):
            pass          # the worker is gone: the reader finds out and fails the job
        except Exception as exc:   # an argument that does not pickle
            self._running = None
            future.set_exception(exc)

    def _read(self, conn) -> None:
        while True:
            try:
                ok, value = conn.recv()
            except (EOFError, OSError):
                self._worker_died(conn)
                return
            with self._lock:
                future, self._running = self._running, None
                self._next()
            if future is not None:
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
            # hold nothing while waiting: a future's callbacks keep their renderer alive
            future = value = None

    def _next(self) -> None:
        """With the lock held: the next job waiting to the worker, if it is idle."""
        while self._running is None and self._conn is not None and self._waiting and not self.closed:
            future, job = self._waiting.popleft()
            if future.cancelled():
                continue
            self._send(future, job)

    def _worker_died(self, conn) -> None:
        with self._lock:
            future, self._running = self._running, None
            restart = conn is self._conn and not self.closed
            if restart:
                self._conn = None     # jobs wait for the new worker
        if future is not None:
            future.set_exception(BrokenProcessPool("the render worker stopped unexpectedly"))
        if restart:
            self._proc.join(timeout=5)
            self._start()

    def shutdown(self, wait: bool = False) -> None:
        with self._lock:
            self.closed = True
            waiting, self._waiting = list(self._waiting), deque()
            try:
                if self._conn is not None:
                    self._conn.send(None)   # the worker's signal to end
            except (OSError, ValueError):
                pass                        # it has ended already
        for future, _job in waiting:
            future.cancel()
        if wait:
            self._proc.join()
