"""OCR: Tesseract's words with boxes, run in parallel and cached; the transcript aligned
to them; reel-wide transcripts split across frames; hOCR and ALTO. No Qt here.

    from ocr.engine import OcrSettings, recognize      # one frame
    from ocr.runner import run_ocr                     # many frames, cached, cancellable
    from ocr.align import align                        # transcript words -> boxes
    from ocr.split import split_by_ocr                 # frame markers from alignment
    from ocr.formats import to_hocr, to_alto
"""
