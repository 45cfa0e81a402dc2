"""Remembered state: each reel's place (frame, zoom, rotation) keyed by its fingerprint, the
window's geometry and layout, and the Recent Reels menu, through real windows and a real
settings file in a temp config folder."""
import shutil

import pytest

from tests.badinput import image_pdf
from tests.qtwindow import render_pool  # noqa: F401 (fixture)


@pytest.fixture
def manager(qtbot, render_pool):
    from ui.app import make_app
    from ui.windows import WindowManager
    make_app()
    made = []

    def make():
        wm = WindowManager(render_pool)
        made.append(wm)
        return wm

    yield make
    for wm in made:
        for w in list(wm.windows):
            w.runner.cancel_all()
            w.close()
    qtbot.waitUntil(lambda: not any(wm.windows for wm in made), timeout=5000)


def opened(qtbot, wm, path, **kw):
    w = wm.open(path, **kw)
    qtbot.waitUntil(lambda: w.session.reel is not None and bool(w.property("shownFrame")), timeout=20000)
    return w


def close(qtbot, wm, w):
    w.close()
    qtbot.waitUntil(lambda: w not in wm.windows, timeout=5000)


def test_a_reel_reopens_where_it_was_left(qtbot, manager, tmp_path):
    reel = image_pdf(tmp_path / "reel.pdf", pages=6)
    wm = manager()
    w = opened(qtbot, wm, reel)
    w.session.go_to(5)
    w.actions["rotate_right"].trigger()
    w.actions["actual_size"].trigger()
    w.actions["zoom_in"].trigger()
    zoom = w.facsimile.zoom_percent()
    close(qtbot, wm, w)

    # Renamed and moved: the fingerprint still knows it.
    moved = tmp_path / "archive" / "renamed.pdf"
    moved.parent.mkdir()
    shutil.move(reel, moved)
    w = opened(qtbot, wm, moved)
    assert w.session.frame == 5
    assert w.facsimile.rotation == 90
    assert w.facsimile.fit_mode is None
    assert w.facsimile.zoom_percent() == pytest.approx(zoom, rel=1e-3)

    # A frame asked for (a search hit, --frame) wins over the remembered one.
    close(qtbot, wm, w)
    w = opened(qtbot, wm, moved, frame=2)
    assert w.session.frame == 2 and w.facsimile.rotation == 90


def test_fit_modes_are_remembered_as_modes(qtbot, manager, tmp_path):
    reel = image_pdf(tmp_path / "reel.pdf", pages=2)
    wm = manager()
    w = opened(qtbot, wm, reel)
    w.actions["fit_frame"].trigger()
    w.session.go_to(2)
    close(qtbot, wm, w)
    w = opened(qtbot, wm, reel)
    assert w.facsimile.fit_mode == "frame" and w.session.frame == 2


def test_places_are_saved_while_reading_not_only_on_close(qtbot, manager, tmp_path):
    """A crash must not lose where the user was: the place is written shortly after a move."""
    from ui.state import SAVE_DELAY_MS, recall_place
    reel = image_pdf(tmp_path / "reel.pdf", pages=4)
    wm = manager()
    w = opened(qtbot, wm, reel)
    w.session.go_to(3)
    qtbot.waitUntil(lambda: (p := recall_place(w.session.reel.fingerprint)) is not None and p.frame == 3,
                    timeout=SAVE_DELAY_MS * 10)


def test_a_remembered_frame_beyond_the_reel_is_clamped(qtbot, manager, tmp_path):
    from ui.state import Place, remember_place
    from reel import open_reel
    reel = image_pdf(tmp_path / "reel.pdf", pages=3)
    with open_reel(reel) as r:
        remember_place(r.fingerprint, Place(frame=40))
    w = opened(qtbot, manager(), reel)
    assert w.session.frame == 3


