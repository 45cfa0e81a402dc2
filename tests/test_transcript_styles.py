"""Every mark the parser finds has a style for the highlighter, overlays and PDF."""
from transcript.markup import LINE_KINDS, TOKEN_KINDS, parse, iter_tokens
from transcript.styles import STYLES, hex_to_rgb, legend, style_key

from tests.test_transcript_markup import MEMCON, read


def test_every_kind_has_a_style_or_is_plain():
    plain = {"text", "hardbreak", "newline"}
    for kind in set(TOKEN_KINDS) - plain - {"checkbox", "classification"}:
        assert kind in STYLES, kind
    for kind in LINE_KINDS + ("correction",):
        assert kind in STYLES, kind
    t = parse(read(MEMCON) + "\nCONFIDENTIAL\n")
    keys = {style_key(s) for s in iter_tokens(t.tokens)}
    assert {"checkbox_ticked", "checkbox_empty", "classification_struck", "classification",
            "deletion", "insertion", "xout", "header"} <= keys
    assert style_key(t.tokens[0]) is None or t.tokens[0].kind != "text"


def test_legend_and_colours():
    keys = [k for k, _ in legend()]
    assert keys[:2] == ["deletion", "insertion"] and len(keys) == len(set(keys))
    for _, st in legend():
        assert all(0 <= c <= 1 for c in hex_to_rgb(st.color))
    assert hex_to_rgb("#ff0000") == (1.0, 0.0, 0.0)
