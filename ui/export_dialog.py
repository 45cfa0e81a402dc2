"""File > Export: what to export and where, asked in one dialog."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QPushButton, QWidget)

from export.options import ExportOptions

FORMAT_NAMES = {"pdf": "Annotated PDF", "tei": "TEI P5 XML", "text": "Plain text",
                "markdown": "Markdown with frame markers", "hocr": "hOCR", "json": "Annotations (JSON)"}
SUFFIX = {"pdf": ".pdf", "tei": ".xml", "text": ".txt", "markdown": ".md", "hocr": ".hocr", "json": ".json"}


def default_folder() -> Path:
    """Documents (or home): never the reel's own folder unless the user picks it."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


class ExportDialog(QDialog):
    def __init__(self, reel_name: str, frame: int, count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export Reel")
        self._stem = Path(reel_name).stem
        self.format = QComboBox()
        for key, name in FORMAT_NAMES.items():
            self.format.addItem(name, key)
        self.format.setAccessibleName("Export format")
        self.frames = QComboBox()
        self.frames.setEditable(True)
        self.frames.addItems([f"all {count} frames", f"frame {frame}"])
        self.frames.setAccessibleName("Frames to export")
        self.frames.setToolTip("All frames, this frame, or a list like 2-5,9")
        self.transcript = QComboBox()
        for key, name in (("none", "No transcript pages"), ("facing", "Transcript facing each frame"),
                          ("after", "Transcript after all frames")):
            self.transcript.addItem(name, key)
        self.transcript.setAccessibleName("Transcript pages")
        self.text_layer = QComboBox()
        for key, name in (("transcript", "Transcript words (OCR where none)"), ("ocr", "OCR words"),
                          ("none", "No searchable text")):
            self.text_layer.addItem(name, key)
        self.text_layer.setAccessibleName("Searchable text layer")
        self.path = QLineEdit(str(default_folder() / f"{self._stem}-annotated.pdf"))
        self.path.setAccessibleName("Export to file")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose export file")
        browse.clicked.connect(self._browse)
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Format:", self.format)
        form.addRow("Frames:", self.frames)
        form.addRow("Transcript:", self.transcript)
        form.addRow("Text layer:", self.text_layer)
        form.addRow("Save as:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        path = Path(self.path.text())
        self.path.setText(str(path.with_suffix(SUFFIX[fmt])))
        for w in (self.transcript, self.text_layer):
            w.setEnabled(fmt == "pdf")

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export To", self.path.text())
        if path:
            self.path.setText(path)

    def frame_spec(self, frame: int) -> str | None:
        text = self.frames.currentText().strip()
        if text.startswith("all"):
            return None
        if text.startswith("frame "):
            return text.split()[1]
        return text

    def options(self, frame: int) -> ExportOptions:
        return ExportOptions(format=self.format.currentData(), frames=self.frame_spec(frame),
                             transcript=self.transcript.currentData(),
                             text_layer=self.text_layer.currentData())

    def out_path(self) -> Path:
        return Path(self.path.text()).expanduser()
