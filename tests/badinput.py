"""Bad reels a user might pick, made on the fly: one builder per case."""
import struct
import zlib
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image


def image_pdf(path: Path, pages: int = 3) -> Path:
    """An image-only PDF of scanned-looking grey pages."""
    doc = pymupdf.open()
    rng = np.random.default_rng(1)
    for i in range(pages):
        page = doc.new_page(width=612, height=792)
        arr = (200 + rng.integers(0, 40, (330, 255))).astype(np.uint8)
        buf = _png_bytes(Image.fromarray(arr))
        page.insert_image(page.rect, stream=buf)
        page.insert_text((72, 72), f"page {i + 1}", fontsize=20)
    doc.save(path)
    return path


def _png_bytes(img: Image.Image) -> bytes:
    import io
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def missing(tmp: Path) -> Path:
    return tmp / "no-such-reel.pdf"


def zero_bytes(tmp: Path) -> Path:
    p = tmp / "empty.pdf"
    p.write_bytes(b"")
    return p


def truncated_pdf(tmp: Path) -> Path:
    good = image_pdf(tmp / "good.pdf")
    p = tmp / "truncated.pdf"
    p.write_bytes(good.read_bytes()[:300])
    return p


def encrypted_pdf(tmp: Path, password: str = "fiche") -> Path:
    src = image_pdf(tmp / "plain.pdf", pages=2)
    doc = pymupdf.open(src)
    p = tmp / "encrypted.pdf"
    doc.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password + "-owner")
    return p


def not_an_image(tmp: Path) -> Path:
    p = tmp / "notes.png"
    p.write_text("This is a shopping list, not a scan.\n" * 20)
    return p


def empty_folder(tmp: Path) -> Path:
    p = tmp / "empty-folder"
    p.mkdir()
    (p / "readme.txt").write_text("no images here")
    return p


def enormous_image(tmp: Path) -> Path:
    """A PNG whose header claims 30000x30000 pixels: decoding it would take 900 MB."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 100)
    p = tmp / "enormous.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return p


BAD_REELS = {
    "missing": (missing, "does not exist"),
    "zero-byte": (zero_bytes, "empty (0 bytes)"),
    "truncated": (truncated_pdf, "truncated or damaged"),
    "not-an-image": (not_an_image, "not an image"),
    "empty-folder": (empty_folder, "holds no page images"),
    "enormous": (enormous_image, "megapixels"),
    "encrypted": (encrypted_pdf, "password"),
}
