"""Background work without Qt: process pools for work that holds the GIL or the CPU.

PyMuPDF and Tesseract hold the GIL (or a core) for tens of milliseconds at a time, so
rendering, OCR and analysis run in worker processes; the GUI only waits on futures.
"""
from .pool import LazyPool, PoolClosed, ProcessPool, lower_priority, wait_some

__all__ = ["LazyPool", "ProcessPool", "PoolClosed", "lower_priority", "wait_some"]
