"""The desktop entry, MIME type and icons: valid, installed where the desktop looks,
understood by GLib (what GNOME's file manager asks), and removed cleanly."""
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from desktop import REEL_MIME_TYPE, install, uninstall
from desktop.entry import exec_argument, mime_types, render_entry
from desktop.files import DESKTOP_TEMPLATE, ICON_SIZES, ICON_SVG, MIME_XML, icon_png, installed_files
from tests.conftest import ROOT

needs_validate = pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                                    reason="desktop-file-validate missing (Debian: desktop-file-utils)")
needs_mime_tools = pytest.mark.skipif(
    not (shutil.which("update-mime-database") and shutil.which("update-desktop-database")),
    reason="update-mime-database / update-desktop-database missing (Debian: shared-mime-info, "
           "desktop-file-utils)")
needs_gio = pytest.mark.skipif(shutil.which("gio") is None, reason="gio missing (Debian: libglib2.0-bin)")


def validate(path: Path) -> None:
    done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def gio(prefix: Path, *args: str) -> str:
    env = dict(os.environ, XDG_DATA_HOME=str(prefix), XDG_DATA_DIRS="/usr/share")
    return subprocess.run(["gio", *args], capture_output=True, text=True, env=env, timeout=30).stdout


def run_main(*args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL, env=env)


@needs_validate
def test_the_template_and_the_rendered_entry_validate(tmp_path):
    validate(DESKTOP_TEMPLATE)
    out = tmp_path / "reel-reader.desktop"
    out.write_text(render_entry(ROOT / "run.sh"))
    validate(out)
    text = out.read_text()
    assert f"Exec={ROOT / 'run.sh'} %F\n" in text
    assert f"TryExec={ROOT / 'run.sh'}\n" in text
    assert "Icon=reel-reader\n" in text and "Terminal=false\n" in text
    assert set(mime_types()) == {"application/pdf", "image/tiff", "application/zip", REEL_MIME_TYPE}


@needs_validate
@needs_gio
def test_exec_line_survives_awkward_checkout_paths(tmp_path):
    """A clone in a folder with spaces, quotes, $ and % still launches, with the files as
    separate arguments: GLib runs the entry exactly as a file manager would. (A % in the
    path is escaped as the spec says, but GLib looks for the program before it undoes
    the escape, so that case is checked by the quoting test only.)"""
    folder = tmp_path / 'My "Reels" $HOME `x` \\ back'
    folder.mkdir()
    run_sh = folder / "run.sh"
    record = tmp_path / "argv.txt"
    run_sh.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" > "{record}"\n')
    run_sh.chmod(0o755)
    entry = tmp_path / "reel-reader.desktop"
    entry.write_text(render_entry(run_sh))
    validate(entry)
    reels = [tmp_path / "a reel.pdf", tmp_path / "b.tif"]
    subprocess.run(["gio", "launch", str(entry), *map(str, reels)], check=True, timeout=30,
                   capture_output=True)
    deadline = time.monotonic() + 10
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.read_text().splitlines() == [str(run_sh), *map(str, reels)]


def test_exec_argument_quoting_follows_the_spec():
    assert exec_argument("/opt/reel/run.sh") == "/opt/reel/run.sh"
    assert exec_argument("/a b/run.sh") == '"/a b/run.sh"'
    assert exec_argument('/a"b$c`d\\e') == '"/a\\"b\\$c\\`d\\\\e"'
    assert exec_argument("/100%/run.sh") == "/100%%/run.sh"
    with pytest.raises(ValueError):
        exec_argument("/a\nb")


def test_the_icons_are_the_svg_at_each_size(qapp):
    """The PNGs are made from the SVG by scripts/make_icons.py; they must not go stale.
    (QAPP: the script makes a bare QGuiApplication when none is running, and every widget
    test that ran after it in the same test process aborted Qt.)"""
    import numpy as np
    from PIL import Image
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_icons import render
    for size in ICON_SIZES:
        png = Image.open(icon_png(size)).convert("RGBA")
        assert png.size == (size, size)
        fresh = render(ICON_SVG, size).convertToFormat(render(ICON_SVG, size).Format.Format_RGBA8888)
        data = np.frombuffer(bytes(fresh.constBits()), np.uint8)[:size * size * 4].reshape(size, size, 4)
        assert np.abs(np.asarray(png, np.int16) - data).mean() < 2, f"{icon_png(size)} is stale"
    assert (np.asarray(Image.open(icon_png(48)).convert("RGBA"))[..., 3] > 0).mean() > 0.3  # not blank


def test_the_mime_package_is_valid_shared_mime_info():
    from lxml import etree
    root = etree.parse(str(MIME_XML)).getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    (mime,) = root.findall(f"{ns}mime-type")
    assert mime.get("type") == REEL_MIME_TYPE
    assert mime.find(f"{ns}glob").get("pattern") == "*.reel"
    assert mime.find(f"{ns}sub-class-of").get("type") == "application/zip"


