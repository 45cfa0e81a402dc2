"""The markup parser: exact offsets, byte-for-byte round trip, every construct, and the
line tokenizer that the highlighter uses agreeing with the whole-text parse."""
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from transcript.markup import (LineState, Span, parse, serialize, split_lines,
                               tokenize_line, TOKEN_KINDS)

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "transcripts"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/transcripts")
MEMCON = CORPUS / "reel-memcon-1962-11-08.md"
TELEGRAM = CORPUS / "frus-telegram-1962-11-06.md"


def read(p: Path) -> str:
    with open(p, encoding="utf-8", newline="") as f:
        return f.read()


def kinds(text):
    return [(t.kind, t.text) for t in parse(text).tokens if t.kind != "newline"]


def check_offsets(text: str):
    """Tokens tile the text, each token's text is its slice, inner content inside it."""
    t = parse(text)
    assert serialize(t) == text
    pos = 0
    for tok in t.tokens:
        assert tok.start == pos and tok.end > tok.start
        assert text[tok.start:tok.end] == tok.text
        assert tok.start <= tok.inner_start <= tok.inner_end <= tok.end
        assert tok.kind in TOKEN_KINDS
        pos = tok.end
    assert pos == len(text)
    for sp in t.corrections + t.stamps + t.line_spans + t.headers:
        assert text[sp.start:sp.end] == sp.text
    return t


@pytest.mark.parametrize("path", [MEMCON, TELEGRAM], ids=["memcon", "telegram"])
def test_corpus_round_trip_and_offsets(path):
    check_offsets(read(path))


def test_deletion_insertion_and_their_content():
    t = parse("a ~~clear~~ <sup>clearer</sup> picture")
    d, i = t.of_kind("deletion")[0], t.of_kind("insertion")[0]
    assert (d.start, d.end, d.content) == (2, 11, "clear")
    assert (i.start, i.end, i.content) == (12, 30, "clearer")
    [c] = t.corrections
    assert (c.start, c.end) == (2, 30)
    assert c.attrs["deletion"].content == "clear" and c.attrs["insertion"].content == "clearer"
    assert c.attrs["order"] == "del-ins"


@pytest.mark.parametrize("text,pairs", [
    ("~~removal~~<sup>removal</sup>", [("removal", "removal")]),
    ("<sup>further</sup> ~~subsequent~~ step", [("subsequent", "further")]),
    ("~~a~~ \t <sup>b</sup>", [("a", "b")]),
    ("~~such~~ such weapons", []),                       # struck, then retyped
    ("~~a~~\n<sup>b</sup>", []),                          # never across a line break
    ("~~a~~ ~~b~~ <sup>c</sup>", [("b", "c")]),          # greedy, left to right
    ("<sup>how</sup> ~~and~~ <sup>Cuban</sup>", [("and", "how")]),  # at most one pair each
    ("~~a~~ x <sup>b</sup>", []),
    ("~~XXXX~~ <sup>b</sup>", []),                        # an x-out is not a deletion
])
def test_correction_pairing_rules(text, pairs):
    t = parse(text)
    assert [(c.attrs["deletion"].content, c.attrs["insertion"].content)
            for c in t.corrections] == pairs


@pytest.mark.parametrize("line,kind,attrs", [
    ("~~XXXXXXXXXX~~", "xout", {}),
    ("~~\\_\\_\\_~~  ", "xout", {}),
    ("~~x-x-x~~ words", "xout", {}),
    ("~~SECRET~~", "classification", {"struck": True, "marking": "SECRET"}),
    ("  ~~TOP SECRET~~  ", "classification", {"struck": True, "marking": "TOP SECRET"}),
    ("CONFIDENTIAL", "classification", {"struck": False, "marking": "CONFIDENTIAL"}),
    ("SECRET - EYES ONLY", "classification", {"struck": False, "marking": "SECRET - EYES ONLY"}),
    ("the ~~SECRET~~ file", "deletion", {}),            # not alone on its line
    ("~~Mr. Sullivan~~ observed", "deletion", {}),
])
def test_strike_kinds(line, kind, attrs):
    toks = [t for t in parse(line).tokens if t.kind not in ("text", "hardbreak")]
    assert toks[0].kind == kind
    for k, v in attrs.items():
        assert toks[0].attrs[k] == v


