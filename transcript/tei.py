"""TEI P5 XML of a transcript, built with lxml.

The usual elements of the Guidelines, for what our markup says:

=========================  ============================================================
markup                     TEI
=========================  ============================================================
``~~old~~``                ``<del rend="strikethrough">old</del>``
``~~XXXX~~`` (x-out)       ``<del rend="overtyped" type="x-out">XXXX</del>``
``<sup>new</sup>``         ``<add place="above">new</add>``
paired correction          ``<subst><del …>old</del> <add place="above">new</add></subst>``
stamp block                ``<p><stamp type="review">…<lb/>…</stamp></p>``
``☐`` / ``☒``              ``<seg type="checkbox" subtype="empty|ticked">☐</seg>``
``~~SECRET~~`` on its line ``<fw type="classification"><del …>SECRET</del></fw>``
fiche header               ``<fw type="header" subtype="id">``, ``… subtype="date"`` + ``<date>``
``█``, ``[redacted]``, (b)(1)  ``<gap reason="redacted"/>`` (the code in ``<desc>``)
``[illegible]``            ``<gap reason="illegible"/>``
``[word?]`` / ``[?]``      ``<unclear>word</unclear>`` / ``<unclear/>``
``<!-- frame N -->``       ``<pb n="N" facs="#frame-N"/>`` and a ``<surface>`` in ``<facsimile>``
``#`` heading              ``<head>`` (opening a ``<div>``)
tab grid                   ``<table>`` of ``<row>``/``<cell>``
``*em*`` / ``**strong**``  ``<hi rend="italic">`` / ``<hi rend="bold">``
line breaks                ``<lb/>``
=========================  ============================================================

Each document of the reel is a ``<div type="document" n="ID">``; title, target and
finding-aid parts are ``<div type="title|target|finding_aid">``.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Callable

from lxml import etree

from transcript.markup import Span, Transcript, parse
from transcript.structure import read_structure

__all__ = ["TEI_NS", "to_tei", "to_tei_tree"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_T = "{%s}" % TEI_NS
_HEADING_PREFIX = re.compile(r"[ \t]*#{1,6}[ \t]*")
# XML 1.0 forbids most control characters; the markup may hold them (the parser keeps
# every byte), the XML cannot.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(s: str) -> str:
    return _XML_BAD.sub("\ufffd", s)


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    e = etree.SubElement(parent, _T + tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text:
        e.text = _clean(text)
    return e


def _append_text(parent, text: str) -> None:
    """Append character data after the last child (or as the element's text)."""
    if not text:
        return
    text = _clean(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _lb(parent) -> None:
    # The line's end stays a white space after <lb/>, so that words on either side of
    # the break stay two words for any reader of the XML.
    _el(parent, "lb").tail = "\n"


def _iso_date(value: str) -> str | None:
    m = re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})", value)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


