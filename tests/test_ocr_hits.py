"""Where a find's query is on the scan (ocr/hits.py): no Qt, no Tesseract."""
from ocr.align import align
from ocr.engine import FrameOcr, OcrWord
from ocr.hits import hit_boxes, query_terms


def _line(y: int, text: str, x: int = 100, line: int = 1) -> list[OcrWord]:
    """Words of one line, 20 px a character, a 20 px space."""
    out = []
    for i, word in enumerate(text.split()):
        out.append(OcrWord(word, [x, y, x + 20 * len(word), y + 40], 90.0, 1, 1, line, i + 1))
        x += 20 * len(word) + 20
    return out


PAGE = (_line(100, "Memorandum of Conversation with Mr. Kuznetsov", line=1)
        + _line(200, "about the IL-28 bombers in Cuba; the IL-2B", line=2)
        + _line(300, "are to be removed, said Kuznctsov of the Soviet", line=3)
        + _line(400, "Union. The Volgales question", line=4))


def _words(hits, words=PAGE):
    return [" ".join(words[i].text for i in h.words) for h in hits]


def test_terms_are_word_characters():
    assert query_terms("  IL-28  (b)(1) — ") == ["il28", "b1"]
    assert query_terms("Soviet", case=True) == ["Soviet"]


def test_single_word_case_insensitive_and_fuzzy():
    hits = hit_boxes("kuznetsov", PAGE)
    assert _words(hits) == ["Kuznetsov", "Kuznctsov"]          # an OCR misreading still counts
    assert hits[0].boxes == [tuple(PAGE[5].bbox)]
    assert _words(hit_boxes("IL-28", PAGE)) == ["IL-28"]        # "IL-2B": a 4-letter word, ratio 75


def test_threshold_is_a_parameter():
    assert _words(hit_boxes("IL-28", PAGE, threshold=70)) == ["IL-28", "IL-2B"]


def test_short_words_match_exactly():
    assert _words(hit_boxes("of", PAGE)) == ["of", "of"]
    assert hit_boxes("or", PAGE) == []


def test_match_case():
    assert _words(hit_boxes("the", PAGE, case=True)) == ["the", "the", "the"]
    assert _words(hit_boxes("The", PAGE, case=True)) == ["The"]


def test_phrase_is_a_run_of_consecutive_words_across_lines():
    hits = hit_boxes("the soviet union", PAGE)
    assert _words(hits) == ["the Soviet Union."]
    # one box a line: "the Soviet" on line 3, "Union" on line 4
    (a, b) = hits[0].boxes
    the, soviet, union = PAGE[-6], PAGE[-5], PAGE[-4]
    assert a == (the.bbox[0], 300, soviet.bbox[2], 340)
    assert b == tuple(union.bbox)
    assert hit_boxes("soviet bombers", PAGE) == []


def test_part_of_a_word_outlines_only_that_part():
    (hit,) = hit_boxes("Volga", PAGE)
    word = next(w for w in PAGE if w.text == "Volgales")
    assert hit.boxes == [(word.bbox[0], 400, word.bbox[0] + 100, 440)]


def test_a_word_tesseract_split_in_two():
    words = _line(100, "the IL- 28 bombers")
    (hit,) = hit_boxes("IL-28", words)
    assert _words([hit], words) == ["IL- 28"]
    assert hit.boxes == [(words[1].bbox[0], 100, words[2].bbox[2], 140)]


def test_each_word_anywhere_for_the_library_search():
    hits = hit_boxes("bombers Kuznetsov", PAGE, phrase=False)
    assert _words(hits) == ["Kuznetsov", "bombers", "Kuznctsov"]   # reading order


def test_nothing_to_find():
    assert hit_boxes("", PAGE) == [] and hit_boxes(" -- ", PAGE) == []
    assert hit_boxes("Havana", PAGE) == []
    assert hit_boxes("IL-28", []) == []


def test_transcript_hits_through_the_alignment():
    text = ("Memorandum of Conversation with Mr. Kuznetsov\n"
            "about the IL-28 bombers in Cuba; the IL-28\n"
            "are to be removed, said Kuznetsov of the Soviet\n"
            "Union. The ~~Volgales~~ question\n")
    ocr = FrameOcr(1, 2550, 3300, PAGE)
    aligned = [a for a in align(text, ocr) if a.bbox]
    hits = hit_boxes("IL-28", PAGE, text=text, aligned=aligned)
    # both occurrences of the transcript, the second where OCR misread it as IL-2B
    assert [h.src for h in hits] == [(text.index("IL-28"), text.index("IL-28") + 5),
                                     (text.rindex("IL-28"), text.rindex("IL-28") + 5)]
    assert _words(hits) == ["IL-28", "IL-2B"]
    assert hits[1].boxes == [tuple(next(w for w in PAGE if w.text == "IL-2B").bbox)]
    # the part of a struck word, inside its markup
    (volga,) = hit_boxes("Volga", PAGE, text=text, aligned=aligned)
    assert volga.src == (text.index("Volga"), text.index("Volga") + 5)
    word = next(w for w in PAGE if w.text == "Volgales")
    assert volga.boxes == [(word.bbox[0], 400, word.bbox[0] + 100, 440)]


def test_ocr_hits_the_transcript_lacks_are_kept_and_not_repeated():
    text = "Memorandum of Conversation with Mr. Kuznetsov\n"
    ocr = FrameOcr(1, 2550, 3300, PAGE)
    aligned = [a for a in align(text, ocr) if a.bbox]
    hits = hit_boxes("Kuznetsov", PAGE, text=text, aligned=aligned)
    assert [h.src is not None for h in hits] == [True, False]
    assert _words(hits) == ["Kuznetsov", "Kuznctsov"]


def test_stale_alignment_is_left_out():
    text = "about the IL-28 bombers\n"
    words = _line(100, "about the IL-28 bombers")
    aligned = [a for a in align(text, FrameOcr(1, 2550, 3300, words)) if a.bbox]
    edited = "XX" + text                                   # typed into; not yet aligned again
    hits = hit_boxes("IL-28", words, text=edited, aligned=aligned)
    assert [h.src for h in hits] == [None]                  # found on the scan all the same
    assert _words(hits, words) == ["IL-28"]


def test_words_placed_by_the_alignment_count_but_are_not_exact():
    text = "about the IL-28 bombers\n"
    words = [w for w in _line(100, "about the IL-28 bombers") if w.text != "IL-28"]   # Tesseract missed it
    aligned = [a for a in align(text, FrameOcr(1, 2550, 3300, words)) if a.bbox]
    (hit,) = hit_boxes("IL-28", words, text=text, aligned=aligned)
    assert hit.src == (10, 15) and not hit.exact and len(hit.boxes) == 1
