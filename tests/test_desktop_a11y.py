"""A desktop application's manners: every action in a menu with its standard shortcut, a
complete shortcuts list, accessible names on every control, crisp rendering on high-DPI
screens, and the system's light or dark palette."""
import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox,
                               QApplication, QComboBox, QGraphicsView, QLineEdit, QPlainTextEdit, QScrollBar,
                               QTabBar, QTextEdit, QWidget)

from tests.conftest import ROOT, SAMPLE_REEL
from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)

K = QKeySequence.StandardKey
INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView, QAbstractSlider,
               QPlainTextEdit, QTextEdit, QTabBar, QGraphicsView)


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets, shown or not, that a screen reader would announce without a name."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE):
            continue
        if isinstance(w, QScrollBar):
            continue   # announced by role, orientation and value; never takes the focus
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue   # the editor inside a spin box or combo box speaks for it
        if isinstance(w, QTabBar) and w.count() == 0:
            continue   # Qt names a tab bar after its current tab; an empty one is hidden
        if not accessible_name(w):
            out.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}")
    return out


def all_actions(win):
    return [a for a in win.findChildren(type(win.actions["open"])) if not a.isSeparator()]


def menu_actions(win):
    found = []

    def walk(menu):
        for a in menu.actions():
            if a.menu() is not None:
                walk(a.menu())
            elif not a.isSeparator():
                found.append(a)

    for top in win.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu())
    return found


