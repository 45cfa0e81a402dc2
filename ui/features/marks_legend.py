"""The legend of the marks on the scan: a strip floating at the foot of the facsimile,
a chip per kind drawn on the frame on screen, in its colour, with how many, that hides or shows that
kind (the same toggle as its View › Marks on the Scan entry)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton

SHORT = {"redaction": "Redactions", "stamp": "Stamps", "checkbox": "Check boxes", "classification": "Markings",
         "deletion": "Struck", "insertion": "Insertions", "xout": "X-outs", "unconfirmed": "Not on the scan"}
MARGIN = 8


class MarksLegend(QFrame):
    def __init__(self, view, actions: dict[str, QAction]):
        super().__init__(view)   # floats over the view, in no layout: the page stays full size
        self.setObjectName("marksLegend")
        self.setAccessibleName("Legend of the marks on the scan")
        # the palette's colours (no stylesheet): the legend follows the system theme
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        self.view = view
        self.buttons: dict[str, QToolButton] = {}
        for kind, action in actions.items():
            button = QToolButton(self, autoRaise=True)
            button.setCheckable(True)
            button.setChecked(action.isChecked())
            button.setObjectName(f"legend_{kind}")
            button.setIcon(action.icon())
            button.setText(SHORT[kind])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"{action.text()}: click to hide or show them")
            button.toggled.connect(action.setChecked)
            button.toggled.connect(lambda on, b=button: self._strike(b, not on))
            action.toggled.connect(button.setChecked)
            button.setVisible(False)
            layout.addWidget(button)
            self.buttons[kind] = button
        self.setVisible(False)
        # the viewport's own resize: the view's comes before the view has laid out its
        # viewport, and placed the legend by the old size (off the page when it shrank)
        # (compared by the viewport kept here: the view is gone before its viewport's last events)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)

    @staticmethod
    def _strike(button: QToolButton, struck: bool) -> None:
        """A hidden kind's chip is struck through."""
        font = button.font()
        font.setStrikeOut(struck)
        button.setFont(font)

    def show_counts(self, counts: dict[str, int]) -> None:
        """Only the kinds on the frame on screen, with how many; none for a frame with no marks."""
        for kind, button in self.buttons.items():
            button.setVisible(kind in counts)
            button.setText(f"{SHORT[kind]} {counts.get(kind, 0)}")
        self.setVisible(bool(counts))
        self._place()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._viewport and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        """At the foot of the visible page area, left, clear of the scroll bar."""
        self.adjustSize()
        area = self._viewport.geometry()
        self.move(area.left() + MARGIN, area.bottom() - self.height() - MARGIN)
        self.raise_()
