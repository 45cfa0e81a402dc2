"""open_reel: decide what a path holds and open it, or say plainly why not."""
from __future__ import annotations

import os
from pathlib import Path

from .base import Reel
from .errors import ReelError
from .pdf import PdfReel


def open_reel(path, password: str | None = None) -> Reel:
    path = Path(path).expanduser()
    if not path.exists():
        raise ReelError(f"{path} does not exist: check the path, or choose another reel.")
    if not os.access(path, os.R_OK):
        raise ReelError(f"{path.name} cannot be read: you lack permission to open it.")
    # Pillow and natsort are imported only for image reels: a render worker showing a PDF
    # reel does without them (each worker would carry them otherwise).
    if path.is_dir():
        from .images import open_folder
        return open_folder(path)
    size = path.stat().st_size
    if size == 0:
        raise ReelError(f"{path.name} is empty (0 bytes): the copy or download did not finish; "
                        "copy it again.")
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" in head:
        return PdfReel(path, password=password)
    if path.suffix.lower() == ".pdf":
        raise ReelError(f"{path.name} is not a PDF (it has no PDF header); it may be damaged or "
                        "misnamed.")
    from .images import open_image_file, open_zip
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        return open_zip(path)
    return open_image_file(path)
