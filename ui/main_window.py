"""The main window: assembles the views and wires gestures to the session.

The window holds no business logic: views show state, the session holds it, and the
work is done by the core packages, in the background through the TaskRunner.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QInputDialog, QLabel, QLineEdit,
                               QMainWindow, QMessageBox, QSpinBox, QSplitter, QTabWidget, QToolBar,
                               QVBoxLayout, QWidget)

from library import LibraryDamaged
from library.db import Database
from reel import PasswordRequired
from viewer.facsimile import FacsimileView
from viewer.renderer import PREFETCH, FrameRenderer
from viewer.thumbnails import ThumbnailStrip

from .accessibility import name_controls
from .actions import build_menus, create_actions
from .edits import EditStack
from .opening import OpenedReel, open_reel_with_transcript
from .features import install_features, search_hits
from .panels import install_panels
from .saving import AutoSaver
from .session import ReelSession
from .statusbar import ReelStatusBar
from .tasks import TaskRunner, user_message
from .transcript_pane import TranscriptPane

APP_NAME = "Reel Reader"
OPEN_FILTER = "Reels (*.pdf *.tif *.tiff *.zip *.png *.jpg *.jpeg);;All files (*)"


class MainWindow(QMainWindow):
    reelOpened = Signal(str)
    openFailed = Signal(str)

    def __init__(self, render_pools, parent=None):
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.runner = TaskRunner(self)
        self.session = ReelSession(self)
        self.edits = EditStack(self.session, self)
        self.library = None               # opened with the first reel, in the background
        self.saver = AutoSaver(self.session, self)
        self.renderer = FrameRenderer(render_pools, parent=self)

        self.facsimile = FacsimileView(self.renderer)
        self.transcript = TranscriptPane()
        self.panels = QTabWidget()
        self.panels.setObjectName("panels")
        self.panels.setDocumentMode(True)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("rightSplitter")   # named: its sizes are remembered (ui/state.py)
        right.addWidget(self.transcript)
        right.addWidget(self.panels)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.facsimile)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([3000, 2000])  # proportions: the scan gets the larger share
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.thumbnails = ThumbnailStrip(self.renderer)
        self.thumbs_dock = QDockWidget("Frames", self)
        self.thumbs_dock.setObjectName("thumbnailsDock")
        self.thumbs_dock.setWidget(self.thumbnails)
        self.thumbs_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                     | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.thumbs_dock)

        self.status = ReelStatusBar()
        self.setStatusBar(self.status)
        self.actions = create_actions(self)
        self._add_undo_actions()
        self.menus = build_menus(self.menuBar(), self.actions)
        self._build_toolbar()
        self._connect()
        # see _hold_repaints: all but the page itself (a new frame's scroll bars alone took
        # 2 ms of painting, and the toolbar's frame box and the status bar more)
        self._held = [self.transcript, self.thumbnails, self.panels, self.toolbar, self.status,
                      self.facsimile.horizontalScrollBar(), self.facsimile.verticalScrollBar()]
        self._holding = False
        self._release_timer = QTimer(self, singleShot=True, interval=self.REPAINT_AT_MOST_AFTER_MS)
        self._release_timer.timeout.connect(self._release_repaints)
        self.facsimile.framePainted.connect(self._release_repaints)
        self.facsimile.frameFailed.connect(self._release_repaints)
        self.side_panels = install_panels(self)
        self.features = install_features(self)
        self.features["search_hits"] = search_hits.install(self)   # needs find, ocr and annotations
        self._show_welcome()
        # Desktop hooks, set by ui/windows.py: where File > Open, drops and Recent Reels open
        # a reel (another window when this one shows a reel), and the remembered places.
        self.opener = None        # callable(path, frame) or None: open here
        self.reel_state = None    # ui/state.WindowMemory: last_frame(reel)
        name_controls(self)       # ui/accessibility.py: full names for terse toolbar buttons

    # -- building ----------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Navigation")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("open", None, "zoom_out", "zoom_in", "fit_width", "fit_frame", "actual_size", None,
                     "rotate_left", "rotate_right", None, "first_frame", "previous_frame"):
            bar.addSeparator() if name is None else bar.addAction(self.actions[name])
        self.frame_box = QSpinBox()
        self.frame_box.setObjectName("frameBox")
        self.frame_box.setAccessibleName("Frame number")
        self.frame_box.setKeyboardTracking(False)
        self.frame_box.setRange(0, 0)
        bar.addWidget(self.frame_box)
        self.frame_total = QLabel(" / 0 ")
        bar.addWidget(self.frame_total)
        bar.addAction(self.actions["next_frame"])
        bar.addAction(self.actions["last_frame"])
        self.addToolBar(bar)
        self.toolbar = bar

    def _add_undo_actions(self) -> None:
        for name, make, key in (("undo", self.edits.createUndoAction, QKeySequence.StandardKey.Undo),
                                ("redo", self.edits.createRedoAction, QKeySequence.StandardKey.Redo)):
            action = make(self, name.capitalize())
            action.setObjectName(name)
            action.setShortcuts(QKeySequence.keyBindings(key))
            self.addAction(action)
            self.actions[name] = action

    def _connect(self) -> None:
        a, s, f = self.actions, self.session, self.facsimile
        a["open"].triggered.connect(self.choose_reel)
        a["open_folder"].triggered.connect(self.choose_folder)
        a["close"].triggered.connect(self.close)
        a["quit"].triggered.connect(QApplication.closeAllWindows)   # every window, then the app
        a["zoom_in"].triggered.connect(f.zoom_in)
        a["zoom_out"].triggered.connect(f.zoom_out)
        a["fit_width"].triggered.connect(f.fit_width)
        a["fit_frame"].triggered.connect(f.fit_frame)
        a["actual_size"].triggered.connect(f.actual_size)
        a["rotate_left"].triggered.connect(lambda: f.rotate_by(-90))
        a["rotate_right"].triggered.connect(lambda: f.rotate_by(90))
        a["toggle_thumbnails"].toggled.connect(self.thumbs_dock.setVisible)
        a["full_screen"].toggled.connect(self._set_full_screen)
        self.thumbs_dock.visibilityChanged.connect(a["toggle_thumbnails"].setChecked)
        a["first_frame"].triggered.connect(s.first)
        a["previous_frame"].triggered.connect(s.previous)
        a["next_frame"].triggered.connect(s.next)
        a["last_frame"].triggered.connect(s.last)
        a["go_to_frame"].triggered.connect(self.ask_frame)
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["about"].triggered.connect(self.show_about)
        self.frame_box.valueChanged.connect(lambda n: n and s.go_to(n))
        self.thumbnails.frameActivated.connect(s.go_to)
        s.reelChanged.connect(self._on_reel_changed)
        s.frameChanged.connect(self._on_frame_changed)
        f.zoomChanged.connect(lambda _: self._update_status())
        f.frameShown.connect(self._prefetch)
        self.transcript.edited.connect(self.edits.edit_transcript)
        s.transcriptChanged.connect(self._on_transcript_changed)
        self.runner.started.connect(self.status.track)
        self.saver.saved.connect(lambda n: self.status.showMessage("Saved", 2000))
        self.saver.failed.connect(lambda message: self.status.showMessage(message, 10000))

    # -- opening -----------------------------------------------------------------------
    def choose_reel(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Reel", "", OPEN_FILTER)
        if path:
            self.request_open(Path(path))

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open Folder of Page Images")
        if path:
            self.request_open(Path(path))

    def request_open(self, path: Path, frame: int | None = None) -> None:
        """A reel the user picked (or a search hit at FRAME): through the window manager
        when there is one, which brings the reel's own window forward if it has one."""
        if self.opener is not None:
            self.opener(Path(path), frame)
        else:
            self.open_path(Path(path), None, frame)

    def open_path(self, path: Path, password: str | None = None, frame: int | None = None) -> None:
        """Open PATH here at FRAME (None: where the user left it, else frame 1)."""
        path = Path(path)
        first_size = self.renderer.prepare(str(path), password)
        self.runner.run(f"Opening {path.name}", open_reel_with_transcript, path, password, self.library, first_size,
                        on_done=lambda opened: self._opened(opened, frame),
                        on_error=lambda exc: self._open_failed(path, exc, frame), cancellable=False)

    def _opened(self, opened: OpenedReel, frame: int) -> None:
        reel = opened.reel
        if frame is None:
            frame = self.reel_state.last_frame(reel) if self.reel_state else 1
        self.saver.wait()                 # the previous reel's last edits are saved first
        self.library = opened.library
        self.edits.clear()                # undo history belongs to the reel it was made on
        self.renderer.set_reel(str(reel.path), opened.password, bands=reel.renders_bands)
        self.session.set_reel(reel, opened.transcript, opened.transcript_path, opened.password, frame,
                              texts=opened.texts)
        self.saver.attach(opened.library, reel.fingerprint)
        self.reelOpened.emit(str(reel.path))
        if opened.library_problem is not None:
            self._library_problem(opened.library_problem)

    def _library_problem(self, exc: Exception) -> None:
        message = user_message(exc)
        self.status.showMessage(message, 15000)
        if self.property("batch"):
            return
        if isinstance(exc, LibraryDamaged) and exc.backup is not None:
            answer = QMessageBox.warning(self, "Library Damaged", message + "\n\nRestore the backup now? "
                                         "The damaged file is kept beside it.",
                                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.restore_library_backup(exc.path)
        else:
            QMessageBox.warning(self, "Library Problem", message)

    def restore_library_backup(self, path) -> None:
        """Put the newest backup in place and open the reel again with it."""
        Database.restore_backup(path)
        self.library = None
        if self.session.reel is not None:
            self.open_path(self.session.reel.path, self.session.password, self.session.frame)

    def _open_failed(self, path: Path, exc: Exception, frame: int) -> None:
        if isinstance(exc, PasswordRequired) and not self.property("batch"):
            label = ("That password is wrong. Try again:" if exc.wrong else
                     f"{path.name} is encrypted. Enter its password:")
            password, ok = QInputDialog.getText(self, "Password Needed", label, QLineEdit.EchoMode.Password)
            if ok:
                self.open_path(path, password, frame)
            else:
                self.openFailed.emit(f"{path.name} was not opened: it needs its password.")
            return
        message = user_message(exc)
        if not self.property("batch"):
            QMessageBox.warning(self, "Cannot Open Reel", message)
        self.openFailed.emit(message)   # after the dialog: a listener may close this window

    # -- drag and drop -----------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.request_open(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return

    # -- reacting to the session -------------------------------------------------------
    def _on_reel_changed(self) -> None:
        reel = self.session.reel
        self.setWindowTitle(f"{reel.name} — {APP_NAME}")
        self.frame_box.blockSignals(True)
        self.frame_box.setRange(1, len(reel))
        self.frame_box.blockSignals(False)
        self.frame_total.setText(f" / {len(reel)} ")
        self.thumbnails.thumbs.set_reel(len(reel), self._frame_size)

    def _frame_size(self, n: int) -> tuple[int, int]:
        try:
            return self.session.reel.frame_size(n)
        except Exception:
            return (2550, 3300)  # a damaged frame: letter size until it says otherwise

    # While the frame on screen renders, the rest of the window waits to repaint and its
    # tasks to start: on two cores its repaints (transcript, strip, panels, scroll bars,
    # toolbar) and a task's thread (the frame's OCR read from the library) took the render
    # workers' cores.
    DEFER_REPAINTS = True
    REPAINT_AT_MOST_AFTER_MS = 150

    def _on_frame_changed(self, frame: int) -> None:
        s = self.session
        self.facsimile.show_frame(frame, self._frame_size(frame))
        if self.DEFER_REPAINTS and self.facsimile.rendering(frame):
            self._hold_repaints()
        note = "" if s.has_frame_markers or not s.has_transcript else \
            "no frame markers: the whole transcript is shown"
        self.transcript.show_text(frame, s.frame_text(frame), note)
        self.frame_box.blockSignals(True)
        self.frame_box.setValue(frame)
        self.frame_box.blockSignals(False)
        if not self._holding:   # else once the frame is painted: the strip lays out its items,
            self.thumbnails.set_current(frame)   # reading their frames' sizes (a PDF's pages)
        self._update_status()
        self.actions["previous_frame"].setEnabled(frame > 1)
        self.actions["first_frame"].setEnabled(frame > 1)
        self.actions["next_frame"].setEnabled(frame < s.count)
        self.actions["last_frame"].setEnabled(frame < s.count)

    def _hold_repaints(self) -> None:
        for w in self._held:
            w.setUpdatesEnabled(False)
        self.runner.hold()
        self._holding = True
        self._release_timer.start()

    def _release_repaints(self, *_) -> None:
        if self._holding:
            self._holding = False
            self._release_timer.stop()
            for w in self._held:
                w.setUpdatesEnabled(True)
            self.thumbnails.set_current(self.session.frame)
            self.runner.release()

    def _on_transcript_changed(self, frame: int) -> None:
        if frame == self.session.frame:   # an undo or redo: the editor shows the model's text
            self.transcript.update_text(self.session.frame_text(frame))

    def _prefetch(self, frame: int) -> None:
        for n in (frame + 1, frame - 1, frame + 2):
            if 1 <= n <= self.session.count:
                scale = self.facsimile.render_scale_for(self._frame_size(n))
                self.renderer.request(n, scale, PREFETCH)

    def _update_status(self) -> None:
        s = self.session
        if s.reel:
            self.status.show_place(s.reel.name, s.frame, s.count, self.facsimile.zoom_percent())

    def _set_full_screen(self, on: bool) -> None:
        self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen if on else
                            self.windowState() & ~Qt.WindowState.WindowFullScreen)

    # -- dialogs -----------------------------------------------------------------------
    def ask_frame(self) -> None:
        if not self.session.reel:
            return
        n, ok = QInputDialog.getInt(self, "Go to Frame", f"Frame (1–{self.session.count}):",
                                    self.session.frame, 1, self.session.count)
        if ok:
            self.session.go_to(n)

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog
        dialog = getattr(self, "_shortcuts_dialog", None)
        if dialog is None or not dialog.isVisible():   # built afresh: panels may have added actions
            dialog = self._shortcuts_dialog = ShortcutsDialog(self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b><br>A reader for scanned archival records on microfilm "
                          "and microfiche reels: facsimile beside transcript, corrections and stamps "
                          "picked out, notes kept offline.")

    def _show_welcome(self) -> None:
        self.transcript.show_text(0, "")
        self.status.place.setText("Open a reel: File > Open, or drop a PDF, TIFF, ZIP or folder here.")

    def closeEvent(self, event) -> None:
        self.runner.cancel_all()
        if not self.saver.wait(15000) or self.saver.pending:
            # The library refused the last edits (locked, read-only): say so before they go.
            if not self.property("batch") and QMessageBox.warning(
                    self, "Edits Not Saved", "Some edits could not be saved to the library. "
                    "Close anyway and lose them?",
                    QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel) \
                    != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.renderer.close()       # before the window (and the renderer with it) is deleted
        super().closeEvent(event)
