"""The sample reel in resources/: present, consistent, and what the generator makes."""
import json

from reel import open_reel
from reelgen import plan, render
from reelgen.sample import SAMPLE_STYLE, sample_paths, sample_source
from transcript.frames import FRAME_MARKER_RE, frame_texts


def test_sample_reel_files_agree_with_each_other_and_the_corpus(corpus):
    paths = sample_paths()
    truth = json.loads(paths["truth"].read_text(encoding="utf-8"))
    md = paths["md"].read_text(encoding="utf-8")
    source = (corpus / "transcripts" / "reel-memcon-1962-11-08.md").read_text(encoding="utf-8")
    assert FRAME_MARKER_RE.sub("", md) == source
    reel = open_reel(paths["pdf"])
    assert len(reel) == truth["frame_count"] == len(truth["frames"]) == len(frame_texts(md))
    assert paths["pdf"].stat().st_size < 5_000_000           # ships in the repository
    kinds = [f["kind"] for f in truth["frames"]]
    assert {"document", "target", "title", "finding-aid"} <= set(kinds)
    assert reel.transcript_path() == paths["md"]
    for f in truth["frames"]:
        assert reel.frame_size(f["index"]) == (f["width"], f["height"])
        a, b = f["text_span"]
        assert md[a:b] == frame_texts(md)[f["index"]]
    reel.close()


def test_sample_is_what_the_generator_makes_now(corpus):
    """Regenerating frame 1 with the sample's settings gives the committed truth (the
    whole reel is remade with ``python -m reelgen --sample``)."""
    paths = sample_paths()
    truth = json.loads(paths["truth"].read_text(encoding="utf-8"))
    p = plan(sample_source().read_text(encoding="utf-8"), SAMPLE_STYLE)
    assert p.marked == paths["md"].read_text(encoding="utf-8")
    _, record = render(p, 0, 1, SAMPLE_STYLE)
    assert json.loads(json.dumps(record)) == truth["frames"][0]
