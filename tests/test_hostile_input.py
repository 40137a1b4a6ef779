"""Hostile inputs are refused in bounded time with one line, or cleaned (issue 12).

Zip bombs, FIFOs, devices, PDFs with too many or too slow pages, and control characters
in every input format; every input is built here.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import limits
from dedup.cli import cli
from dedup.errors import UnreadableInput
from dedup.ingest import read_document
from dedup.ingest.docx import check_zip
from tests.conftest import SAMPLE
from tests.make_formats import make_docx, make_pdf
from tests.refusals import assert_refused, digest, invoke, listing, run_dedup

BLOCKS = [
    ("heading", "Vragen en opmerkingen van de leden van de VVD-fractie"),
    ("paragraph", "De leden van de VVD-fractie vragen hoeveel woonplekken er zijn."),
]


def _docx_with(
    tmp_path: Path, name: str, member: str, size: int, *, incompressible: bool = False
) -> Path:
    """A real Word file plus one member of `size` zero bytes (compressed ~1000 times), or
    of random bytes (not compressible)."""
    base = tmp_path / "base.docx"
    make_docx(BLOCKS, base)
    path = tmp_path / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        with dst.open(member, "w") as out:
            rng = random.Random(12)
            for _ in range(size // 2**20):
                out.write(rng.randbytes(2**20) if incompressible else bytes(2**20))
    return path


def _lie_about_size(path: Path, member: str, declared: int) -> None:
    """Rewrite `member`'s unpacked size in its local and central headers to `declared`."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        start_dir = archive.start_dir
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    pos = start_dir
    while data[pos : pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, pos + 24, declared)
        pos += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    """A DOCX whose member unpacks to 200 MiB (about 200 KB packed): exit 2, one line."""
    bomb = _docx_with(tmp_path, "bom.docx", "word/media/image1.png", 200 * 2**20)
    assert bomb.stat().st_size < 2 * 2**20
    before = digest(bomb)
    result = run_dedup("analyze", str(bomb))
    line = assert_refused(result.stderr, result.returncode, str(bomb), "zip bomb")
    assert "unpack" in line
    assert digest(bomb) == before


def test_docx_member_that_lies_about_its_size_is_caught_while_unpacking(tmp_path: Path) -> None:
    """A member declaring 1 KB that really unpacks to 150 MiB is stopped at the limit."""
    bomb = _docx_with(tmp_path, "leugen.docx", "word/media/image1.png", 150 * 2**20)
    _lie_about_size(bomb, "word/media/image1.png", 1000)
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("word/media/image1.png").file_size == 1000
    # Refused by what inflating shows (the header claims a harmless 1000 bytes).
    with pytest.raises(UnreadableInput, match=r"image1.png (alone )?unpacks .*a zip bomb"):
        check_zip(str(bomb), bomb.read_bytes())


def test_docx_member_longer_than_declared_is_refused(tmp_path: Path) -> None:
    """A member that unpacks to more than its header says (within the limit) is damage."""
    path = _docx_with(
        tmp_path, "lang.docx", "word/media/image1.png", 3 * 2**20, incompressible=True
    )
    _lie_about_size(path, "word/media/image1.png", 2**20)
    with pytest.raises(UnreadableInput, match="its header says 1048576"):
        read_document(path)


def test_docx_with_a_high_ratio_member_is_refused(tmp_path: Path) -> None:
    """Within the total, one member unpacking over 100 times its packed size is refused."""
    path = _docx_with(tmp_path, "ratio.docx", "word/media/image1.png", 20 * 2**20)
    with pytest.raises(UnreadableInput, match=r"times its packed size \(limit 100\)"):
        read_document(path)


def test_ordinary_docx_passes_the_zip_checks(tmp_path: Path) -> None:
    """A normal Word file is read as before."""
    path = tmp_path / "gewoon.docx"
    make_docx(BLOCKS, path)
    check_zip(str(path), path.read_bytes())
    assert "woonplekken" in "\n".join(read_document(path).lines)


@pytest.mark.parametrize("command", ["analyze", "segment"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, command: str) -> None:
    """A named pipe with no writer: refused at once (opening it would block for ever)."""
    fifo = tmp_path / "pijp.txt"
    os.mkfifo(fifo)
    result = run_dedup(command, str(fifo))
    assert_refused(result.stderr, result.returncode, str(fifo), "named pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused_by_analyze(device: str) -> None:
    """Character devices never end; they are refused, not read."""
    result = run_dedup("analyze", device)
    assert_refused(result.stderr, result.returncode, device, "character device")


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "huge", "empty"])
def test_corpus_add_makes_the_same_checks_as_analyze(tmp_path: Path, kind: str) -> None:
    """`corpus add` refuses FIFOs, devices, empty and oversized files before hashing them:
    one line naming the file and the problem, exit 2, and the database holds nothing."""
    if kind == "fifo":
        path = tmp_path / "pijp.txt"
        os.mkfifo(path)
        problem = "named pipe"
    elif kind == "huge":
        path = tmp_path / "groot.txt"
        with path.open("wb") as fh:
            fh.truncate(2 * 2**20)
        problem = "above the 1 MiB limit"
    elif kind == "empty":
        path = tmp_path / "leeg.txt"
        path.write_bytes(b"")
        problem = "the file is empty"
    else:
        path = Path(kind)
        problem = "character device"
    db = tmp_path / "corpus.sqlite"
    # A child process: a regression (reading the FIFO or device) is a bounded hang.
    result = run_dedup("corpus", "add", str(path), "--db", str(db), "--quiet", "--max-size", "1")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    named = [line for line in result.stderr.splitlines() if str(path) in line]
    assert len(named) == 1 and problem in named[0], result.stderr
    count = invoke("corpus", "stats", "--db", str(db), "--format", "json")
    assert json.loads(count.stdout)["documents"] == 0


