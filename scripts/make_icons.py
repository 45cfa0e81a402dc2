#!/usr/bin/env python3
"""Render resources/reel-reader.svg into the PNG sizes desktops look for.

The freedesktop icon theme spec asks applications to install at least a 48x48 PNG in
hicolor; smaller sizes drawn from the SVG keep menus and file managers crisp. Run this
after editing the SVG: `.venv/bin/python scripts/make_icons.py` (tests check the PNGs
still match the SVG).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.files import ICON_SIZES, icon_png, ICON_SVG  # noqa: E402


def render(svg: Path, size: int):
    """The SVG drawn at SIZE x SIZE pixels, as a QImage (Qt's SVG renderer, antialiased)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    for size in ICON_SIZES:
        out = icon_png(size)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(ICON_SVG, size).save(str(out)):
            print(f"make_icons: cannot write {out}", file=sys.stderr)
            return 1
        print(f"make_icons: wrote {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
