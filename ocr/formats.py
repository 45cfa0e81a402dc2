"""hOCR and ALTO XML of a reel's OCR, for other tools (well-formed, built with lxml)."""
from __future__ import annotations

from lxml import etree

from .engine import FrameOcr

XHTML = "http://www.w3.org/1999/xhtml"
ALTO = "http://www.loc.gov/standards/alto/ns-v4#"


def _bbox(b) -> str:
    return f"bbox {b[0]} {b[1]} {b[2]} {b[3]}"


def _union(words) -> list[int]:
    return [min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
            max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)]


def to_hocr(frames: list[FrameOcr], title: str) -> bytes:
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "meta", {"http-equiv": "Content-Type", "content": "text/html;charset=utf-8"})
    etree.SubElement(head, "meta", name="ocr-system", content="Reel Reader (Tesseract)")
    etree.SubElement(head, "meta", name="ocr-capabilities", content="ocr_page ocr_line ocrx_word")
    body = etree.SubElement(html, "body")
    for f in frames:
        page = etree.SubElement(body, "div", {"class": "ocr_page", "id": f"page_{f.index}",
                                              "title": f"image frame-{f.index}; bbox 0 0 {f.width} {f.height}; "
                                                       f"ppageno {f.index - 1}"})
        for k, line in enumerate(f.lines(), 1):
            span = etree.SubElement(page, "span", {"class": "ocr_line", "id": f"line_{f.index}_{k}",
                                                   "title": _bbox(_union(line))})
            for m, w in enumerate(line, 1):
                word = etree.SubElement(span, "span", {"class": "ocrx_word", "id": f"word_{f.index}_{k}_{m}",
                                                       "title": f"{_bbox(w.bbox)}; x_wconf {int(w.conf)}"})
                word.text = w.text
                word.tail = " "
    return etree.tostring(html, xml_declaration=True, encoding="utf-8", pretty_print=True,
                          doctype="<!DOCTYPE html>")


def to_alto(frames: list[FrameOcr], title: str) -> bytes:
    alto = etree.Element(f"{{{ALTO}}}alto", nsmap={None: ALTO})
    desc = etree.SubElement(alto, f"{{{ALTO}}}Description")
    etree.SubElement(desc, f"{{{ALTO}}}MeasurementUnit").text = "pixel"
    src = etree.SubElement(etree.SubElement(desc, f"{{{ALTO}}}sourceImageInformation"), f"{{{ALTO}}}fileName")
    src.text = title
    layout = etree.SubElement(alto, f"{{{ALTO}}}Layout")
    for f in frames:
        page = etree.SubElement(layout, f"{{{ALTO}}}Page", ID=f"p{f.index}", PHYSICAL_IMG_NR=str(f.index),
                                WIDTH=str(f.width), HEIGHT=str(f.height))
        space = etree.SubElement(page, f"{{{ALTO}}}PrintSpace", HPOS="0", VPOS="0", WIDTH=str(f.width),
                                 HEIGHT=str(f.height))
        block = etree.SubElement(space, f"{{{ALTO}}}TextBlock", ID=f"p{f.index}_b1")
        for k, line in enumerate(f.lines(), 1):
            x0, y0, x1, y1 = _union(line)
            tl = etree.SubElement(block, f"{{{ALTO}}}TextLine", ID=f"p{f.index}_l{k}", HPOS=str(x0),
                                  VPOS=str(y0), WIDTH=str(x1 - x0), HEIGHT=str(y1 - y0))
            for m, w in enumerate(line):
                if m:
                    etree.SubElement(tl, f"{{{ALTO}}}SP")
                etree.SubElement(tl, f"{{{ALTO}}}String", CONTENT=w.text, HPOS=str(w.bbox[0]), VPOS=str(w.bbox[1]),
                                 WIDTH=str(w.bbox[2] - w.bbox[0]), HEIGHT=str(w.bbox[3] - w.bbox[1]),
                                 WC=f"{w.conf / 100:.2f}")
    return etree.tostring(alto, xml_declaration=True, encoding="utf-8", pretty_print=True)