def test_damaged_settings_are_ignored(qtbot, manager, tmp_path):
    from ui.state import open_settings
    from reel import open_reel
    reel = image_pdf(tmp_path / "reel.pdf", pages=3)
    with open_reel(reel) as r:
        settings = open_settings()
        settings.setValue(f"places/{r.fingerprint}", "{not json")
        settings.setValue("recent/reels", '[{"path": 3}]')
        settings.sync()
    wm = manager()
    w = opened(qtbot, wm, reel)
    assert w.session.frame == 1
    w.recent_menu.rebuild()
    assert [a.text() for a in w.recent_menu.actions() if a.text()][0] == "&1 reel.pdf"


def test_old_places_are_pruned(monkeypatch):
    from ui import state
    monkeypatch.setattr(state, "MAX_PLACES", 3)
    for i in range(5):
        state.remember_place(f"pdf-{i}", state.Place(frame=i + 1))
    assert state.recall_place("pdf-0") is None and state.recall_place("pdf-1") is None
    assert state.recall_place("pdf-4").frame == 5


def test_window_layout_is_restored(qtbot, manager, tmp_path):
    reel = image_pdf(tmp_path / "reel.pdf", pages=2)
    wm = manager()
    w = opened(qtbot, wm, reel)
    w.resize(640, 470)   # within the offscreen screen (800x600), which restoring clamps to
    w.actions["toggle_thumbnails"].setChecked(False)
    w.splitter.setSizes([300, 700])
    qtbot.wait(50)                       # the layout settles with the dock gone
    sizes = w.splitter.sizes()
    close(qtbot, wm, w)

    w = manager().new_window()
    w.show()
    qtbot.waitExposed(w)
    assert (w.width(), w.height()) == (640, 470)
    assert not w.thumbs_dock.isVisible() and not w.actions["toggle_thumbnails"].isChecked()
    assert w.splitter.sizes() == pytest.approx(sizes, abs=2)


def test_recent_reels_menu(qtbot, manager, tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=2)
    b = image_pdf(tmp_path / "b&c.pdf", pages=2)
    wm = manager()
    wa = opened(qtbot, wm, a)
    opened(qtbot, wm, b)
    menu = wa.recent_menu
    assert menu.title() == "Recent &Reels"
    assert menu.menuAction() in wa.menus["File"].actions()   # File > Recent Reels
    menu.rebuild()
    texts = [act.text() for act in menu.actions() if not act.isSeparator()]
    assert texts == ["&1 b&&c.pdf", "&2 a.pdf", "&Clear Recent Reels"]   # newest first
    assert menu.actions()[0].toolTip() == str(b)

    # A reel that went away stays listed, greyed, until the user clears the list.
    a.rename(tmp_path / "gone.pdf")
    menu.rebuild()
    entry = next(act for act in menu.actions() if "a.pdf" in act.text())
    assert not entry.isEnabled() and "not found" in entry.text()

    # Choosing an entry opens it (here: its window is already open, so it comes forward).
    close(qtbot, wm, wa)
    other = wm.windows[0]
    other.recent_menu.rebuild()
    before = len(wm.windows)
    other.recent_menu.actions()[0].trigger()
    assert len(wm.windows) == before

    clear = next(act for act in other.recent_menu.actions() if act.objectName() == "clear_recent")
    clear.trigger()
    other.recent_menu.rebuild()
    texts = [act.text() for act in other.recent_menu.actions() if not act.isSeparator()]
    assert texts == ["No recent reels", "&Clear Recent Reels"]


def test_the_recent_list_knows_a_moved_reel_once(tmp_path):
    from ui.state import add_recent, recent_reels
    add_recent("/old/place/r.pdf", "r.pdf", "pdf-1")
    add_recent("/x/other.pdf", "other.pdf", "pdf-2")
    add_recent("/new/place/r.pdf", "r.pdf", "pdf-1")
    assert [(r.path, r.fingerprint) for r in recent_reels()] == [("/new/place/r.pdf", "pdf-1"),
                                                                 ("/x/other.pdf", "pdf-2")]
