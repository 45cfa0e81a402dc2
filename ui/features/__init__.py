"""Features that plug into the window without the window knowing them.

Each module in FEATURES has install(window) -> object: it adds its actions to the
window's menus (window.menus["Tools"], …) and toolbar, its panels, its status-bar
widgets, and connects to the session's signals. The main window stays a thin assembler.
"""
from __future__ import annotations

import importlib

FEATURES: list[str] = ["find", "export", "ocr", "analysis", "annotations"]


def install_features(window) -> dict[str, object]:
    installed = window.features = {}   # filled in order: a feature may use those before it
    for name in FEATURES:
        module = importlib.import_module(f"ui.features.{name}")
        installed[name] = module.install(window)
    return installed
