"""TEI P5 export, re-read with lxml; plain-text and Markdown exports."""
import datetime

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from transcript.exports import to_markdown, to_text
from transcript.frames import frame_texts
from transcript.markup import parse
from transcript.reading import reading_text
from transcript.tei import TEI_NS, to_tei

from tests.test_transcript_markup import MEMCON, PIECES, TELEGRAM, read
from tests.test_transcript_structure import marked_memcon

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tei(text, **kw):
    data = to_tei(text, "memcon.pdf", date=datetime.date(2024, 5, 1), **kw)
    assert data.startswith(b"<?xml")
    return etree.fromstring(data)   # raises on anything not well-formed


def texts(root, xpath):
    return ["".join(e.itertext()) for e in root.xpath(xpath, namespaces=NS)]


def test_tei_header_names_the_reel():
    root = tei(read(MEMCON), fingerprint="f" * 64)
    assert root.tag == f"{{{TEI_NS}}}TEI"
    assert texts(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:title") == ["Transcript of memcon.pdf"]
    assert texts(root, "//t:sourceDesc/t:bibl/t:title[@type='reel']") == ["memcon.pdf"]
    assert texts(root, "//t:sourceDesc//t:idno[@type='fingerprint']") == ["f" * 64]
    assert "2024-05-01" in texts(root, "//t:publicationStmt/t:p")[0]


def test_tei_of_the_memcon_holds_every_mark():
    text = marked_memcon()
    t = parse(text)
    root = tei(text)
    body = root.find("t:text/t:body", NS)
    # Every paired correction is a subst of one del and one add, in the order written.
    substs = body.xpath(".//t:subst", namespaces=NS)
    assert len(substs) == 21
    for s, c in zip(substs, t.corrections):
        kids = [etree.QName(k).localname for k in s]
        assert sorted(kids) == ["add", "del"]
        assert kids[0] == ("del" if c.attrs["order"] == "del-ins" else "add")
        assert not (s.text or "").strip() and all(not (k.tail or "").strip() for k in s)
        assert "".join(s.find("t:del", NS).itertext()) == c.attrs["deletion"].content
        assert "".join(s.find("t:add", NS).itertext()) == c.attrs["insertion"].content
    assert len(body.xpath(".//t:add[@place='above']", namespaces=NS)) == 38
    assert len(body.xpath(".//t:del[@rend='strikethrough'][not(parent::t:fw)]",
                          namespaces=NS)) == 84
    assert len(body.xpath(".//t:del[@type='x-out']", namespaces=NS)) == 6
    assert texts(root, "//t:fw[@type='classification']") == ["SECRET"] + ["CONFIDENTIAL"] * 4
    stamps = body.xpath(".//t:stamp[@type='review']", namespaces=NS)
    assert len(stamps) == 2
    assert "".join(stamps[0].itertext()).startswith("REVIEWED BY JB/Amv DATE 3/2/88")
    assert len(stamps[1].xpath(".//t:seg[@type='checkbox'][@subtype='ticked']",
                               namespaces=NS)) == 2
    assert len(body.xpath(".//t:seg[@type='checkbox']", namespaces=NS)) == 21
    # Page breaks point at the facsimile surfaces of their frames.
    pbs = body.xpath(".//t:pb", namespaces=NS)
    assert [pb.get("n") for pb in pbs] == [str(n) for n in range(1, 9)]
    surfaces = {s.get(XML_ID): s for s in root.xpath("t:facsimile/t:surface", namespaces=NS)}
    for pb in pbs:
        surf = surfaces[pb.get("facs")[1:]]
        assert surf.find("t:graphic", NS).get("url") == f"memcon.pdf#page={pb.get('n')}"
    # The reel's structure as divisions.
    divs = body.xpath("t:div", namespaces=NS)
    assert [(d.get("type"), d.get("n")) for d in divs] == [
        ("document", "01117"), ("title", None), ("target", None), ("finding_aid", None),
        ("document", "01117")]
    assert texts(root, "//t:fw[@subtype='id']") == ["01117"]
    assert body.xpath("string(.//t:fw[@subtype='date']/t:date/@when)", namespaces=NS) == "1962-11-08"
    assert texts(divs[1], "t:head") == ["The Cuban Missile Crisis Revisited"]
    rows = divs[2].xpath("t:table/t:row", namespaces=NS)
    assert len(rows) == 8 and [c.text for c in rows[1]][:3] == ["A", "Tgt", "X"]
    assert texts(divs[3], ".//t:head")[0].startswith("The Cuban Missile Crisis Revisited: An")
    # No text of the transcript is lost: the words of the diplomatic reading are there.
    words_xml = " ".join("".join(body.itertext()).split())
    assert "Mr. Kuznetsov continued that today he wished to discuss" in words_xml
    assert "would prove fruitful." in words_xml


def test_tei_redactions_unclear_and_nesting():
    root = tei("A ███ and [redacted] and (b)(1) [illegible] [Zorin?] [?]\n"
               "**bold ~~struck~~** *it*\n")
    gaps = root.xpath("//t:gap", namespaces=NS)
    assert [g.get("reason") for g in gaps] == ["redacted", "redacted", "redacted", "illegible"]
    assert texts(root, "//t:gap/t:desc") == ["(b)(1)"]
    assert texts(root, "//t:unclear") == ["Zorin", ""]
    [hi] = root.xpath("//t:hi[@rend='bold']", namespaces=NS)
    assert texts(hi, "t:del") == ["struck"]
    assert texts(root, "//t:hi[@rend='italic']") == ["it"]


def test_tei_of_the_telegram_is_its_text():
    text = read(TELEGRAM)
    root = tei(text)
    assert root.find("t:facsimile", NS) is None
    body_words = "".join(root.find("t:text/t:body", NS).itertext()).split()
    assert body_words == text.split()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=25))
def test_hypothesis_tei_is_always_well_formed(pieces):
    tei("".join(pieces))


def test_text_and_markdown_exports():
    text = marked_memcon()
    assert to_markdown(text) == text
    per_frame = frame_texts(text)
    assert frame_texts(to_markdown(per_frame)) == per_frame
    reading = to_text(text)
    assert reading.startswith("[frame 1]\n")
    assert "[frame 7]\npositions of the Soviet ships" in reading
    assert "Mr. Kuznetsov today responded" in reading and "~~" not in reading
    diplomatic = to_text(text, "diplomatic", frame_labels=False)
    assert "Mr. Kuznetsov ⟦he⟧ \\today/ responded" in diplomatic
    assert "[frame" not in diplomatic
    assert to_text(per_frame, frame_labels=False) == reading_text(with_markers(per_frame)).text
    with pytest.raises(ValueError, match="unknown text mode"):
        to_text(text, "fancy")


def with_markers(per_frame):
    from transcript.frames import with_frame_markers
    return with_frame_markers(per_frame)
