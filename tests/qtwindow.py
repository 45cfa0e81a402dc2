"""Fixtures for driving the real main window with pytest-qt."""
import pytest

from tests.badinput import image_pdf


@pytest.fixture(scope="session")
def render_pool():
    from ui.app import make_render_pool
    pool = make_render_pool()
    yield pool
    pool.shutdown()


@pytest.fixture
def window(qtbot, render_pool):
    from ui.app import make_app
    from ui.main_window import MainWindow
    make_app()
    win = MainWindow(render_pool)
    win.setProperty("batch", True)  # report errors by signal, not modal dialogs
    win.resize(1200, 800)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.cancel_all()
    win.runner.wait(5000)


def open_and_wait(qtbot, win, path, frame=1, password=None, timeout=20000):
    # The previous reel's view can still emit frameShown (a re-fit re-renders it), so
    # only a frame shown of the reel this call opens counts.
    before = win.session.reel
    with qtbot.waitSignal(win.facsimile.frameShown, timeout=timeout,
                          check_params_cb=lambda n: n == frame and win.session.reel is not before):
        win.open_path(path, password, frame)


@pytest.fixture
def small_pdf(tmp_path):
    return image_pdf(tmp_path / "reel.pdf", pages=5)
