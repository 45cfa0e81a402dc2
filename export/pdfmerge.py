"""Join PDF files that PyMuPDF wrote, page after page, by copying their objects' bytes.

Why not PyMuPDF: joining with ``insert_pdf`` copies every stream into memory until the
final save, and an incremental save makes MuPDF read back the whole file to compare it
first, so saving a growing file a chunk at a time costs the square of its length.
Here each chunk's objects are copied in one pass, streams untouched byte for byte, and
only their object numbers change; memory holds one object at a time.

The input is what MuPDF's full save writes: a classic cross-reference table, no object
streams, direct /Length values.  Each chunk's catalog, page-tree nodes and info
dictionary are dropped; its pages go under one new page tree.  Document-level parts
(outline, page labels, metadata) are added afterwards by the caller.
"""
from __future__ import annotations

import mmap
import re
from pathlib import Path

__all__ = ["merge_pdfs", "MergeError"]

_REF = re.compile(rb"(?<![\d.+-])(\d+)\s+(\d+)\s+R(?![A-Za-z])")
_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")


class MergeError(Exception):
    """A chunk file is not in the form this module reads (a bug, not the user's input)."""


def _xref(data) -> tuple[dict[int, int], bytes, int]:
    """{object number: offset}, the trailer dictionary's text and the table's offset,
    of a PDF that MuPDF wrote."""
    at = data.rfind(b"startxref")
    if at < 0:
        raise MergeError("no startxref")
    pos = int(data[at + 9:at + 40].split()[0])
    if data[pos:pos + 4] != b"xref":
        raise MergeError("not a classic cross-reference table")
    lines = data[pos:data.find(b"trailer", pos)].split(b"\n")
    offsets: dict[int, int] = {}
    i = 1
    while i < len(lines):
        head = lines[i].split()
        i += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        for k in range(count):
            entry = lines[i + k].split()
            if len(entry) == 3 and entry[2] == b"n":
                offsets[first + k] = int(entry[0])
        i += count
    trailer = data[data.find(b"trailer", pos):at]
    return offsets, trailer, pos


def _skip_string(text: bytes, i: int) -> int:
    """The index after the literal string starting at text[i] == '('."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == 0x5C:          # backslash: the next byte is escaped
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _split_body(body: bytes) -> tuple[bytes, bytes]:
    """(object text before any stream, the rest: 'stream…endstream endobj' or 'endobj'),
    scanning past strings so that their contents are never taken for keywords."""
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c == 0x28:
            i = _skip_string(body, i)
            continue
        if c == 0x3C and body[i + 1:i + 2] != b"<":      # <hex string>
            j = body.find(b">", i)
            i = n if j < 0 else j + 1
            continue
        if c == 0x73 and body.startswith(b"stream", i) and body[i + 6:i + 7] in (b"\r", b"\n"):
            return body[:i], body[i:]
        if c == 0x65 and body.startswith(b"endobj", i):
            return body[:i], body[i:]
        i += 1
    return body, b""


def _renumber(text: bytes, mapping: dict[int, int]) -> bytes:
    """Object references in ``text`` renumbered, strings left alone."""
    out, i, start, n = [], 0, 0, len(text)

    def ref(m) -> bytes:
        new = mapping.get(int(m.group(1)))
        # a reference to an object the chunk does not hold reads as null in any reader
        return b"%d 0 R" % new if new is not None else b"null"

    def sub(segment: bytes) -> bytes:
        return _REF.sub(ref, segment)

    while i < n:
        c = text[i]
        if c == 0x28:
            j = _skip_string(text, i)
        elif c == 0x3C and text[i + 1:i + 2] != b"<":
            j = text.find(b">", i)
            j = n if j < 0 else j + 1
        else:
            if c == 0x3C or c == 0x3E:
                i += 2 if text[i + 1:i + 2] == bytes([c]) else 1
            else:
                i += 1
            continue
        out.append(sub(text[start:i]))
        out.append(text[i:j])
        i = start = j
    out.append(sub(text[start:]))
    return b"".join(out)


def _dict_value(text: bytes, key: bytes) -> bytes | None:
    m = re.search(rb"/" + key + rb"(?![A-Za-z])\s*", text)
    if not m:
        return None
    rest = text[m.end():]
    if rest.startswith(b"["):
        return rest[:rest.find(b"]") + 1]
    r = _REF.match(rest)
    if r:
        return r.group(0)
    return rest.split(b"/")[0].split(b">>")[0].strip()


def _ref_num(value: bytes) -> int:
    return int(value.split()[0])


def merge_pdfs(chunks: list[Path], out_path: Path) -> int:
    """Write the pages of ``chunks``, in order, to ``out_path``; return the page count."""
    with open(out_path, "wb", buffering=1 << 20) as out:
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}
        catalog, pages_root = 1, 2
        next_num = 3
        kids: list[int] = []
        for chunk in chunks:
            with open(chunk, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                table, trailer, table_at = _xref(data)
                order = sorted(table.items(), key=lambda kv: kv[1])
                ends = {num: (order[k + 1][1] if k + 1 < len(order) else table_at)
                        for k, (num, _) in enumerate(order)}

                def body(num: int) -> bytes:
                    m = _OBJ.match(data, table[num])
                    if not m or int(m.group(1)) != num:
                        raise MergeError(f"object {num} is not where the table says")
                    return data[m.end():ends[num]]

                root = _ref_num(_dict_value(trailer, b"Root"))
                info = _dict_value(trailer, b"Info")
                skip = {root} | ({_ref_num(info)} if info else set())
                pages: list[int] = []
                nodes = [_ref_num(_dict_value(_split_body(body(root))[0], b"Pages"))]
                tree: list[int] = []

                def walk(num: int) -> None:     # page-tree nodes in order, pages in order
                    text = _split_body(body(num))[0]
                    if re.search(rb"/Type\s*/Pages\b", text):
                        tree.append(num)
                        for ref in _REF.finditer(_dict_value(text, b"Kids") or b""):
                            walk(int(ref.group(1)))
                    else:
                        pages.append(num)

                walk(nodes[0])
                skip |= set(tree)
                mapping = {num: pages_root for num in tree}
                mapping[root] = catalog
                for num in table:
                    if num not in skip and num != 0:
                        mapping[num] = next_num
                        next_num += 1
                page_set = set(pages)
                for num, _ in order:
                    if num in skip or num == 0:
                        continue
                    text, tail = _split_body(body(num))
                    text = _renumber(text, mapping)
                    if num in page_set:
                        text = re.sub(rb"/Parent\s+\d+\s+\d+\s+R", b"/Parent %d 0 R" % pages_root, text)
                    offsets[mapping[num]] = out.tell()
                    out.write(b"%d 0 obj\n" % mapping[num])
                    out.write(text)
                    out.write(tail if tail else b"endobj\n")
                    if tail and not tail.rstrip().endswith(b"endobj"):
                        raise MergeError(f"object {num} does not end")
                kids += [mapping[p] for p in pages]
        offsets[pages_root] = out.tell()
        out.write(b"%d 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n"
                  % (pages_root, b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
        offsets[catalog] = out.tell()
        out.write(b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (catalog, pages_root))
        xref_at = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % next_num)
        for num in range(1, next_num):
            out.write(b"%010d 00000 n \n" % offsets[num])
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (next_num, catalog, xref_at))
    return len(kids)
