"""Edit > Find (Ctrl+F): a find bar under the transcript of the frame on screen."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from ..find_bar import FindBar


def install(window) -> FindBar:
    bar = FindBar(window.transcript.editor, window.transcript)
    window.transcript.layout().addWidget(bar)
    action = QAction("&Find in Transcript…", window)
    action.setObjectName("find")
    action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Find))
    action.setStatusTip("Find text in this frame's transcript")
    action.triggered.connect(bar.open)
    window.addAction(action)
    window.actions["find"] = action
    window.menus["Edit"].addSeparator()
    window.menus["Edit"].addAction(action)
    return bar
