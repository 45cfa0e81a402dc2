"""Reading and diplomatic text, and the mapping of words back to the markup."""
import pytest
from hypothesis import given, settings, strategies as st

from transcript.reading import diplomatic_text, plain_text, reading_text, reading_words

from tests.test_transcript_markup import MEMCON, PIECES, TELEGRAM, read


@pytest.mark.parametrize("markup,reading", [
    ("a ~~clear~~ <sup>clearer</sup> picture", "a clearer picture"),
    ("make a <sup>further</sup> ~~subsequent~~ step", "make a further step"),
    ("the ~~removal~~<sup>removal</sup> of missiles", "the removal of missiles"),
    ("related to ~~such~~ such weapons", "related to such weapons"),
    ("much could be discussed about ~~guarantees~~. That", "much could be discussed about. That"),
    ("~~Mr. Sullivan~~ observed", "observed"),
    ("in the ~~area~~ and", "in the and"),
    ("con~~x~~tinue", "continue"),
    ("before\n\n~~XXXXXXXXXX~~\n\nafter", "before\n\n\nafter"),   # emptied line dropped
    ("~~CONFIDENTIAL~~", "CONFIDENTIAL"),                          # a marking, not a deletion
    ("# **Title**  \n*em* [Zorin?] [?] ███ ☒ DENY", "Title\nem Zorin [?] ███ ☒ DENY"),
    ("<!-- frame 2 -->\nText", "Text"),
    ("**01117**", "01117"),
    ("a  b", "a  b"),                                              # spacing kept elsewhere
])
def test_reading_text(markup, reading):
    assert reading_text(markup).text == reading


def test_diplomatic_text_shows_everything():
    d = diplomatic_text("a ~~clear~~ <sup>clearer</sup> picture\n~~XXXX~~\n~~SECRET~~")
    assert d.text == "a ⟦clear⟧ \\clearer/ picture\n⟦XXXX⟧\n⟦SECRET⟧"
    assert reading_text("<!-- frame 3 -->\nx", frame_labels=True).text == "[frame 3]\nx"


def test_words_map_back_to_source():
    src = "<!-- frame 7 -->\nMr. Kuznetsov ~~he~~ <sup>today</sup> responded."
    words = reading_words(src)
    assert [w.text for w in words] == ["Mr.", "Kuznetsov", "today", "responded."]
    today = words[2]
    assert src[today.src_start:today.src_end] == "today" and today.inserted
    assert all(w.frame == 7 for w in words)
    assert not words[1].inserted and words[1].kinds == {"text"}
    d = diplomatic_text(src).words()
    assert [w.text for w in d] == ["Mr.", "Kuznetsov", "⟦he⟧", "\\today/", "responded."]
    assert src[d[2].src_start:d[2].src_end] == "~~he~~" and d[2].deleted


def test_memcon_reading_text():
    text = read(MEMCON)
    r = reading_text(text).text
    for gone in ("~~", "<sup>", "</sup>", "**", "XXXXXXXXXX", "\\_"):
        assert gone not in r
    # Corrections read as the author finally meant them (written from the transcript).
    assert "Mr. Kuznetsov today responded that he still thought" in r
    assert "He wished to state that the removal of missiles, which the US called" in r
    assert "in order to make a further step toward the solution" in r
    assert "why the USSR persisted in removing weapons" in r
    assert "Ambassador Stevenson that first of all he wished to on Mr. Kuznetsov's" in r
    assert "Both sides must proceed from the Kennedy-Khrushchev letters" in r
    # Every plain word of the reading text is found at its source span; a word that
    # straddles markup spans it ("appropriate ~~document~~.", "Casilda*,").
    for w in reading_text(text).words():
        if w.kinds == {"text"} and w.src_end - w.src_start == len(w.text):
            assert text[w.src_start:w.src_end] == w.text
    straddle = [w for w in reading_text(text).words() if w.src_end - w.src_start != len(w.text)]
    assert straddle and all(any(m in text[w.src_start:w.src_end] for m in ("~~", "</sup>", "*"))
                            for w in straddle)


def test_telegram_reading_text_is_the_text():
    text = read(TELEGRAM)
    assert reading_text(text).text == text
    assert diplomatic_text(text).text == text


def test_plain_text():
    assert plain_text("# **The ~~Cuban~~ Crisis**  ") == "The Crisis"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30))
def test_hypothesis_mapping_is_consistent(pieces):
    src = "".join(pieces)
    for mapped in (reading_text(src), diplomatic_text(src)):
        pos = 0
        for run in mapped.runs:
            assert run.out_start == pos and run.out_end >= run.out_start
            assert 0 <= run.src_start <= run.src_end <= len(src)
            if run.out_end - run.out_start == run.src_end - run.src_start:
                assert mapped.text[run.out_start:run.out_end] == src[run.src_start:run.src_end]
            pos = run.out_end
        assert pos == len(mapped.text)
        for w in mapped.words():
            assert 0 <= w.src_start <= w.src_end <= len(src)
