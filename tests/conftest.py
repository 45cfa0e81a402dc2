"""Shared fixtures. Qt tests run offscreen; every library lives in a temp folder."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLE_REEL = ROOT / "resources" / "sample-reel.pdf"


@pytest.fixture(autouse=True)
def _private_library(tmp_path, monkeypatch):
    # No test may touch the user's real library or settings.
    monkeypatch.setenv("REEL_READER_LIBRARY", str(tmp_path / "library.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    # Windows of tests not about it (and of the app started as a subprocess) do not pay
    # for the OCR of untranscribed frames in the background; those tests turn it on.
    settings = tmp_path / "xdg-config" / "reel-reader" / "reel-reader.ini"
    settings.parent.mkdir(parents=True)
    settings.write_text("[ocr]\nbackground=false\n")


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}: check out ../shared beside the repo")
    return CORPUS
