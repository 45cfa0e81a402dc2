"""Reel structure: documents from fiche headers, and title / target / finding-aid frames.

Expectations come from reading the memorandum: one document (01117, 1962/11/08,
SUBJECT: CUBA, marked ~~SECRET~~ then ~~CONFIDENTIAL~~) interrupted by the reel's title
frame ("# The Cuban Missile Crisis Revisited", "UMI 2005"), the target (tab grid, REEL #,
C#, DATE) and the finding aid ("# **The Cuban Missile Crisis Revisited: An
International…**" with its "##" sections), after which the memorandum resumes with
"positions of the Soviet ships…".
"""
import pytest

from transcript.frames import frame_texts
from transcript.structure import read_structure

from tests.test_transcript_markup import MEMCON, TELEGRAM, read

# Where the marked memorandum's frames begin: (frame, the line it begins with).
MARKS = [
    (1, None),
    (2, "Mr. Kuznetsov said he had heard"),
    (3, "# The Cuban Missile Crisis Revisited\n"),
    (4, "\t1\t2\t3"),
    (5, "# **The Cuban Missile Crisis Revisited: An"),
    (6, "## **Copyright:**"),
    (7, "positions of the Soviet ships"),
    (8, "Amb. Stevenson noted the lateness"),
]


def marked_memcon() -> str:
    text = read(MEMCON)
    cuts = []
    for n, head in MARKS:
        at = 0 if head is None else text.index("\n" + head) + 1
        cuts.append((at, n))
    out, prev = [], 0
    for at, n in cuts:
        out.append(text[prev:at])
        out.append(f"<!-- frame {n} -->\n")
        prev = at
    out.append(text[prev:])
    return "".join(out)


def test_memcon_without_markers():
    s = read_structure(read(MEMCON))
    [d] = s.documents
    assert d.to_json() == {"id": "01117", "date": "1962/11/08", "subject": "CUBA",
                           "classification": "SECRET", "frames": None}
    assert d.markings == [("SECRET", True)] + [("CONFIDENTIAL", True)] * 4
    assert [p.kind for p in s.parts] == ["document", "title", "target", "finding_aid",
                                         "document"]
    assert all(p.frames is None for p in s.parts) and s.frame_kinds == {}
    text = read(MEMCON)
    title, target, aid = s.parts[1:4]
    assert title.title == "The Cuban Missile Crisis Revisited"
    assert text[title.start:title.end] == "# The Cuban Missile Crisis Revisited\n\nUMI 2005"
    assert text[target.start:].startswith("\t1\t2\t3")
    assert text[target.start:target.end].endswith("REEL #\n\nC#\n\nDATE")
    assert aid.title.startswith("The Cuban Missile Crisis Revisited: An International")
    assert text[aid.start:aid.end].endswith("Cambridge CB5 8SW, England")
    first, second = d.ranges
    assert text[first[0]:first[1]].startswith("**01117**")
    assert text[first[0]:first[1]].endswith("given the exact\n\n~~CONFIDENTIAL~~")
    assert text[second[0]:].startswith("positions of the Soviet ships")
    assert text[:second[1]].endswith("available for further discussions if such discussions "
                                     "would prove fruitful.\n\n~~CONFIDENTIAL~~")
    assert s.document_at(text.index("SUBJECT: CUBA")) is d
    assert s.document_at(text.index("UMI 2005")) is None
    assert s.part_at(text.index("UMI 2005")) is title


def test_memcon_with_frame_markers():
    text = marked_memcon()
    assert sorted(frame_texts(text)) == list(range(1, 9))
    s = read_structure(text)
    [d] = s.documents
    assert d.frames == (1, 8)
    assert d.to_json()["frames"] == [1, 8]
    assert [(p.kind, p.frames) for p in s.parts] == [
        ("document", (1, 2)), ("title", (3, 3)), ("target", (4, 4)),
        ("finding_aid", (5, 6)), ("document", (7, 8))]
    assert s.frame_kinds == {1: "document", 2: "document", 3: "title", 4: "target",
                             5: "finding_aid", 6: "finding_aid", 7: "document", 8: "document"}


def test_telegram_is_text_without_documents():
    s = read_structure(read(TELEGRAM))
    assert s.documents == []
    assert [p.kind for p in s.parts] == ["text"]


def test_several_documents_subject_markup_and_classification():
    text = ("<!-- frame 1 -->\n**00001**\n\n**1962/10/22**\n\nTOP SECRET\n\n"
            "SUBJECT: ~~Cuba~~ <sup>Missiles in</sup> **Cuba**\n\nText.\n\n~~SECRET~~\n"
            "<!-- frame 2 -->\nmore text\n"
            "<!-- frame 3 -->\n**00002**\n**1962/10/23**\nSubj: Quarantine\n\nCONFIDENTIAL\n"
            "<!-- frame 4 -->\n")
    s = read_structure(text)
    a, b = s.documents
    assert (a.id, a.date, a.subject, a.classification, a.frames) == (
        "00001", "1962/10/22", "Missiles in Cuba", "TOP SECRET", (1, 2))
    assert a.markings == [("TOP SECRET", False), ("SECRET", True)]
    assert (b.id, b.date, b.subject, b.classification, b.frames) == (
        "00002", "1962/10/23", "Quarantine", "CONFIDENTIAL", (3, 3))
    assert s.frame_kinds == {1: "document", 2: "document", 3: "document", 4: "blank"}


@pytest.mark.parametrize("text", ["", "\n\n", "# T", "\tX\tX", "**1**", "<!-- frame 2 -->"])
def test_odd_inputs_do_not_fail(text):
    read_structure(text)
