"""Where the generator puts frame breaks, and the transcript it writes back."""
import pytest
from hypothesis import given, settings, strategies as st

from reelgen import Style, plan
from reelgen.specimens import ONE_FRAME, REEL
from transcript.frames import FRAME_MARKER_RE, frame_texts, split_frames
from transcript.markup import parse


def _strip(text: str) -> str:
    return FRAME_MARKER_RE.sub("", text)


def test_reel_layout_follows_the_transcribers_page_turns():
    p = plan(REEL, Style())
    assert [f.kind for f in p.frames] == ["document", "document", "target", "title",
                                          "finding-aid", "document"]
    texts = frame_texts(p.marked)
    assert texts[1].startswith("**01117**")
    # A paragraph that ends mid-sentence and one that goes on in lower case: a page turn.
    assert texts[1].rstrip().endswith("a tranquil situation")
    assert texts[2].startswith("in the Caribbean")
    # The marking after it is that page's foot, not the next page's head.
    assert p.frames[1].foot is not None and "CONFIDENTIAL" in texts[2]
    assert texts[3].startswith("# The Cuban Missile Crisis Revisited\n") and "REEL #" in texts[3]
    assert texts[4].startswith("# **The Cuban") and "## " not in texts[4]
    assert texts[5].startswith("## **Technical Data:**")
    assert texts[6].startswith("positions of the Soviet ships")


@pytest.mark.parametrize("source", [REEL, ONE_FRAME, "no newline at the end", "\r\nCRLF\r\n\r\nlines\r\n"])
def test_markers_round_trip_to_the_source_byte_for_byte(source):
    p = plan(source, Style())
    assert _strip(p.marked) == source
    pieces = [x for x in split_frames(p.marked) if x.frame is not None]
    assert [x.frame for x in pieces] == list(range(1, len(p.frames) + 1))
    assert split_frames(p.marked)[0].frame == 1   # nothing before frame 1
    for x, span in zip(pieces, p.text_spans):
        assert (x.text_start, x.end) == span


def test_a_paragraph_longer_than_a_page_is_split_between_words_not_inside_markup():
    sentence = "The delegation ~~discussed~~ <sup>considered</sup> the question at length. "
    source = "Opening line.\n\n" + sentence * 60 + "\n\nA closing paragraph.\n"
    p = plan(source, Style())
    assert len(p.frames) == 2
    assert _strip(p.marked) == source
    # The marker sits before a word, inside plain text; the markup still parses the same.
    second = frame_texts(p.marked)[2]
    assert second[0].isalpha() or second.startswith("~~") or second.startswith("<sup>")
    assert parse(p.marked).counts() == parse(source).counts()
    assert all(t.kind != "text" or "~~" not in t.text for t in parse(p.marked).tokens)


def test_a_transcript_with_markers_keeps_them_and_gets_no_new_ones():
    source = ("Notes before any frame.\n<!-- frame 1 -->\nFirst page.\n\n<!-- frame 2 -->\n"
              "Second ~~page~~ <!-- frame 3 -->third, in mid-line.\n")
    p = plan(source, Style())
    assert p.marked == source
    assert len(p.frames) == 3   # the notes before frame 1 belong to no frame, as in the window
    assert [source[a:b] for a, b in p.text_spans] == ["First page.\n\n", "Second ~~page~~ ",
                                                      "third, in mid-line.\n"]


def test_markers_that_skip_or_repeat_a_number_are_refused_with_a_reason():
    for bad in ("<!-- frame 2 -->\nTwo\n", "<!-- frame 1 -->\nA\n<!-- frame 1 -->\nB\n"):
        with pytest.raises(ValueError, match="number the frames 1, 2, 3"):
            plan(bad, Style())


_PIECES = ["~~", "<sup>", "</sup>", "☐", "☒", "█", "[redacted]", "[illegible]", "[x?]", "(b)(1)",
           "**", "*", "# ", "## ", "\t", "X", "\n", "\n\n", "\n\n\n\n", "  \n", "SECRET",
           "~~SECRET~~", "REVIEWED BY ", "word ", "é", "😀", "a" * 90, " ", "\r\n",
           "CONFIDENTIAL\n", "**01234**\n\n**1962/01/02**\n", "~~XXXX~~", "<sup>new</sup>"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50))
def test_any_markup_lays_out_and_round_trips(pieces):
    source = "".join(pieces)
    try:
        p = plan(source, Style())
    except ValueError as exc:
        assert "no text" in str(exc) and not source.strip()
        return
    assert _strip(p.marked) == source
    assert len(p.text_spans) == len(p.frames) == len(frame_texts(p.marked))


def test_an_empty_transcript_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="no text"):
        plan("\n\n  \n", Style())


def test_pitch_and_spacing_change_the_page_capacity():
    long = ("word " * 2000).strip() + "\n"
    elite = plan(long, Style(pitch=12, spacing=1.5))
    pica_double = plan(long, Style(pitch=10, spacing=2))
    assert len(pica_double.frames) > len(elite.frames) >= 2