def test_unstruck_classification_word_inside_prose_is_text():
    assert kinds("Eyes only for Secretary. SECRET") == [("text", "Eyes only for Secretary. SECRET")]


def test_checkboxes_redactions_unclear_frames():
    t = parse("☐ RELEASE ☒ DENY ☑ X\nHe said ███ and [redacted] and (b)(1) [illegible] "
              "[Zorin?] [?]\n<!-- frame 12 -->\nText")
    boxes = t.of_kind("checkbox")
    assert [b.attrs["ticked"] for b in boxes] == [False, True, True]
    assert [r.text for r in t.of_kind("redaction")] == ["███", "[redacted]", "(b)(1)"]
    assert t.of_kind("redaction")[2].attrs["code"] == "(b)(1)"
    assert [u.attrs["reading"] for u in t.of_kind("unclear")] == ["Zorin", ""]
    assert [i.text for i in t.of_kind("illegible")] == ["[illegible]"]
    [m] = t.of_kind("frame_marker")
    assert m.attrs["frame"] == 12
    assert t.frame_at(0) is None and t.frame_at(m.start) == 12 and t.frame_at(len(t.source)) == 12


def test_markdown_constructs():
    text = "# **Title**\n## Sub\n*em* and **strong**  \nA\tX\t\tX\n"
    t = check_offsets(text)
    headings = [(s.attrs["level"], s.text) for s in t.line_spans if s.kind == "heading"]
    assert headings == [(1, "# **Title**"), (2, "## Sub")]
    assert [s.content for s in t.of_kind("strong")] == ["Title", "strong"]
    assert [s.content for s in t.of_kind("emphasis")] == ["em"]
    assert [s.text for s in t.of_kind("hardbreak")] == ["  "]
    [grid] = [s for s in t.line_spans if s.kind == "grid"]
    assert grid.attrs["cells"] == ["A", "X", "", "X"]


def test_fiche_header_id_then_date():
    t = parse("\n**01117**\n\n**1962/11/08**\n\ntext **1962/11/08**\n")
    [h] = t.headers
    assert h.attrs == {"id": "01117", "date": "1962/11/08"}
    assert h.text == "**01117**\n\n**1962/11/08**"
    # A bold date that does not follow an ID is just bold text.
    assert [s.kind for s in t.tokens if "1962" in s.text] == ["header", "strong"]


@pytest.mark.parametrize("text", [
    "~~", "~~~", "~~~~", "a ~~b", "<sup>a", "a</sup>", "<sup><sup>x</sup>", "~~a\nb~~",
    "**", "*", "[", "[redacted", "<!-- frame -->", "<!-- frame 3", "\r\n\r", "☐\r☒",
    "  \n  ", "\t", "#", "#x", "~~SECRET", "█", "\x00\u2028\ufeff",
])
def test_malformed_markup_round_trips(text):
    check_offsets(text)


def test_nested_markup_gets_child_tokens():
    t = parse("# **The ~~Cuban~~ <sup>Missile</sup> Crisis**")
    [strong] = [x for x in t.tokens if x.kind == "strong"]
    kids = strong.attrs["children"]
    assert [(k.kind, k.text) for k in kids] == [
        ("text", "The "), ("deletion", "~~Cuban~~"), ("text", " "),
        ("insertion", "<sup>Missile</sup>"), ("text", " Crisis")]
    assert t.source[kids[1].start:kids[1].end] == "~~Cuban~~"
    assert t.counts()["deletion"] == 1 and t.counts()["insertion"] == 1
    # The highlighter gets the nested tokens after the tiling ones, to paint on top.
    lt = tokenize_line(t.source, 0)
    assert [s.kind for s in lt.spans] == ["heading", "text", "strong", "text", "deletion",
                                          "text", "insertion", "text"]
    assert lt.tokens == [s for s in lt.spans if s.kind in ("text", "strong")][:2]


def test_unbalanced_markup_is_plain_text():
    assert kinds("a ~~b c") == [("text", "a ~~b c")]
    assert kinds("a <sup>b c") == [("text", "a <sup>b c")]


