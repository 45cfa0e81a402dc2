"""Specimen transcripts for tests and benchmarks, written to exercise the generator.

* ``every-mark.md`` — one frame with every construct of the markup: fiche header, a
  review stamp with ticked and empty boxes, struck markings, corrections both ways
  round, an x-out, black and ``[redacted]`` redactions, a ``(b)(1)`` code, illegible
  and unclear text.
* ``reel-layout.md`` — a reel without frame markers: page turns the transcriber left,
  a marking at a page's foot, a target, a title, a finding aid, then the document
  again.
* ``withheld.md`` — two documents heavy with redactions and unstruck markings, for
  measuring the detection of what the corpus's transcripts lack.

The corpus transcripts are real; these are made up, in the same hand.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVERY_MARK = HERE / "every-mark.md"
REEL_LAYOUT = HERE / "reel-layout.md"
WITHHELD = HERE / "withheld.md"


def _read(p: Path) -> str:
    with open(p, encoding="utf-8", newline="") as f:
        return f.read()


ONE_FRAME = _read(EVERY_MARK)
REEL = _read(REEL_LAYOUT)
WITHHELD_TEXT = _read(WITHHELD)
