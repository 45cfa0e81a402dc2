"""Stamp blocks read into records.  The memorandum's expectations below were written by
reading its two stamps in reel-memcon-1962-11-08.md, not by running the parser:

1988 stamp (lines 7-17):  REVIEWED BY JB/Amv DATE 3/2/88 / ☐ RELEASE ☐ DECLASSIFY /
  ☐ EXCISE ☐ DECLASSIFY in PART / ☒ DENY ☐ Non-responsive info. / "... or PA exemptions
  6 (1)" / TS authority to: (blank) / ☒ CLASSIFY as CONF OADR of 7 COPIES /
  ☒ DOWNGRADE TS to CONF OADR.
1992 stamp (after DEPARTMENT OF STATE):  IS/FPC/CDS / ☒ RELEASE ☒ DECLASSIFY /
  ☐ EXCISE ☐ DECLASSIFY / ☐ DENY ☐ IN PART / ☐ DELETE Non-Responsive / MR Cases Only:
  EO Citations (blank) / TS authority to: (blank) / FOIA Exemptions, PA Exemptions
  (blank) / ☐ CLASSIFY as ☐ S or ☐ C OADR / ☐ DOWNGRADE TS to ☐ S or ☐ C OADR /
  Date: 2/12/92 1992.
"""
from transcript.markup import parse
from transcript.stamps import read_stamps

from tests.test_transcript_markup import MEMCON, TELEGRAM, read


def test_memcon_has_two_stamps_field_by_field():
    text = read(MEMCON)
    s1, s2 = read_stamps(text)

    assert s1.text.startswith("REVIEWED BY JB/Amv DATE 3/2/88")
    assert s1.text.endswith("☒ DOWNGRADE TS to CONF OADR")
    assert s1.office is None and s1.agency is None
    assert s1.reviewer == "JB/Amv"
    assert s1.date == "3/2/88" and s1.dates == ["3/2/88"] and s1.year == 1988
    assert s1.ticked == ["DENY", "CLASSIFY as CONF", "DOWNGRADE TS to CONF"]
    assert s1.unticked == ["RELEASE", "DECLASSIFY", "EXCISE", "DECLASSIFY IN PART",
                           "NON-RESPONSIVE INFO"]
    assert s1.exemptions == ["6 (1)"]
    assert s1.codes == ["6 (1)", "OADR"]
    assert s1.authority is None
    assert s1.frame is None  # the memorandum carries no frame markers

    assert s2.text.startswith("IS/FPC/CDS")
    assert s2.text.endswith("Date: 2/12/92 1992")
    assert s2.office == "IS/FPC/CDS" and s2.agency == "DEPARTMENT OF STATE"
    assert s2.reviewer is None
    assert s2.date == "2/12/92" and s2.year == 1992
    assert s2.ticked == ["RELEASE", "DECLASSIFY"]
    assert s2.unticked == ["EXCISE", "DECLASSIFY IN PART", "DENY", "DELETE",
                           "CLASSIFY", "CLASSIFY as S", "CLASSIFY as C",
                           "DOWNGRADE TS", "DOWNGRADE TS to S", "DOWNGRADE TS to C"]
    assert s2.exemptions == [] and s2.codes == ["OADR"] and s2.authority is None

    # Every box of the block belongs to exactly one decision, at its source offset.
    t = parse(text)
    for rec in (s1, s2):
        boxes = sorted(b for d in rec.decisions for b in d.boxes)
        want = [(x.start, x.end) for x in t.of_kind("checkbox") if rec.start <= x.start < rec.end]
        assert boxes == want
        assert all(text[s:e] in "☐☒" for s, e in boxes)
    assert s1.summary() == "JB/Amv, 3/2/88: DENY, CLASSIFY as CONF, DOWNGRADE TS to CONF"
    assert s2.summary() == "IS/FPC/CDS, 2/12/92: RELEASE, DECLASSIFY"


def test_wrapped_in_part_is_one_decision_with_two_boxes():
    [s] = read_stamps("☐ EXCISE ☐ DECLASSIFY\n☐ DENY ☒ IN PART\n")
    [d] = [d for d in s.decisions if d.label == "DECLASSIFY IN PART"]
    assert len(d.boxes) == 2 and d.ticked
    assert s.ticked == ["DECLASSIFY IN PART"] and s.unticked == ["EXCISE", "DENY"]


def test_codes_reviewer_by_and_exemptions():
    text = ("Text before.\n\nIS/FPC/CDS by J. Smith Date: 4/2/92\n☒ RELEASE ☐ EXCISE\n"
            "FOIA Exemptions (b)(1) (b)(3)\nEO Citations E.O. 12356\nTS authority to: JB\n\n"
            "Prose after the stamp.\n")
    [s] = read_stamps(text)
    assert s.office == "IS/FPC/CDS" and s.reviewer == "J. Smith" and s.date == "4/2/92"
    assert s.exemptions == ["(b)(1) (b)(3)"]
    assert s.codes == ["(b)(1) (b)(3)", "E.O. 12356"]
    assert s.authority == "JB"
    assert s.text.endswith("TS authority to: JB")


def test_two_reviews_in_a_row_are_two_stamps():
    text = "REVIEWED BY AB DATE 1/1/80\n☒ DENY\n\nREVIEWED BY CD DATE 2/2/90\n☒ RELEASE\n"
    a, b = read_stamps(text)
    assert (a.reviewer, a.ticked, a.year) == ("AB", ["DENY"], 1980)
    assert (b.reviewer, b.ticked, b.year) == ("CD", ["RELEASE"], 1990)


def test_stamp_frame_comes_from_markers():
    [s] = read_stamps("<!-- frame 4 -->\nx\n<!-- frame 5 -->\n☒ RELEASE\n")
    assert s.frame == 5 and s.to_json()["frame"] == 5


def test_telegram_has_no_stamps():
    assert read_stamps(read(TELEGRAM)) == []