def _tokenize_by_lines(text):
    """What a QSyntaxHighlighter does: block by block, carrying the state."""
    state = -1
    out = []
    for start, end, _ in split_lines(text):
        lt = tokenize_line(text[start:end], state)
        top = lt.tokens + [s for s in lt.spans if s.kind in ("correction", "stamp", "heading",
                                                               "grid")]
        out += [(s.kind, s.start + start, s.end + start) for s in top]
        state = lt.state
    return out


def test_line_tokenizer_agrees_with_parse():
    text = read(MEMCON)
    t = parse(text)
    whole = sorted([(s.kind, s.start, s.end) for s in t.tokens if s.kind != "newline"]
                   + [(s.kind, s.start, s.end) for s in t.corrections + t.line_spans])
    assert sorted(_tokenize_by_lines(text)) == whole


def test_line_state_is_small_and_carries_stamp_through_blank_lines():
    lt = tokenize_line("☐ RELEASE ☒ DENY", -1)
    assert lt.state == LineState.STAMP and lt.spans[0].kind == "stamp"
    blank = tokenize_line("", lt.state)
    assert blank.state == LineState.STAMP and not blank.spans
    field = tokenize_line("TS authority to:", blank.state)
    assert field.spans[0].kind == "stamp" and field.state == LineState.STAMP
    prose = tokenize_line("Drafted by A. Akalovsky", field.state)
    assert prose.state == LineState.NONE and all(s.kind != "stamp" for s in prose.spans)
    # Outside a stamp the same field line is plain text.
    assert all(s.kind != "stamp" for s in tokenize_line("TS authority to:", 0).spans)
    assert all(0 <= tokenize_line(x, s).state < 4
               for x in ["", "a", "**01117**", "☐"] for s in range(-1, 4))


def test_line_spans_are_relative_to_the_line():
    lt = tokenize_line("x ~~a~~ <sup>b</sup>", 0)
    corr = [s for s in lt.spans if s.kind == "correction"]
    assert [(s.start, s.end) for s in corr] == [(2, 20)]
    assert [(s.kind, s.start, s.end) for s in lt.tokens] == [
        ("text", 0, 2), ("deletion", 2, 7), ("text", 7, 8), ("insertion", 8, 20)]


# --- hypothesis: random text mixing every construct, including broken ones --------
PIECES = [
    "~~", "~~clear~~", "<sup>clearer</sup>", "<sup>", "</sup>", "<SUP>x</SUP>", " ", "  ",
    "\t", "\n", "\r\n", "\r", "☐", "☒", "☑", "~~XXXXXXXXXX~~", "~~\\_\\_~~", "~~SECRET~~",
    "CONFIDENTIAL", "**01117**", "**1962/11/08**", "<!-- frame 3 -->", "<!-- frame x -->",
    "█████", "[redacted]", "[illegible]", "[?]", "[word?]", "(b)(1)", "# ", "## ", "*", "**",
    "*em*", "**strong**", "REVIEWED BY JB DATE 3/2/88", "TS authority to:", "IS/FPC/CDS",
    "word", "Mr.", "é", "[", "]", "<", ">", "<!--", "-->", "X", "\\_", "-",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40))
def test_hypothesis_round_trip_mixing_every_construct(pieces):
    text = "".join(pieces)
    check_offsets(text)
    whole = sorted([(s.kind, s.start, s.end) for s in parse(text).tokens if s.kind != "newline"]
                   + [(s.kind, s.start, s.end) for s in parse(text).corrections
                      + parse(text).line_spans])
    assert sorted(_tokenize_by_lines(text)) == whole


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_hypothesis_any_text_round_trips(text):
    check_offsets(text)


def test_positions_for_qt_are_utf16_and_per_line():
    from transcript.markup import utf16_span
    text = "first\r\n😀 ~~a~~ <sup>b</sup>\nthird"
    t = parse(text)
    d = t.of_kind("deletion")[0]
    assert t.position(d.start) == (1, 3)          # the emoji is two UTF-16 units
    assert t.position(text.index("third")) == (2, 0)
    line = "😀 ~~a~~"
    lt = tokenize_line(line, 0)
    [dl] = [s for s in lt.tokens if s.kind == "deletion"]
    assert (dl.start, dl.end) == (2, 7) and utf16_span(line, dl) == (3, 5)
    assert utf16_span("plain ~~a~~", tokenize_line("plain ~~a~~").tokens[1]) == (6, 5)
