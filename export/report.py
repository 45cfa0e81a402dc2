"""What an export did, for the dialog, the verb's output and the tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ExportReport", "FrameFailure", "ExportCancelled"]


class ExportCancelled(Exception):
    """Raised inside an export when ``cancelled()`` turns true; export_reel catches it
    and returns a report with ``cancelled`` set and no file written."""


@dataclass(frozen=True)
class FrameFailure:
    frame: int
    reason: str

    def to_json(self) -> dict:
        return {"frame": self.frame, "reason": self.reason}


@dataclass
class ExportReport:
    out_path: Path | None
    format: str
    frames: list[int] = field(default_factory=list)        # asked for
    exported: list[int] = field(default_factory=list)      # written
    failed: list[FrameFailure] = field(default_factory=list)
    pages: int = 0
    text_layer: dict[int, str] = field(default_factory=dict)   # frame -> transcript|ocr|given|source|none
    recognised: list[int] = field(default_factory=list)    # frames recognised during the export
    decoded: dict[int, str] = field(default_factory=dict)  # frames whose image had to be re-encoded, why
    annotations: int = 0
    outline: int = 0
    transcript_source: str | None = None
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Written, with every asked-for frame in it."""
        return not self.cancelled and self.out_path is not None and not self.failed

    def to_json(self) -> dict:
        return {
            "out": str(self.out_path) if self.out_path else None,
            "format": self.format,
            "frames": self.frames,
            "exported": self.exported,
            "failed": [f.to_json() for f in self.failed],
            "pages": self.pages,
            "text_layer": {str(k): v for k, v in sorted(self.text_layer.items())},
            "recognised": self.recognised,
            "decoded": {str(k): v for k, v in sorted(self.decoded.items())},
            "annotations": self.annotations,
            "outline": self.outline,
            "transcript_source": self.transcript_source,
            "warnings": self.warnings,
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """A few lines for a dialog or the terminal."""
        if self.cancelled:
            return "Export cancelled; nothing was written."
        lines = [f"Wrote {self.out_path} ({self.format}): {len(self.exported)} of {len(self.frames)} frames"
                 + (f", {self.pages} pages" if self.format == "pdf" else "") + "."]
        for f in self.failed:
            lines.append(f"  left out: {f.reason}")
        if self.format == "pdf":
            layered = sorted(k for k, v in self.text_layer.items() if v not in ("none",))
            lines.append(f"  text layer on {len(layered)} frames; {self.annotations} annotations; "
                         f"{self.outline} outline entries")
            if self.recognised:
                lines.append(f"  recognised {len(self.recognised)} frames during the export (kept in the library)")
            if self.decoded:
                lines.append(f"  {len(self.decoded)} frames re-encoded losslessly: "
                             + "; ".join(sorted(set(self.decoded.values()))))
        lines += [f"  note: {w}" for w in self.warnings]
        return "\n".join(lines)
