"""Splitting a transcript at frame markers and writing per-frame edits back."""
from hypothesis import given, settings, strategies as st

from transcript.frames import (FrameText, frame_texts, join_frames, replace_frame_text,
                               split_frames, with_frame_markers)
from transcript.markup import parse

TEXT = ("Preamble line\n"
        "<!-- frame 1 -->\nFirst ~~a~~ <sup>b</sup>\n\n"
        "<!-- frame 2 -->  \r\nSecond\r\n"
        "<!--frame 3-->Third, no newline after the marker\n"
        "<!-- frame 5 -->\nLast")


def test_split_keeps_preamble_markers_and_offsets():
    pieces = split_frames(TEXT)
    assert [p.frame for p in pieces] == [None, 1, 2, 3, 5]
    assert pieces[0].text == "Preamble line\n"
    assert pieces[1] == FrameText(1, 14, 14 + 17 + 26, "<!-- frame 1 -->\n",
                                  "First ~~a~~ <sup>b</sup>\n\n")
    assert pieces[2].marker == "<!-- frame 2 -->  \r\n" and pieces[2].text == "Second\r\n"
    assert pieces[3].marker == "<!--frame 3-->"
    assert pieces[4].text == "Last"
    for p in pieces:
        assert TEXT[p.start:p.end] == p.marker + p.text
        assert TEXT[p.text_start:p.end] == p.text
    assert join_frames(pieces) == TEXT


def test_frame_texts_and_parser_agree_on_frames():
    texts = frame_texts(TEXT)
    assert texts == {1: "First ~~a~~ <sup>b</sup>\n\n", 2: "Second\r\n",
                     3: "Third, no newline after the marker\n", 5: "Last"}
    t = parse(TEXT)
    for p in split_frames(TEXT):
        assert t.frame_at(p.text_start) == p.frame
        assert t.frame_at(p.end - 1) == p.frame


def test_no_markers_is_one_piece_of_no_frame():
    assert split_frames("just text\n") == [FrameText(None, 0, 10, "", "just text\n")]
    assert frame_texts("just text\n") == {}
    assert split_frames("") == []


def test_with_frame_markers_round_trips_through_frame_texts():
    texts = {3: "three\n", 1: "one", 2: ""}
    whole = with_frame_markers(texts)
    assert whole == "<!-- frame 1 -->\none\n<!-- frame 2 -->\n<!-- frame 3 -->\nthree\n"
    assert frame_texts(whole) == {1: "one\n", 2: "", 3: "three\n"}
    assert with_frame_markers({1: "x"}, preamble="front") == "front\n<!-- frame 1 -->\nx"


def test_replace_frame_text_touches_only_that_frame():
    new = replace_frame_text(TEXT, 2, "Edited second")
    assert frame_texts(new)[2] == "Edited second\n"  # the next marker stays on its line
    for n in (1, 3, 5):
        assert frame_texts(new)[n] == frame_texts(TEXT)[n]
    assert new.startswith("Preamble line\n")
    # Writing back the same text changes nothing at all.
    for p in split_frames(TEXT):
        assert replace_frame_text(TEXT, p.frame, p.text) == TEXT


def test_replace_frame_text_adds_a_missing_frame_in_order():
    new = replace_frame_text(TEXT, 4, "Fourth")
    assert [p.frame for p in split_frames(new)] == [None, 1, 2, 3, 4, 5]
    assert frame_texts(new)[4] == "Fourth\n" and frame_texts(new)[5] == "Last"
    end = replace_frame_text("<!-- frame 1 -->\nx", 9, "nine")
    assert frame_texts(end) == {1: "x\n", 9: "nine"}
    assert replace_frame_text("no markers", 1, "one") == "no markers\n<!-- frame 1 -->\none"


def test_replace_preamble():
    assert replace_frame_text(TEXT, None, "New front").startswith("New front\n<!-- frame 1 -->")
    assert replace_frame_text("<!-- frame 1 -->\nx", None, "front\n") == "front\n<!-- frame 1 -->\nx"


def test_frame_marked_twice_gets_both_pieces():
    text = "<!-- frame 1 -->\na\n<!-- frame 2 -->\nb\n<!-- frame 1 -->\nc\n"
    assert frame_texts(text) == {1: "a\nc\n", 2: "b\n"}
    assert frame_texts(replace_frame_text(text, 1, "z\n")) == {1: "z\n", 2: "b\n"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["<!-- frame 1 -->", "<!-- frame 22 -->\n", "\n",
                                           "\r\n", "x", "<!--", "frame", "-->", " "]),
                          st.text(max_size=3)), max_size=30))
def test_hypothesis_split_join(pieces):
    text = "".join(pieces)
    assert join_frames(split_frames(text)) == text
    frames = [p.frame for p in split_frames(text)]
    for p in split_frames(text):
        if frames.count(p.frame) == 1:  # writing a frame's own text back changes nothing
            assert replace_frame_text(text, p.frame, p.text) == text
