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


def test_a_closed_pool_lets_its_waiters_go_at_once():
    """Closing a window kills its workers mid-job: whoever waits on the job is let go with
    PoolClosed (so quitting never waits on a half-done frame), and no new pool is made."""
    import time

    import pytest

    from work import LazyPool, PoolClosed, wait_some
    lazy = LazyPool(workers=1)
    assert not lazy.started
    pool = lazy.get()
    assert lazy.get() is pool
    job = pool.submit(time.sleep, 60)
    pending = {job}
    assert wait_some(pool, pending, timeout=0.5) == (set(), pending)   # still running
    lazy.close(kill=True)
    with pytest.raises(PoolClosed):
        for _ in range(300):   # a guard against a hang, not a timing: it raises at the first turn or so
            wait_some(pool, pending)
    with pytest.raises(PoolClosed):
        lazy.get()


def test_a_pool_shut_down_by_another_thread_refuses_work_with_pool_closed():
    """A task still running when the window closes submits to a pool shut down under it:
    it is told PoolClosed (the tasks' quiet way out), not an internal error."""
    import pytest

    from work import PoolClosed, ProcessPool
    pool = ProcessPool(workers=1)
    pool._executor.shutdown(wait=True)     # as a kill from the closing window's thread does
    with pytest.raises(PoolClosed):
        pool.submit(_square, 3)
    pool.shutdown()
