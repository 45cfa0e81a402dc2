"""Finding corrections, stamps and redactions on the scan itself (OpenCV). No Qt here.

    from analysis.detect import analyze_image      # one frame image (+ OCR words)
    from analysis.runner import run_analysis       # many frames, cached in the library
"""