class _Builder:
    def __init__(self, t: Transcript, facs_id: Callable[[int], str]):
        self.t = t
        self.facs_id = facs_id
        self.paired: dict[int, Span] = {c.start: c for c in t.corrections}

    # --- inline -------------------------------------------------------------------
    def inline(self, parent, tokens: list[Span]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            pair = self.paired.get(tok.start)
            if pair is not None and tok.kind in ("deletion", "insertion"):
                subst = _el(parent, "subst")
                j = i
                while j < len(tokens) and tokens[j].end <= pair.end:
                    self.token(subst, tokens[j])
                    j += 1
                i = j
                continue
            self.token(parent, tok)
            i += 1

    def content(self, parent, tok: Span) -> None:
        kids = tok.attrs.get("children")
        if kids:
            self.inline(parent, kids)
        else:
            _append_text(parent, tok.content)

    def token(self, parent, tok: Span) -> None:
        k = tok.kind
        if k == "text":
            _append_text(parent, tok.text)
        elif k == "deletion":
            self.content(_el(parent, "del", rend="strikethrough"), tok)
        elif k == "xout":
            self.content(_el(parent, "del", rend="overtyped", type="x-out"), tok)
        elif k == "insertion":
            self.content(_el(parent, "add", place="above"), tok)
        elif k == "classification":
            fw = _el(parent, "fw", type="classification")
            if tok.attrs.get("struck"):
                _el(fw, "del", tok.content, rend="strikethrough")
            else:
                fw.text = _clean(tok.text)
        elif k == "checkbox":
            _el(parent, "seg", tok.text, type="checkbox",
                subtype="ticked" if tok.attrs.get("ticked") else "empty")
        elif k == "header":
            fw = _el(parent, "fw", type="header", subtype=tok.attrs["field"])
            if tok.attrs["field"] == "date":
                when = _iso_date(tok.attrs["value"])
                _el(fw, "date", tok.attrs["value"], **({"when": when} if when else {}))
            else:
                fw.text = _clean(tok.attrs["value"])
        elif k == "frame_marker":
            n = tok.attrs["frame"]
            _el(parent, "pb", n=n, facs="#" + self.facs_id(n))
        elif k == "redaction":
            gap = _el(parent, "gap", reason="redacted")
            if tok.attrs.get("code"):
                _el(gap, "desc", tok.attrs["code"])
        elif k == "illegible":
            _el(parent, "gap", reason="illegible")
        elif k == "unclear":
            _el(parent, "unclear", tok.attrs.get("reading") or None)
        elif k == "emphasis":
            self.content(_el(parent, "hi", rend="italic"), tok)
        elif k == "strong":
            self.content(_el(parent, "hi", rend="bold"), tok)
        # hardbreak and newline: line breaks are made by the block builder

    # --- blocks -------------------------------------------------------------------
    def line_tokens(self, li: int) -> list[Span]:
        ln = self.t.lines[li]
        out = []
        toks = self.t.tokens
        k = self.t.token_index(ln.start)
        while 0 <= k < len(toks) and toks[k].start < ln.end:
            if toks[k].kind not in ("newline", "hardbreak"):
                out.append(toks[k])
            k += 1
        return out


def to_tei_tree(text: str | Transcript, reel_name: str = "untitled reel",
                fingerprint: str | None = None, facs_url: Callable[[int], str] | None = None,
                title: str | None = None, date: _dt.date | None = None,
                app_version: str = "") -> etree._ElementTree:
    """The transcript as a TEI document tree."""
    t = parse(text) if isinstance(text, str) else text
    facs_url = facs_url or (lambda n: f"{reel_name}#page={n}")

    def facs_id(n: int) -> str:
        return f"frame-{n}"

    b = _Builder(t, facs_id)
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
    _header(root, t, reel_name, fingerprint, title, date or _dt.date.today(), app_version)
    frames = sorted(set(t.frames))
    if frames:
        fac = _el(root, "facsimile")
        for n in frames:
            surf = _el(fac, "surface", n=n)
            surf.set("{%s}id" % XML_NS, facs_id(n))
            _el(surf, "graphic", url=facs_url(n))
    body = _el(_el(root, "text"), "body")
    _body(b, t, body)
    return etree.ElementTree(root)


def to_tei(text: str | Transcript, reel_name: str = "untitled reel", **kw) -> bytes:
    """The transcript as TEI P5 XML (UTF-8 bytes with an XML declaration)."""
    tree = to_tei_tree(text, reel_name, **kw)
    _break_lines(tree.getroot())
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


# Elements that hold only elements (no text of the transcript): a line break after each
# child keeps the file readable without adding spaces inside mixed content, which
# lxml's pretty_print would do.
_STRUCTURAL = {_T + x for x in ("TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt",
                                "sourceDesc", "bibl", "encodingDesc", "facsimile", "surface",
                                "text", "body", "div", "table")}


def _break_lines(el) -> None:
    if el.tag in _STRUCTURAL and len(el):
        if not (el.text or "").strip():
            el.text = "\n"
        for child in el:
            if not (child.tail or "").strip():
                child.tail = "\n"
            _break_lines(child)


def _header(root, t: Transcript, reel_name: str, fingerprint: str | None, title: str | None,
            date: _dt.date, app_version: str) -> None:
    h = _el(root, "teiHeader")
    fd = _el(h, "fileDesc")
    _el(_el(fd, "titleStmt"), "title", title or f"Transcript of {reel_name}")
    ps = _el(fd, "publicationStmt")
    _el(ps, "p", f"Exported by Reel Reader{' ' + app_version if app_version else ''} "
                 f"on {date.isoformat()}.")
    sd = _el(fd, "sourceDesc")
    bibl = _el(sd, "bibl")
    _el(bibl, "title", reel_name, type="reel")
    if fingerprint:
        _el(bibl, "idno", fingerprint, type="fingerprint")
    if t.frames:
        _el(bibl, "extent", f"{len(set(t.frames))} frames transcribed")
    enc = _el(h, "encodingDesc")
    _el(enc, "p", "Transcribed from the facsimile in Reel Reader's markup: struck text as "
                  "del, text written above the line as add, paired corrections as subst, "
                  "review stamps as stamp, withheld text as gap.")


def _body(b: _Builder, t: Transcript, body) -> None:
    s = read_structure(t)
    src = t.source
    stamp_of_line: dict[int, Span] = {}
    for st in t.stamps:
        for li in st.attrs["lines"]:
            stamp_of_line[li] = st
    heading_level = {t.line_index(sp.start): sp.attrs["level"]
                     for sp in t.line_spans if sp.kind == "heading"}
    grid_lines = {t.line_index(sp.start) for sp in t.line_spans if sp.kind == "grid"}

    state = {"div": body, "sub": None, "part": object(), "para": None, "pending_pb": []}

    def container():
        return state["sub"] if state["sub"] is not None else state["div"]

    def place_block(li: int):
        """Find (or open) the div of the part this line belongs to; flush page breaks."""
        part = s.part_at(t.lines[li].start)
        if part is not state["part"]:
            state["part"] = part
            state["sub"] = None
            if part is None:
                state["div"] = body if not len(body) or body[-1].tag != _T + "div" or \
                    body[-1].get("type") != "text" else body[-1]
                if state["div"] is body:
                    state["div"] = _el(body, "div", type="text")
            else:
                attrs = {"type": part.kind}
                if part.kind == "document" and part.document is not None:
                    attrs["n"] = part.document.id
                state["div"] = _el(body, "div", **attrs)
        for tok in state["pending_pb"]:
            b.token(container(), tok)
        state["pending_pb"] = []

    def end_para():
        state["para"] = None

    li = 0
    nlines = len(t.lines)
    while li < nlines:
        ln = t.lines[li]
        line = src[ln.start:ln.end]
        toks = b.line_tokens(li)
        if not line.strip():
            end_para()
            li += 1
            continue
        if all(x.kind == "frame_marker" or (x.kind == "text" and not x.text.strip())
               for x in toks):
            # a marker on its own line: the page break opens the next block
            end_para()
            state["pending_pb"] += [x for x in toks if x.kind == "frame_marker"]
            li += 1
            continue
        place_block(li)
        cont = container()
        if li in stamp_of_line:
            end_para()
            st = stamp_of_line[li]
            stamp = _el(_el(cont, "p"), "stamp", type="review")
            first = True
            for sli in st.attrs["lines"]:
                if not first:
                    _lb(stamp)
                first = False
                b.inline(stamp, b.line_tokens(sli))
            li = st.attrs["lines"][-1] + 1
            continue
        if li in heading_level:
            end_para()
            if any(c.tag != _T + "pb" for c in cont) or (cont.text or "").strip():
                state["sub"] = _el(state["div"], "div")
                cont = state["sub"]
            head = _el(cont, "head")
            m = _HEADING_PREFIX.match(toks[0].text) if toks and toks[0].kind == "text" else None
            if m:
                rest = toks[0].text[m.end():]
                first = Span("text", toks[0].start + m.end(), toks[0].end, rest)
                toks = ([first] if rest else []) + toks[1:]
            b.inline(head, toks)
            li += 1
            continue
        if li in grid_lines:
            end_para()
            table = _el(cont, "table")
            while li < nlines and li in grid_lines:
                row = _el(table, "row")
                gl = t.lines[li]
                for cell in src[gl.start:gl.end].split("\t"):
                    _el(row, "cell", cell or None)
                li += 1
            continue
        if toks and toks[0].kind == "header" and all(
                x.kind == "header" or (x.kind == "text" and not x.text.strip()) for x in toks):
            end_para()
            b.inline(cont, [x for x in toks if x.kind == "header"])
            li += 1
            continue
        if state["para"] is None:
            state["para"] = _el(cont, "p")
        else:
            _lb(state["para"])
        b.inline(state["para"], toks)
        li += 1
    if state["pending_pb"]:
        for tok in state["pending_pb"]:
            b.token(container() if state["div"] is not body else _el(body, "div", type="text"), tok)
