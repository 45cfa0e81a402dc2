"""A persistent pool of spawned worker processes with a warm start."""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool


def _warm(modules: tuple[str, ...]) -> int:
    # Importing PyMuPDF/numpy/OpenCV costs a few hundred ms: pay it before the first job.
    import importlib
    for name in modules:
        importlib.import_module(name)
    return os.getpid()


def lower_priority(niceness: int) -> None:
    """In a worker: give way to the window and to what the user waits for."""
    if niceness:
        try:
            os.nice(niceness)
        except OSError:
            pass  # not allowed here: run at the usual priority


def _init_worker(env: dict[str, str], niceness: int) -> None:
    os.environ.update(env)
    lower_priority(niceness)


class PoolClosed(RuntimeError):
    """Work was sent to a pool that has shut down (the app is closing)."""


CLOSED = "the worker processes have stopped: the window is closing"


class ProcessPool:
    """Spawned (not forked: the parent runs Qt threads) workers that stay alive.

    Jobs are plain module-level functions with picklable arguments and results. NICENESS
    lowers the workers' CPU priority: work the user is not waiting on then gives way to
    the window and to the frame being rendered.
    """

    def __init__(self, workers: int, warm_modules: tuple[str, ...] = (), env: dict | None = None,
                 niceness: int = 0):
        self.workers = max(1, workers)
        self._env = {"OMP_THREAD_LIMIT": "1", **(env or {})}
        self._niceness = niceness
        self._warm_modules = tuple(warm_modules)
        self.closed = False
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self._env, self._niceness),
        )
        if self._warm_modules:
            for _ in range(self.workers):
                executor.submit(_warm, self._warm_modules)
        return executor

    def submit(self, fn, *args, **kwargs) -> Future:
        if self.closed:
            raise PoolClosed(CLOSED)
        try:
            return self._executor.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            # A worker died (a hostile file can crash a C library): start afresh, so one
            # bad frame does not stop all later work.
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            return self._executor.submit(fn, *args, **kwargs)
        except RuntimeError as exc:   # shut down meanwhile by another thread: the window closing
            raise PoolClosed(CLOSED) from exc

    def shutdown(self, wait: bool = False, kill: bool = False) -> None:
        """Stop taking work; pending jobs are dropped. With KILL the running ones are
        stopped too: when the window closes a frame half recognised is worth nothing, and
        Python's exit would otherwise wait for it (seconds, on a niced worker). A job's
        future may then never finish: who waits on one checks ``closed`` (see wait_some)."""
        self.closed = True
        # CPython keeps the executor's processes by pid in _processes (no public way);
        # taken before shutdown, which may let go of them
        processes = list((getattr(self._executor, "_processes", None) or {}).values()) if kill else []
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        if wait:
            self._executor.shutdown(wait=True)


class LazyPool:
    """A ProcessPool made on first use, which may be on a worker thread (spawning takes a
    moment the GUI thread must not spend), and closed for good by close(): a job still on
    its way then gets PoolClosed instead of a new pool nobody would ever shut down."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()
        self.closed = False

    @property
    def started(self) -> bool:
        return self._pool is not None

    def get(self) -> ProcessPool:
        with self._lock:
            if self.closed:
                raise PoolClosed(CLOSED)
            if self._pool is None:
                self._pool = ProcessPool(**self._kwargs)
            return self._pool

    def close(self, kill: bool = True) -> None:
        with self._lock:
            self.closed = True
            if self._pool is not None:
                self._pool.shutdown(kill=kill)


def wait_some(pool: ProcessPool, futures, timeout: float = 0.2):
    """concurrent.futures.wait(FIRST_COMPLETED) that gives up with PoolClosed once POOL
    has shut down and nothing finished, or only jobs its killed workers broke off (such a
    future may also never finish)."""
    done, pending = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
    if pool.closed and (not done or any(not f.cancelled() and isinstance(f.exception(), BrokenProcessPool)
                                        for f in done)):
        raise PoolClosed(CLOSED)
    return done, pending
