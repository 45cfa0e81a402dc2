"""Opening every kind of reel, and every kind of bad input, with the real decoders."""
import zipfile

import numpy as np
import pytest
from PIL import Image

from reel import FrameError, PasswordRequired, ReelError, open_reel
from reel.framespec import parse_frames
from tests.badinput import BAD_REELS, encrypted_pdf, image_pdf


def _page(i, w=400, h=500):
    arr = np.full((h, w), 235, np.uint8)
    arr[20 + i * 10: 40 + i * 10, 20:200] = 0  # a dark bar whose place tells frames apart
    return Image.fromarray(arr)


def _bar_row(frame: np.ndarray) -> int:
    return int(np.argmax(frame[:, 100] < 128))


def test_pdf_frames_sizes_and_render(tmp_path):
    reel = open_reel(image_pdf(tmp_path / "r.pdf", pages=3))
    assert len(reel) == 3
    assert reel.frame_size(1) == (2550, 3300)  # 612x792 pt at 300 dpi
    gray = reel.render(2, scale=0.25)
    assert gray.shape == (825, 638) and gray.dtype == np.uint8
    rgb = reel.render(2, scale=0.25, color=True)
    assert rgb.shape == (825, 638, 3)
    with pytest.raises(IndexError):
        reel.render(4)


def test_pdf_with_text(corpus):
    reel = open_reel(corpus / "scans" / "104-10077-10136.pdf")
    assert len(reel) == 1
    assert reel.render(1, scale=0.1).mean() > 50


def test_folder_natural_order(tmp_path):
    folder = tmp_path / "reel"
    folder.mkdir()
    for i in (1, 2, 10):
        _page(i).save(folder / f"frame{i}.png")
    reel = open_reel(folder)
    assert len(reel) == 3
    rows = [_bar_row(reel.render(n)) for n in (1, 2, 3)]
    assert rows == [30, 40, 120]  # frame1, frame2, frame10 (not frame1, frame10, frame2)


def test_zip_reel_natural_order_and_skips_junk(tmp_path):
    z = tmp_path / "reel.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in (10, 2, 1):
            p = tmp_path / f"p{i}.jpg"
            _page(i).save(p, quality=95)
            zf.write(p, f"scans/p{i}.jpg")
        zf.writestr("__MACOSX/scans/._p1.jpg", b"junk")
        zf.writestr("scans/readme.txt", b"hello")
    reel = open_reel(z)
    assert len(reel) == 3
    assert [_bar_row(reel.render(n)) for n in (1, 2, 3)] == [30, 40, 120]
    assert reel.render(1, scale=0.5).shape == (250, 200)


def test_multipage_tiff(tmp_path):
    p = tmp_path / "reel.tif"
    pages = [_page(i) for i in range(4)]
    pages[0].save(p, save_all=True, append_images=pages[1:], compression="tiff_deflate")
    reel = open_reel(p)
    assert len(reel) == 4
    assert [_bar_row(reel.render(n)) for n in range(1, 5)] == [20, 30, 40, 50]


def test_single_image(tmp_path):
    p = tmp_path / "scan.png"
    _page(3).save(p)
    reel = open_reel(p)
    assert len(reel) == 1 and reel.frame_size(1) == (400, 500)


def test_fingerprint_survives_rename_and_differs_by_content(tmp_path):
    a = image_pdf(tmp_path / "a.pdf", pages=2)
    fp = open_reel(a).fingerprint
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    b = a.rename(moved / "renamed.pdf")
    assert open_reel(b).fingerprint == fp
    c = image_pdf(tmp_path / "c.pdf", pages=3)
    assert open_reel(c).fingerprint != fp
    r = open_reel(c)
    assert r.frame_digest(1) != r.frame_digest(2)
    assert r.frame_digest(1) == open_reel(c).frame_digest(1)


def test_transcript_beside_reel(tmp_path):
    reel_path = image_pdf(tmp_path / "memo.pdf", pages=1)
    assert open_reel(reel_path).transcript_path() is None
    (tmp_path / "memo.md").write_text("<!-- frame 1 -->\nhello")
    assert open_reel(reel_path).transcript_path() == tmp_path / "memo.md"


@pytest.mark.parametrize("case", sorted(BAD_REELS))
def test_bad_input_says_what_is_wrong(tmp_path, case):
    build, words = BAD_REELS[case]
    with pytest.raises(ReelError) as err:
        open_reel(build(tmp_path))
    message = str(err.value)
    assert words in message
    assert "\n" not in message


def test_encrypted_pdf_opens_with_password(tmp_path):
    p = encrypted_pdf(tmp_path, password="fiche")
    with pytest.raises(PasswordRequired) as err:
        open_reel(p, password="wrong")
    assert err.value.wrong
    assert len(open_reel(p, password="fiche")) == 2


def test_damaged_frame_in_folder_is_a_frame_error(tmp_path):
    folder = tmp_path / "reel"
    folder.mkdir()
    _page(1).save(folder / "1.png")
    (folder / "2.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    reel = open_reel(folder)
    assert len(reel) == 2
    reel.render(1)
    with pytest.raises(FrameError, match="2.png"):
        reel.render(2)


def test_frame_specs():
    assert parse_frames("2-5,9", 10) == [2, 3, 4, 5, 9]
    assert parse_frames(None, 3) == [1, 2, 3]
    assert parse_frames("8-", 10) == [8, 9, 10]
    for bad in ("0", "5-2", "11", "x"):
        with pytest.raises(ValueError):
            parse_frames(bad, 10)
