"""`corpus report` written as it is read: the top lists' occurrences come from the database
while the report goes out (bounded memory at 10k documents), in one snapshot, and the
text is exactly that of the report as plain data (`build_report`, every occurrence in a
list)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dedup.corpus import Corpus, report
from dedup.corpus.report import (
    Occurrences,
    ReportOptions,
    build_report,
    html_chunks,
    json_chunks,
    markdown_chunks,
    render_html,
    render_markdown,
    report_snapshot,
)
from dedup.corpus.synthetic import VariantOptions
from tests.test_corpus import run, write_variants


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stream")
    files = write_variants(root / "docs", range(41, 45), VariantOptions(sections=3))
    path = root / "corpus.sqlite"
    with Corpus(path, create=True) as c:
        c.add(files[:3], jobs=1)
    shutil.copy(files[3], root / "later.txt")
    return path


@pytest.mark.parametrize("by", ["year", "fraction", "document"])
def test_streamed_outputs_are_the_plain_reports_text(
    db: Path, by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON as the standard library writes the plain report; Markdown and HTML as their
    renderers write it from lists; many pieces (joins of 50 strings here, not 4096)
    make the same text."""
    monkeypatch.setattr(report, "PIECE_PARTS", 50)
    opts = ReportOptions(by=by, top=6)
    with Corpus(db, readonly=True) as c:
        plain = build_report(c.conn, opts)
        with report_snapshot(c.conn, opts) as lazy:
            assert isinstance(lazy["top_passages"][0]["members"], Occurrences)
            streamed_json = list(json_chunks(lazy))
            streamed_md = "".join(markdown_chunks(lazy))
            streamed_html = "".join(html_chunks(lazy, {"x": "<svg></svg>"}))
    assert plain["top_passages"] and plain["repeated_questions"]
    assert "".join(streamed_json) == json.dumps(plain, ensure_ascii=False, indent=2) + "\n"
    assert len(streamed_json) > 20  # written in pieces, not as one string
    assert json.loads("".join(streamed_json)) == plain
    assert streamed_md == render_markdown(plain)
    assert streamed_html == render_html(plain, {"x": "<svg></svg>"})
    for p in plain["top_passages"]:
        lines = [line for line in streamed_md.splitlines() if line.startswith("   - ")]
        assert len(lines) >= len(p["members"])


def test_occurrences_read_like_the_list(db: Path) -> None:
    """Length, slices from either end, single items and the error past the end behave as
    on the list of every occurrence."""
    with Corpus(db, readonly=True) as c:
        plain = build_report(c.conn)
        with report_snapshot(c.conn) as lazy:
            for key in ("top_passages", "repeated_questions"):
                for want, item in zip(plain[key], lazy[key], strict=True):
                    rows, full = item["members"], want["members"]
                    assert len(rows) == len(full) == item["occurrences"]
                    assert list(rows) == full
                    assert rows[:2] == full[:2] and rows[1:3] == full[1:3]
                    assert rows[::-1] == full[::-1] and rows[::2] == full[::2]
                    assert rows[0] == full[0] and rows[-1] == full[-1]
                    with pytest.raises(IndexError):
                        rows[len(full)]


def test_a_report_reads_one_snapshot_while_a_document_is_added(db: Path, tmp_path: Path) -> None:
    """A document added while the report is being written is not in it: the occurrences,
    read late, come from the snapshot the report's figures came from."""
    copy = tmp_path / "corpus.sqlite"
    shutil.copy(db, copy)
    later = db.parent / "later.txt"
    with Corpus(copy, readonly=True) as reader:
        before = build_report(reader.conn)
        with report_snapshot(reader.conn) as lazy:
            with Corpus(copy) as writer:
                assert len(writer.add([later], jobs=1).added) == 1
            streamed = "".join(json_chunks(lazy))
        after = build_report(reader.conn)
    assert json.loads(streamed) == before
    assert after["totals"]["documents"] == before["totals"]["documents"] + 1
    grown = [
        p for p in after["top_passages"] if p["passage"] == before["top_passages"][0]["passage"]
    ]
    assert grown and grown[0]["occurrences"] > before["top_passages"][0]["occurrences"]


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_cli_report_to_stdout_and_file_is_the_plain_report(
    db: Path, tmp_path: Path, fmt: str
) -> None:
    """`dedup corpus report` prints and writes (atomically) the same text the plain report
    renders to."""
    with Corpus(db, readonly=True) as c:
        plain = build_report(c.conn, ReportOptions(top=4))
    if fmt == "json":
        want = json.dumps(plain, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "md":
        want = render_markdown(plain)
    else:
        from dedup.corpus.plots import svg_charts

        want = render_html(plain, svg_charts(plain))
    code, out, err = run("corpus", "report", "--db", str(db), "--format", fmt, "--top", "4")
    assert code == 0, err
    assert out == want
    target = tmp_path / f"report.{fmt}"
    code, _, err = run(
        "corpus", "report", "--db", str(db), "--format", fmt, "--top", "4", "--out", str(target)
    )
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == want
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