@needs_mime_tools
@needs_gio
def test_install_registers_reel_reader_and_uninstall_leaves_the_prefix_as_it_was(tmp_path):
    prefix = tmp_path / "share"
    # Someone else's things are there already: they must survive both steps untouched.
    (prefix / "applications").mkdir(parents=True)
    (prefix / "applications" / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=true %f\nMimeType=text/x-other;\n")
    (prefix / "mime" / "packages").mkdir(parents=True)
    (prefix / "mime" / "packages" / "other.xml").write_text(
        '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">'
        '<mime-type type="text/x-other"><comment>Other</comment><glob pattern="*.other"/></mime-type>'
        "</mime-info>\n")
    subprocess.run(["update-mime-database", str(prefix / "mime")], check=True, capture_output=True)
    subprocess.run(["update-desktop-database", str(prefix / "applications")], check=True)
    before = tree(prefix)

    report = install(prefix)
    assert not report.failures, report.failures
    assert {"update-desktop-database", "update-mime-database"} <= set(report.refreshed)
    for target, source in installed_files(prefix).items():
        assert target.is_file()
        if source is not None:
            assert target.read_bytes() == source.read_bytes()
    validate(prefix / "applications" / "reel-reader.desktop")
    # What a file manager asks: the type of a .reel file, and who opens it.
    reel = tmp_path / "letters.reel"
    with zipfile.ZipFile(reel, "w") as z:
        z.writestr("frame1.png", b"\x89PNG\r\n\x1a\n")
    assert f"standard::content-type: {REEL_MIME_TYPE}" in gio(prefix, "info", "-a",
                                                               "standard::content-type", str(reel))
    assert f"Default application for “{REEL_MIME_TYPE}”: reel-reader.desktop" in gio(prefix, "mime",
                                                                                      REEL_MIME_TYPE)
    for other in ("application/pdf", "image/tiff", "application/zip"):
        assert "reel-reader.desktop" in gio(prefix, "mime", other)
    assert "text/x-other" in (prefix / "mime" / "globs2").read_text()

    install(prefix)   # again: nothing doubles, nothing breaks
    report = uninstall(prefix)
    assert not report.failures, report.failures
    after = tree(prefix)
    assert after.keys() == before.keys(), set(after) ^ set(before)
    for name in ("applications/other.desktop", "mime/packages/other.xml", "mime/globs2"):
        assert after[name] == before[name]
    assert not any(b"reel-reader" in data for data in after.values())


@needs_mime_tools
def test_uninstall_of_a_fresh_prefix_leaves_nothing(tmp_path):
    prefix = tmp_path / "share"
    install(prefix)
    assert (prefix / "mime" / "mime.cache").exists()
    uninstall(prefix)
    assert not prefix.exists() or not any(prefix.rglob("*"))


def test_command_line_install_and_uninstall(tmp_path):
    prefix = tmp_path / "data home"
    result = run_main("--install-desktop", "--prefix", prefix)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "installed" in result.stderr and str(prefix) in result.stderr
    assert (prefix / "applications" / "reel-reader.desktop").is_file()
    result = run_main("--uninstall-desktop", "--prefix", prefix)
    assert result.returncode == 0, result.stderr
    assert not (prefix / "applications" / "reel-reader.desktop").exists()


def test_default_prefix_is_xdg_data_home(tmp_path):
    home = tmp_path / "xdg-data"
    result = run_main("--install-desktop", env=dict(os.environ, XDG_DATA_HOME=str(home)))
    assert result.returncode == 0, result.stderr
    assert (home / "applications" / "reel-reader.desktop").is_file()
    assert "note:" not in result.stderr   # the desktop reads $XDG_DATA_HOME


@pytest.mark.parametrize("args, words", [
    (["--install-desktop", "--prefix", "{file}"], "is not a folder"),
    (["--uninstall-desktop", "--prefix", "{missing}"], "nothing is installed there"),
    (["--install-desktop", "--uninstall-desktop"], "exclude each other"),
    (["--prefix", "{missing}"], "goes with --install-desktop"),
    (["--install-desktop", "reel.pdf"], "take no reel"),
])
def test_command_line_mistakes_exit_2_with_one_line(tmp_path, args, words):
    file = tmp_path / "a-file"
    file.write_text("x")
    args = [a.format(file=file, missing=tmp_path / "nowhere") for a in args]
    result = run_main(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reel-reader:") and words in lines[0], result.stderr


def test_a_read_only_prefix_says_so(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    prefix = tmp_path / "ro"
    prefix.mkdir()
    prefix.chmod(0o500)
    try:
        result = run_main("--install-desktop", "--prefix", prefix)
    finally:
        prefix.chmod(0o700)
    assert result.returncode == 2 and "cannot write" in result.stderr
