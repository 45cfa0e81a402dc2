"""What the transcript panels (Documents, Corrections, Stamps) share: the one analysis
they read, and the jump from an entry to its place in the transcript."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..reel_report import ReelReport
from ..report_model import ReportModel

SPAN_ROLE = Qt.ItemDataRole.UserRole          # an item's (start, end) in the whole transcript


def report_model(window) -> ReportModel:
    """The window's one ReportModel, made by the first panel that asks."""
    model = getattr(window, "report_model", None)
    if model is None:
        model = window.report_model = ReportModel(window)
    return model


def jump_to_span(window, start: int, end: int) -> None:
    """Show the frame holding whole-transcript offsets START..END and select them in
    the transcript pane."""
    report = report_model(window).report
    if report is None:
        return
    frame, s, e = report.locate(start, end)
    if frame is not None:
        window.session.go_to(frame)
    window.transcript.select_span(s, e)


def frames_label(frames: tuple[int, int] | None) -> str:
    if not frames:
        return "—"
    a, b = frames
    return str(a) if a == b else f"{a}–{b}"


class TranscriptPanel(QWidget):
    """A panel that lists something of the analysed transcript; subclasses implement
    show_report(report) and may use make_tree() for a list that jumps on a click."""

    TITLE = ""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setObjectName(self.TITLE.lower() + "Panel")
        self.setAccessibleName(self.TITLE)
        self.summary = QLabel()
        self.summary.setObjectName(self.TITLE.lower() + "Summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(4)
        self.layout_.addWidget(self.summary)
        self.build()
        self.model = report_model(window)
        self.model.updated.connect(self._show)
        window.session.frameChanged.connect(self.follow_frame)
        if self.model.report is not None:
            self._show(self.model.report)
        else:
            self.summary.setText("Open a reel with a transcript to see its "
                                 f"{self.TITLE.lower()} here.")

    def _show(self, report: ReelReport) -> None:
        self.show_report(report)
        if not report.source.strip():
            self.summary.setText("This reel has no transcript yet: type one in the transcript "
                                 "pane, or open the reel with a transcript (.md or .txt of the "
                                 "same name) beside it.")
        self.follow_frame(self.window.session.frame)

    def build(self) -> None:
        """Make the panel's own widgets (below the summary line)."""

    def show_report(self, report: ReelReport) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def follow_frame(self, frame: int) -> None:
        """The window turned to FRAME: mark what is on it (optional)."""

    def jump(self, start: int, end: int) -> None:
        jump_to_span(self.window, start, end)

    # -- a list whose items jump -----------------------------------------------------------
    def make_tree(self, columns: tuple[str, ...]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(self.TITLE.lower() + "List")
        tree.setAccessibleName(self.TITLE)
        tree.setHeaderLabels(list(columns))
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.itemClicked.connect(self._item_activated)
        tree.itemActivated.connect(self._item_activated)
        self.layout_.addWidget(tree, 1)
        return tree

    def _item_activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        span = item.data(0, SPAN_ROLE)
        if span:
            self.jump(*span)