def test_every_control_has_an_accessible_name(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    assert unnamed_controls(window) == []
    # the toolbar's terse buttons speak their full action
    names = {accessible_name(window.toolbar.widgetForAction(window.actions[n]))
             for n in ("zoom_in", "rotate_left", "actual_size")}
    assert names == {"Zoom In", "Rotate Left", "Actual Size"}


def test_the_shortcuts_dialog_is_accessible_too(qtbot, window):
    window.actions["shortcuts"].trigger()
    dialog = window._shortcuts_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert unnamed_controls(dialog) == []
    dialog.close()


def test_every_shortcut_is_in_a_menu_and_none_is_taken_twice(window):
    in_menus = {id(a) for a in menu_actions(window)}
    owners: dict[str, str] = {}
    for action in all_actions(window):
        if not action.shortcuts():
            continue
        assert id(action) in in_menus, f"{action.text()!r} has a shortcut but is in no menu"
        for key in action.shortcuts():
            key = key.toString()
            # two actions on one key: Qt fires neither ("ambiguous shortcut")
            assert key not in owners, f"{key} is both {owners[key]!r} and {action.text()!r}"
            owners[key] = action.text()


def test_standard_shortcuts_where_the_platform_has_them(window):
    expected = {"open": K.Open, "close": K.Close, "quit": K.Quit, "zoom_in": K.ZoomIn, "zoom_out": K.ZoomOut,
                "undo": K.Undo, "redo": K.Redo, "first_frame": K.MoveToStartOfDocument,
                "last_frame": K.MoveToEndOfDocument, "previous_frame": K.MoveToPreviousPage,
                "next_frame": K.MoveToNextPage, "shortcuts": K.HelpContents, "full_screen": K.FullScreen}
    for name, key in expected.items():
        have = {k.toString() for k in window.actions[name].shortcuts()}
        want = {k.toString() for k in QKeySequence.keyBindings(key)}
        assert want <= have, f"{name}: {have} lacks the standard {want}"
        assert have, f"{name} has no shortcut"   # where the platform has none, a usual one
    assert "Ctrl+Q" in {k.toString() for k in window.actions["quit"].shortcuts()}


def test_the_shortcuts_list_is_complete_grouped_and_filterable(qtbot, window):
    window.actions["shortcuts"].trigger()
    dialog = window._shortcuts_dialog
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    listed = {(action, keys) for _, action, keys in rows}
    for action in menu_actions(window):
        if action.shortcuts():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            text = action.text().replace("&", "").rstrip("…")
            row = next((k for a, k in listed if a == text), None)
            assert row is not None, f"{text} is not listed"
            # every key a keyboard types is there; dedicated hardware keys may be left out
            assert keys[0] in row.split(", ") and all(k in keys for k in row.split(", "))
    sections = [s for s, _, _ in rows]
    assert sections.index("File") < sections.index("View") < sections.index("Go") < sections.index("Help")
    assert ("Go", "Go to Frame", "Ctrl+G") in rows
    assert any(s == "Mouse and keys" and "Ctrl+Wheel" in k for s, _, k in rows)
    dialog.filter.setText("rotate")
    assert {a for _, a, _ in dialog.rows()} == {"Rotate Left", "Rotate Right"}
    dialog.filter.setText("ctrl+g")
    assert [a for _, a, _ in dialog.rows()] == ["Go to Frame"]
    dialog.close()


def test_full_screen_toggles(qtbot, window):
    window.actions["full_screen"].trigger()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    window.actions["full_screen"].trigger()
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


# -- light and dark --------------------------------------------------------------------------
def test_the_palette_follows_a_dark_system_and_back(qtbot, window, small_pdf):
    from ui.theme import apply_color_scheme, is_dark
    app = QApplication.instance()
    open_and_wait(qtbot, window, small_pdf)
    light_ground = window.facsimile.backgroundBrush().color()
    try:
        apply_color_scheme(app, Qt.ColorScheme.Dark)
        assert is_dark(app.palette())
        qtbot.waitUntil(lambda: window.facsimile.backgroundBrush().color() != light_ground, timeout=2000)
        text = window.transcript.editor.palette().color(QPalette.ColorRole.Text)
        base = window.transcript.editor.palette().color(QPalette.ColorRole.Base)
        assert text.lightness() - base.lightness() > 120      # light text on a dark field
        ground = window.facsimile.backgroundBrush().color()
        assert ground.lightness() < app.palette().color(QPalette.ColorRole.Window).lightness()
        apply_color_scheme(app, Qt.ColorScheme.Light)
        assert not is_dark(app.palette())
        qtbot.waitUntil(lambda: window.facsimile.backgroundBrush().color() == light_ground, timeout=2000)
    finally:
        apply_color_scheme(app, Qt.ColorScheme.Light)


def test_no_stylesheet_fixes_a_colour(window, small_pdf):
    colour = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|\b(white|black|silver|gr[ae]y)\b", re.I)
    sheets = [QApplication.instance().styleSheet()] + [w.styleSheet() for w in window.findChildren(QWidget)]
    offenders = [s for s in sheets if s and colour.search(s)]
    assert offenders == [], "colours belong to the palette, which follows the system theme"


# -- high-DPI --------------------------------------------------------------------------------
HIDPI_PROBE = r"""
import sys, time
from PySide6.QtWidgets import QApplication
from ui.app import make_app, make_render_pool
from ui.main_window import MainWindow
if __name__ == "__main__":
    app = make_app()
    pool = make_render_pool()
    w = MainWindow(pool)
    w.setProperty("batch", True)
    w.resize(900, 700)
    w.show()
    shown = []
    w.facsimile.frameShown.connect(shown.append)
    w.open_path(sys.argv[1], None, 1)
    end = time.monotonic() + 30
    while not shown and time.monotonic() < end:
        app.processEvents()
    f = w.facsimile
    pixmap = f._pixmap.pixmap()
    page = f.mapFromScene(f.overlay_parent().sceneBoundingRect()).boundingRect()
    thumb = w.thumbnails.thumbs.scale_for(1)
    print(f.devicePixelRatioF(), f.render_scale(), f._shown_scale, pixmap.width(), page.width(), thumb)
    pool.shutdown()
"""


@pytest.mark.parametrize("ratio", [1, 2])
def test_frames_render_at_the_screens_device_pixels(tmp_path, ratio):
    """On a 2x screen the scan is rendered with twice the pixels, one per device pixel,
    instead of being blown up from the 1x render."""
    probe = tmp_path / "probe.py"
    probe.write_text(HIDPI_PROBE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=str(ratio), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(probe), str(SAMPLE_REEL)], capture_output=True, text=True,
                          timeout=90, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    dpr, render_scale, shown_scale, image_width, page_width, thumb_scale = map(float, done.stdout.split())
    assert dpr == ratio
    assert shown_scale == pytest.approx(render_scale, rel=0.2)        # the sharp render is up
    # the image holds one pixel per device pixel of the page on screen (render scales are
    # the view's, rounded up to 4 places; PAGE_WIDTH is the page's on-screen bounding box in
    # whole logical pixels, so up to a logical pixel wider than the page itself)
    assert ratio * (page_width - 1) - 1 <= image_width <= 1.01 * ratio * page_width + 2
    assert thumb_scale >= ratio * 96 / 2550 * 0.99


def test_screenshots_on_a_2x_screen_have_twice_the_pixels(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(out), str(SAMPLE_REEL),
                           "--size", "900x600"], capture_output=True, text=True, timeout=90, env=env,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    from PIL import Image
    assert Image.open(out).size == (1800, 1200)


def test_render_scales_are_idempotent():
    """Callers quantize a scale and the renderer quantizes it again: both must agree, or a
    finished render is never recognised as the one asked for (thumbnails stayed blank)."""
    from viewer.renderer import quantize_scale
    for k in range(0, 25):
        step = quantize_scale(2 ** (-k / 4))
        assert quantize_scale(step) == step
    for size in (1700, 2480, 2550, 3300, 4960):   # A5 .. A3 widths at 300 dpi
        for ratio in (1, 1.25, 1.5, 2):
            s = quantize_scale(96 * ratio / size)
            assert quantize_scale(s) == s and s >= 96 * ratio / size


def test_thumbnails_show_their_frames_on_letter_size_reels(qtbot, window, small_pdf):
    """A letter-size reel (2550 px wide) once hit a scale that re-quantized to the next step:
    the render arrived, but the strip was never told to repaint, so it stayed blank."""
    from PySide6.QtCore import Qt as _Qt
    model = window.thumbnails.thumbs
    repainted = set()
    model.dataChanged.connect(lambda first, last, roles: repainted.update(
        range(first.row(), last.row() + 1)) if _Qt.ItemDataRole.DecorationRole in roles else None)
    open_and_wait(qtbot, window, small_pdf)
    assert window.session.reel.frame_size(1)[0] == 2550
    window.thumbnails.viewport().repaint()   # the strip asks for the rows it shows
    qtbot.waitUntil(lambda: {0, 1} <= repainted, timeout=20000)
    icon = model.data(model.index(0), _Qt.ItemDataRole.DecorationRole)
    img = icon.pixmap(96, 130).toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 4) for y in range(0, img.height(), 4)}
    assert len(colours) > 8                  # the placeholder is one flat colour