def _pdf(tmp_path: Path, pages: int) -> Path:
    blocks = []
    for n in range(pages):
        blocks.append(("heading", f"Vragen en opmerkingen van de leden van de fractie {n}"))
        blocks.append(("paragraph", "Hoeveel woonplekken zijn er gerealiseerd? " * 40))
    path = tmp_path / f"{pages}.pdf"
    make_pdf(blocks, path, system_font=False)
    return path


def test_pdf_over_the_page_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More pages than the limit: one line with the count and the limit, exit 2."""
    path = _pdf(tmp_path, 4)
    from pypdf import PdfReader

    pages = len(PdfReader(path).pages)
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", pages - 1)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert_refused(
        result.stderr, result.exit_code, str(path), f"{pages} pages, above the {pages - 1}-page"
    )


def test_pdf_over_the_time_budget_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages still unread when the time budget is spent: refused, saying where it stopped
    (the budget is set to zero, so the refusal comes after the first page)."""
    path = _pdf(tmp_path, 4)
    monkeypatch.setattr(limits, "PDF_SECONDS", 0.0)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    line = assert_refused(result.stderr, result.exit_code, str(path), "took over 0 s")
    assert "stopped at page 2 of" in line


ESCAPES = "\x1b]0;gehackt\x07\x1b[2J\x9b31m"


def _has_controls(text: str) -> bool:
    return any(ch in text for ch in "\x1b\x07\x9b\x00")


def test_control_characters_are_removed_on_ingest_for_every_format(tmp_path: Path) -> None:
    """ESC/OSC/CSI sequences in a .txt, an .html (as character references) and a .docx
    (C1 CSI, which XML allows) never reach the lines; a warning says how many were cut."""
    text = SAMPLE.read_text(encoding="utf-8").replace("woonplekken", f"woon{ESCAPES}plekken", 1)
    txt = tmp_path / "escape.txt"
    txt.write_text(text, encoding="utf-8")
    html = tmp_path / "escape.html"
    html.write_text(
        "<!DOCTYPE html><html><body><p>Hoeveel woon&#x1b;]0;titel&#x07;plekken "
        "&#x1b;[2Jzijn er?</p></body></html>",
        encoding="utf-8",
    )
    docx_path = tmp_path / "escape.docx"
    make_docx([*BLOCKS, ("paragraph", "Hoeveel woon\x9b2Jplekken zijn er?")], docx_path)
    for path in (txt, html, docx_path):
        source = read_document(path)
        assert not any(_has_controls(line) for line in source.lines), path
        warning = [d for d in source.diagnostics if d.code == "control-characters"]
        assert len(warning) == 1 and "removed" in warning[0].message, path


def test_terminal_and_json_output_hold_no_escape_sequences(tmp_path: Path) -> None:
    """The terminal report and the JSON of a document full of escapes are clean."""
    text = SAMPLE.read_text(encoding="utf-8").replace("?", f"?{ESCAPES}", 5)
    path = tmp_path / "escape.txt"
    path.write_text(text, encoding="utf-8")
    terminal = run_dedup("analyze", str(path), "--no-color")
    assert terminal.returncode == 0, terminal.stderr
    assert not _has_controls(terminal.stdout)
    data = json.loads(run_dedup("analyze", str(path), "--format", "json").stdout)
    assert not any(_has_controls(value) for value in _strings(data))
    assert any("gehackt" in value for value in _strings(data))  # the rest of the text stays
    assert "control-characters" in {w["code"] for w in data["warnings"]}


def _strings(value: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_error_messages_show_control_characters_in_a_path(tmp_path: Path) -> None:
    """A file name with an escape sequence is named in the error with the escape visible."""
    path = tmp_path / "naam\x1b[2J.txt"
    path.write_bytes(b"")
    result = run_dedup("analyze", str(path))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "naam\\x1b[2J.txt" in result.stderr
    assert listing(tmp_path) == [path.name]


def test_docx_bundle_of_text_with_control_characters(tmp_path: Path) -> None:
    """The Word bundle renders text holding control characters (python-docx refuses them
    in XML): the bundle builds from an analysis whose text was never cleaned."""
    import dataclasses

    from dedup.bundle import bundle
    from dedup.pipeline import analyze_segmentation
    from dedup.render.to_docx import render_bundle_docx
    from tests.conftest import sample_segmentation

    seg = sample_segmentation()
    dirty = dataclasses.replace(
        seg,
        questions=tuple(
            dataclasses.replace(q, text=q.text + "\x1b[2J\x00\x0b") for q in seg.questions
        ),
    )
    data = render_bundle_docx(bundle(analyze_segmentation(dirty)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "\x1b" not in xml and "\x00" not in xml and "[2J" in xml


@pytest.mark.parametrize("option", ["--config", "--manifest"])
def test_a_fifo_as_settings_or_manifest_is_refused(tmp_path: Path, option: str) -> None:
    """The settings file and the corpus manifest get the same file checks as documents."""
    fifo = tmp_path / "instellingen.toml"
    os.mkfifo(fifo)
    if option == "--config":
        args = ["analyze", str(SAMPLE), "--config", str(fifo)]
    else:
        args = [
            "corpus",
            "add",
            str(SAMPLE),
            "--db",
            str(tmp_path / "c.sqlite"),
            "--manifest",
            str(fifo),
        ]
    result = run_dedup(*args)
    assert_refused(result.stderr, result.returncode, str(fifo), "named pipe")
    assert not (tmp_path / "c.sqlite").exists()
