"""The core never imports Qt or the widgets (an import-linter contract, as napari keeps)."""
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CORE = ["reel", "transcript", "library", "ocr", "analysis", "export", "reelgen", "work", "cli", "desktop"]
QT = ["ui", "viewer"]


def test_core_is_free_of_qt(tmp_path):
    core = [p for p in CORE if (ROOT / p / "__init__.py").exists()]
    config = tmp_path / "importlinter.ini"
    config.write_text(
        "[importlinter]\ninclude_external_packages = True\nroot_packages =\n"
        + "".join(f"    {p}\n" for p in core + QT)
        + "\n[importlinter:contract:core-free-of-qt]\nname = The core never imports Qt or the widgets\n"
        "type = forbidden\nsource_modules =\n" + "".join(f"    {p}\n" for p in core)
        + "forbidden_modules =\n    ui\n    viewer\n    PySide6\n")
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), str(config), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
