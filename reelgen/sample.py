"""The sample reel that ships in ``resources/`` and that the app opens by default.

Made from the memorandum of conversation's real transcript in the shared corpus; these
settings are the sample's, and ``python -m reelgen --sample`` remakes it exactly.
Other reels (tests, benchmarks) should use other seeds and noise so that a detector
tuned on the sample is still measured on frames it has not seen.
"""
from __future__ import annotations

from pathlib import Path

from .draw import Style

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_STYLE = Style(seed=1962, noise=0.45, typeface="courier", pitch=12, spacing=1.5,
                     hand="cursive", skew=0.8)
SAMPLE_QUALITY = 32
SAMPLE_DPI = 300


def sample_source() -> Path:
    return ROOT.parent / "shared" / "corpus" / "transcripts" / "reel-memcon-1962-11-08.md"


def sample_paths() -> dict[str, Path]:
    res = ROOT / "resources"
    return {"pdf": res / "sample-reel.pdf", "md": res / "sample-reel.md",
            "truth": res / "sample-reel.truth.json"}
