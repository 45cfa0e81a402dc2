"""Boxes over the scan and the box-drawing tool, on the real window."""
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from tests.qtwindow import open_and_wait, render_pool, small_pdf, window  # noqa: F401 (fixtures)
from viewer.overlays import Box, OverlayStyle
from viewer.tools import BoxTool, PanTool


def _view_point(view, x, y) -> QPoint:
    """Where frame pixel (x, y) is in the viewport."""
    return view.mapFromScene(view.overlay_parent().mapToScene(x, y))


def test_boxes_toggle_and_click(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    view = window.facsimile
    view.overlays.styles["stamp"] = OverlayStyle(QColor(200, 0, 0))
    view.overlays.set_boxes("analysis", [Box("stamp", (300, 400, 900, 800), "review stamp", payload=7),
                                         Box("redaction", (300, 1000, 900, 1100), "redaction")])
    assert len(view.overlays.visible_boxes("analysis")) == 2
    view.overlays.set_kind_visible("redaction", False)
    assert [b.kind for b in view.overlays.visible_boxes("analysis")] == ["stamp"]
    with qtbot.waitSignal(view.overlays.boxClicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_view_point(view, 600, 600))
    assert clicked.args[0].payload == 7
    # turning the frame clears the boxes: they belong to the frame they were found on
    with qtbot.waitSignal(view.frameShown, timeout=10000):
        window.session.next()
    assert view.overlays.boxes("analysis") == []


def test_box_tool_reports_frame_pixels(qtbot, window, small_pdf):
    open_and_wait(qtbot, window, small_pdf)
    view = window.facsimile
    tool = BoxTool(view)
    view.set_tool(tool)
    drawn = []
    tool.drawn.connect(lambda *r: drawn.append(r))
    start, end = _view_point(view, 500, 500), _view_point(view, 1200, 900)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert len(drawn) == 1
    x0, y0, x1, y1 = drawn[0]
    tolerance = 3 / (view.zoom_percent() / 100 * view.logicalDpiX() / 300)  # a few screen pixels
    assert abs(x0 - 500) < tolerance and abs(y1 - 900) < tolerance
    view.set_tool(PanTool(view))
