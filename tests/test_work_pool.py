"""The process pool survives a worker that dies, as a hostile file can make it."""
import os

from work import ProcessPool


def _die():
    os._exit(3)


def _square(x):
    return x * x


def test_pool_recovers_after_a_worker_crash():
    pool = ProcessPool(workers=1)
    try:
        crashed = pool.submit(_die)
        try:
            crashed.result(timeout=30)
        except Exception as exc:
            assert "terminated abruptly" in str(exc)
        else:
            raise AssertionError("a dead worker must fail its job")
        assert pool.submit(_square, 7).result(timeout=30) == 49
    finally:
        pool.shutdown()
