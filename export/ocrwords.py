"""The text layer's words from OCR and the aligned transcript (issue 6's pipeline)."""
from __future__ import annotations

from ocr.align import align
from ocr.engine import FrameOcr, OcrSettings
from ocr.runner import KIND, run_ocr

from .model import FrameWords, Mark, PlacedWord


class DictCache:
    """The cache when no library can be used: this export only."""

    def __init__(self):
        self._items = {}

    def get_cached(self, kind, digest, key):
        return self._items.get((kind, digest, key))

    def put_cached(self, kind, digest, key, payload):
        self._items[(kind, digest, key)] = payload


class OcrWordSource:
    """Each frame's words: its transcript aligned to its OCR where it has a transcript
    (in reading order: struck words left out, insertions taken in), else the OCR words.
    Frames not yet recognised are recognised during the export and kept in the cache."""

    def __init__(self, reel, transcripts: dict[int, str], cache, mode: str = "transcript",
                 password: str | None = None, jobs: int | None = None):
        self.reel, self.transcripts, self.cache, self.mode = reel, transcripts, cache, mode
        self.password, self.jobs = password, jobs
        self.settings = OcrSettings()
        self._key = self.settings.key()

    def _ocr(self, frame: int) -> FrameOcr | None:
        if self.cache is None:
            return None
        hit = self.cache.get_cached(KIND, self.reel.frame_digest(frame), self._key)
        return FrameOcr.from_json(hit) if hit else None

    def needs_recognition(self, frames) -> list[int]:
        return [n for n in frames if self._ocr(n) is None] if self.cache is not None else []

    def recognise(self, frames, progress, cancelled) -> dict[int, str]:
        failures = {}
        try:
            run_ocr(self.reel, list(frames), self.settings, cache=self.cache, jobs=self.jobs,
                    progress=progress, cancelled=cancelled, password=self.password)
        except Exception as exc:  # a frame Tesseract cannot read: the export goes on without its text
            failures = {n: f"recognition failed: {exc}" for n in frames if self._ocr(n) is None}
        return failures

    def frame_words(self, frame: int) -> FrameWords | None:
        ocr = self._ocr(frame)
        if ocr is None:
            return None
        text = self.transcripts.get(frame)
        if self.mode == "transcript" and text and text.strip():
            aligned = [w for w in align(text, ocr) if w.bbox]
            words = tuple(PlacedWord(w.text, tuple(w.bbox)) for w in aligned if not w.deleted)
            marks = tuple(Mark("deletion" if w.deleted else "insertion", (tuple(w.bbox),),
                               ("struck: " if w.deleted else "written in: ") + w.text, w.text)
                          for w in aligned if w.deleted or w.inserted)
            return FrameWords("transcript", words, marks)
        return FrameWords("ocr", tuple(PlacedWord(w.text, tuple(w.bbox)) for w in ocr.words))
