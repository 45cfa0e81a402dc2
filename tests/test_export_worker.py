"""An export in a worker process (as the window runs it): progress comes back, cancel
stops it and leaves nothing behind."""
from __future__ import annotations

import time

from export import ExportOptions
from export.worker import ExportJob
from tests.test_export_fixtures import pdf_reel
from work import ProcessPool


def _wait(job, seconds=60):
    seen = []
    end = time.monotonic() + seconds
    while not job.future.done() and time.monotonic() < end:
        seen += job.progress()
        time.sleep(0.02)
    report = job.future.result(timeout=1)
    seen += job.progress()
    return report, seen


def test_export_in_a_worker_process_reports_progress(tmp_path):
    known = pdf_reel(tmp_path)
    pool = ProcessPool(1)
    try:
        job = ExportJob.start(pool, known.path, tmp_path / "out.pdf", ExportOptions(transcript="after"))
        report, seen = _wait(job)
        job.close()
        assert report.ok and report.exported == [1, 2, 3]
        assert (tmp_path / "out.pdf").exists()
        assert [d for d, _, _ in seen][-1] == seen[-1][1] == 3          # done/total at the end
        assert any("frame 2" in m for _, _, m in seen)

        job = ExportJob.start(pool, known.path, tmp_path / "cancelled.pdf", ExportOptions())
        job.cancel()
        report, _ = _wait(job)
        job.close()
        assert report.cancelled and not (tmp_path / "cancelled.pdf").exists()
        assert not [p for p in tmp_path.iterdir() if "partial" in p.name]
    finally:
        pool.shutdown(wait=True)
