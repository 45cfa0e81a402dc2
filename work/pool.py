"""A persistent pool of spawned worker processes with a warm start."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor


def _warm(modules: tuple[str, ...]) -> int:
    # Importing PyMuPDF/numpy/OpenCV costs a few hundred ms: pay it before the first job.
    import importlib
    for name in modules:
        importlib.import_module(name)
    return os.getpid()


def _init_worker(env: dict[str, str]) -> None:
    os.environ.update(env)


class ProcessPool:
    """Spawned (not forked: the parent runs Qt threads) workers that stay alive.

    Jobs are plain module-level functions with picklable arguments and results.
    """

    def __init__(self, workers: int, warm_modules: tuple[str, ...] = (), env: dict | None = None):
        self.workers = max(1, workers)
        worker_env = {"OMP_THREAD_LIMIT": "1"}
        worker_env.update(env or {})
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(worker_env,),
        )
        if warm_modules:
            for _ in range(self.workers):
                self._executor.submit(_warm, tuple(warm_modules))

    def submit(self, fn, *args, **kwargs) -> Future:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = False) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=True)
