"""reelgen: synthetic scanned reels with ground truth (see README.md in this folder).

    from reelgen import Style, make_reel
    make_reel(["T.md"], "out.pdf", Style(seed=7, noise=0.6))

writes out.pdf (image-only, one grey JPEG a frame), out.md (the transcript with
``<!-- frame N -->`` markers) and out.truth.json (every word, correction, stamp, check
box, marking and redaction, boxed in pixels at 300 dpi).  No Qt.
"""
from .draw import Style
from .reel import Planned, make_reel, plan, render

__all__ = ["Style", "make_reel", "plan", "render", "Planned"]
