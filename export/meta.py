"""Document metadata of an export: the Info dictionary, the reel's identity and an XMP
packet, so that a citation can name the reel and the frames, and a later reader can
find the reel again by its fingerprint even after it was renamed."""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

import pymupdf

from .annotate import pdf_date
from .appinfo import app_string

__all__ = ["write_metadata"]

_NS = "urn:reel-reader:export:1"


def _xmp(title: str, author: str | None, reel_name: str, fingerprint: str, frames: str,
         when: dt.datetime, app: str, producer: str) -> str:
    iso = when.isoformat(timespec="seconds")
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
               if author else "")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:rr="{_NS}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   {creator}
   <dc:source>{escape(reel_name)}</dc:source>
   <xmp:CreatorTool>{escape(app)}</xmp:CreatorTool>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
   <rr:reelName>{escape(reel_name)}</rr:reelName>
   <rr:reelFingerprint>{escape(fingerprint)}</rr:reelFingerprint>
   <rr:frames>{escape(frames)}</rr:frames>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def write_metadata(doc: pymupdf.Document, *, title: str, author: str | None, reel_name: str,
                   fingerprint: str, frames: str, failed: list[int],
                   when: dt.datetime | None = None) -> None:
    when = (when or dt.datetime.now()).astimezone()
    app = app_string()
    producer = f"{app} (PyMuPDF {pymupdf.VersionBind})"
    stamp = pdf_date(when)
    doc.set_metadata({
        "title": title,
        "author": author or "",
        "subject": f"Frames {frames} of the reel {reel_name} (fingerprint {fingerprint})",
        "keywords": f"reel: {reel_name}; fingerprint: {fingerprint}; frames: {frames}",
        "creator": app,
        "producer": producer,
        "creationDate": stamp,
        "modDate": stamp,
    })
    kind, value = doc.xref_get_key(-1, "Info")
    if kind == "xref":
        info = int(value.split()[0])
        extra = {"ReelName": reel_name, "ReelFingerprint": fingerprint, "ReelFrames": frames,
                 "ExportDate": stamp, "Application": app}
        if failed:
            extra["FailedFrames"] = ",".join(map(str, failed))
        for key, text in extra.items():
            doc.xref_set_key(info, key, pymupdf.get_pdf_str(text))
    doc.set_xml_metadata(_xmp(title, author, reel_name, fingerprint, frames, when, app, producer))
