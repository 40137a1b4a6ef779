"""`dedup fetch`: references, sources, retries, timeouts, offline use and the cache.

Every download goes to a real HTTP server on 127.0.0.1 in a thread (DEDUP_OB_BASE and
DEDUP_TK_BASE point at it); no test touches any other host.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner

import dedup.fetch as fetch_module
from dedup.cli import cli
from dedup.fetch import DocumentRef, FetchError, InvalidReference, fetch, parse_ref
from dedup.parse.normalize import build_paragraphs
from dedup.parse.structure import find_headings
from tests.conftest import SAMPLE
from tests.make_formats import Block, make_docx, make_pdf, make_xml

DOC_ID = "0b6a3f2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XML_PATH = "/kst-29325-157.xml"
PDF_PATH = "/kst-29325-157.pdf"
HTML_PATH = "/kst-29325-157.html"
ODATA_PATH = "/OData/v4/2.0/Document"
RESOURCE_PATH = f"/OData/v4/2.0/Document({DOC_ID})/resource"
NOT_FOUND_PAGE = b"<!DOCTYPE html><html><body><h1>Pagina niet gevonden</h1></body></html>"


@dataclass
class Reply:
    """One answer of the test server."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/octet-stream"
    hang: float = 0.0  # seconds to wait before answering
    cut_after: int | None = None  # announce the whole body, send this many bytes, close
    location: str | None = None  # a redirect's target


@dataclass
class Server:
    """A threaded HTTP server on 127.0.0.1; each path answers its queue of replies in turn."""

    routes: dict[str, list[Reply]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)
    httpd: ThreadingHTTPServer | None = None

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                queue = server.routes.get(unquote(urlsplit(self.path).path))
                if not queue:
                    reply = Reply(404, NOT_FOUND_PAGE, "text/html")
                else:
                    reply = queue.pop(0) if len(queue) > 1 else queue[0]
                if reply.hang:
                    server.stopped.wait(reply.hang)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                if reply.location is not None:
                    self.send_header("Location", reply.location)
                self.end_headers()
                self.wfile.write(reply.body[: reply.cut_after])
                self.wfile.flush()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # the client gave up on a hanging or cut answer: expected

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    @property
    def base(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def stop(self) -> None:
        if self.httpd is not None:
            self.stopped.set()
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Server]:
    """The server, the sites pointed at it, no proxies, fast retries, a private cache home."""
    srv = Server()
    srv.start()
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEDUP_OB_BASE", srv.base)
    monkeypatch.setenv("DEDUP_TK_BASE", srv.base)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(fetch_module, "RETRY_BACKOFF", 0.01)
    yield srv
    srv.stop()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def fixture_blocks() -> list[Block]:
    """The fixture's paragraphs, PDF artefacts cleaned, its heading lines as headings."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    headings = find_headings(lines)
    starts = frozenset({h.first for h in headings} | {h.last + 1 for h in headings})
    heading_lines = {h.first + 1 for h in headings}  # 1-based, as Paragraph.first_line
    return [
        ("heading" if p.first_line in heading_lines else "paragraph", p.text)
        for p in build_paragraphs(lines, block_starts=starts)
    ]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The fixture verslag as officielebekendmakingen XML, also its Part I alone; its start
    as PDF and DOCX."""
    folder = tmp_path_factory.mktemp("served")
    blocks = fixture_blocks()
    make_xml(blocks, folder / "k.xml")
    make_xml(blocks[:40], folder / "k-part-one.xml")  # Part I: quicker to analyse
    make_pdf(blocks[:12], folder / "k.pdf")
    make_docx(blocks[:12], folder / "k.docx")
    names = {"xml": "k.xml", "xml-part-one": "k-part-one.xml", "pdf": "k.pdf", "docx": "k.docx"}
    return {key: (folder / name).read_bytes() for key, name in names.items()}


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def cache_listing(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


@pytest.mark.parametrize(
    ("text", "kind", "ident"),
    [
        ("29325-157", "kamerstuk", "kst-29325-157"),
        ("kst-29325-157", "kamerstuk", "kst-29325-157"),
        ("29 325, nr. 157", "kamerstuk", "kst-29325-157"),
        ("29325 nr. 157", "kamerstuk", "kst-29325-157"),
        ("Kamerstukken II 2023/24, 29 325, nr. 157", "kamerstuk", "kst-29325-157"),
        ("29325–157", "kamerstuk", "kst-29325-157"),
        ("21501-32-1730", "kamerstuk", "kst-21501-32-1730"),
        ("21 501-32, nr. 1730", "kamerstuk", "kst-21501-32-1730"),
        ("36 200 VII, nr. 5", "kamerstuk", "kst-36200-VII-5"),
        (
            "https://zoek.officielebekendmakingen.nl/kst-29325-157.html",
            "kamerstuk",
            "kst-29325-157",
        ),
        ("2023D06019", "tk", "2023D06019"),
        (" 2023d06019 ", "tk", "2023D06019"),
    ],
)
def test_parse_ref_accepts_the_usual_forms(text: str, kind: str, ident: str) -> None:
    """Kamerstuk and Tweede Kamer references in their usual spellings normalise to one id."""
    assert parse_ref(text) == DocumentRef(kind, ident, " ".join(text.split()))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "hello", "29325", "kst-29325", "2023D6019", "29325-157-12-3", "29325-0", "nr. 5"]
)
def test_parse_ref_rejects_what_is_no_reference(text: str) -> None:
    """Anything else is an InvalidReference (a DedupError) naming the accepted forms."""
    with pytest.raises(InvalidReference, match="not a document reference"):
        parse_ref(text)


def test_bad_ref_is_one_line_and_exit_2(cache: Path) -> None:
    """`dedup fetch` with a bad REF prints one error line and exits 2, touching nothing."""
    result = CliRunner().invoke(cli, ["fetch", "hello world", "--cache", str(cache)])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("dedup: error: hello world: not a document reference")
    assert not cache.exists()


def test_xml_download_then_analyze_finds_the_eight_fractions(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """The publication XML is downloaded into the cache and analysed like `dedup analyze`."""
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml"))
    result = CliRunner().invoke(
        cli, ["fetch", "29 325, nr. 157", "--cache", str(cache), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["fractions"] == [
        "VVD",
        "D66",
        "PVV",
        "CDA",
        "SP",
        "GroenLinks-PvdA",
        "ChristenUnie",
        "BBB",
    ]
    assert data["question_clusters"] and data["answer_clusters"]
    assert cache_listing(cache) == ["kst-29325-157.xml"]
    assert (cache / "kst-29325-157.xml").read_bytes() == documents["xml"]
    assert server.hits == [XML_PATH]
    assert "downloaded" in result.stderr


def test_falls_back_to_pdf_when_the_xml_is_missing(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """An XML 404 makes fetch take the PDF of the same Kamerstuk."""
    server.route(PDF_PATH, Reply(body=documents["pdf"], content_type="application/pdf"))
    path = fetch("29325-157", cache_dir=cache)
    assert path == cache / "kst-29325-157.pdf"
    assert path.read_bytes() == documents["pdf"]
    assert server.hits == [XML_PATH, PDF_PATH]


def test_html_error_page_served_as_pdf_is_not_taken_for_a_pdf(server: Server, cache: Path) -> None:
    """An HTML page at the .pdf address, even labelled application/pdf, is refused."""
    server.route(PDF_PATH, Reply(body=NOT_FOUND_PAGE, content_type="application/pdf"))
    with pytest.raises(FetchError) as caught:
        fetch("29325-157", cache_dir=cache)
    message = str(caught.value)
    assert "kst-29325-157.pdf: an HTML page instead of PDF" in message
    assert "kst-29325-157.xml: HTTP 404" in message
    assert "\n" not in message
    assert cache_listing(cache) == []


def test_tk_document_number_goes_through_odata_to_a_docx(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A 2023D number is looked up in the TK OData API and its DOCX resource downloaded."""
    answer = {"value": [{"Id": DOC_ID, "DocumentNummer": "2023D06019", "ContentType": DOCX_TYPE}]}
    server.route(
        ODATA_PATH, Reply(body=json.dumps(answer).encode(), content_type="application/json")
    )
    server.route(RESOURCE_PATH, Reply(body=documents["docx"], content_type=DOCX_TYPE))
    path = fetch("2023D06019", cache_dir=cache)
    assert path == cache / "2023D06019.docx"
    with zipfile.ZipFile(path) as archive:
        assert "word/document.xml" in archive.namelist()
    query = parse_qs(urlsplit(server.hits[0]).query)
    assert query["$filter"] == ["DocumentNummer eq '2023D06019'"]
    assert query["$select"] == ["Id,DocumentNummer,ContentType"]
    assert unquote(urlsplit(server.hits[1]).path) == RESOURCE_PATH


def test_tk_number_unknown_to_the_api_is_a_clear_error(server: Server, cache: Path) -> None:
    """An empty OData answer says the API knows no such document."""
    server.route(ODATA_PATH, Reply(body=b'{"value": []}', content_type="application/json"))
    with pytest.raises(FetchError, match="knows no document 2023D06019"):
        fetch("2023D06019", cache_dir=cache)
    assert cache_listing(cache) == []


def test_retry_succeeds_after_one_503(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A 503 is retried, and the second answer is used."""
    server.route(
        XML_PATH,
        Reply(503, b"busy", "text/plain"),
        Reply(body=documents["xml"], content_type="application/xml"),
    )
    path = fetch("29325-157", cache_dir=cache)
    assert path.read_bytes() == documents["xml"]
    assert server.hits == [XML_PATH, XML_PATH]


def test_hanging_server_gives_a_timeout_error(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A server silent beyond --timeout ends, after the retries, in one clear line."""
    server.route(XML_PATH, Reply(body=documents["xml"], hang=5.0))
    result = CliRunner().invoke(
        cli, ["fetch", "29325-157", "--cache", str(cache), "--timeout", "0.3"]
    )
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("dedup: error: 29325-157: officielebekendmakingen did not answer")
    assert "within 0.3 s (3 tries" in line
    assert len(server.hits) == 3
    assert cache_listing(cache) == []


def test_connection_refused_gives_the_offline_message(tmp_path: Path) -> None:
    """A closed port: the real `dedup` process says to download by hand, one line, exit 2."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["DEDUP_OB_BASE"] = f"http://127.0.0.1:{port}"
    cache = tmp_path / "cache"
    result = subprocess.run(
        [sys.executable, "-m", "dedup", "fetch", "29325-157", "--cache", str(cache)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith(
        f"dedup: error: 29325-157: cannot reach officielebekendmakingen (127.0.0.1:{port}: "
    )
    assert "you seem to be offline" in line
    assert line.endswith("yourself and run dedup analyze on it")
    assert result.stdout == ""
    assert cache_listing(cache) == []


def test_interrupted_download_leaves_nothing_in_the_cache(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A body cut short of its Content-Length is retried, then refused; no file remains."""
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml", cut_after=5000))
    with pytest.raises(FetchError, match=r"broke off \(the connection closed after 5000 of"):
        fetch("29325-157", cache_dir=cache)
    assert server.hits == [XML_PATH] * 3
    assert cache.is_dir() and cache_listing(cache) == []


def test_ctrl_c_during_a_download_leaves_nothing_in_the_cache(
    server: Server, documents: dict[str, bytes], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt before the rename removes the temporary file and propagates."""
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml"))

    def interrupted(path: Path, head: bytes, expect: str) -> str:
        assert path.parent == cache and path.stat().st_size == len(documents["xml"])
        raise KeyboardInterrupt

    monkeypatch.setattr(fetch_module, "_check_content", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fetch("29325-157", cache_dir=cache)
    assert cache_listing(cache) == []


def test_download_over_the_size_limit_is_refused(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A file larger than max_bytes is refused and not cached."""
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml"))
    with pytest.raises(
        FetchError, match=r"above the 0.000954 MiB limit \(raise it with --max-size"
    ):
        fetch("29325-157", cache_dir=cache, max_bytes=1000)
    assert cache_listing(cache) == []


def test_second_fetch_uses_the_cache_with_the_server_stopped(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """Once cached, `dedup fetch` needs no network: it analyses the cached file."""
    server.route(XML_PATH, Reply(body=documents["xml-part-one"], content_type="text/xml"))
    first = fetch("kst-29325-157", cache_dir=cache)
    server.stop()
    result = CliRunner().invoke(
        cli, ["fetch", "29325-157", "--cache", str(cache), "--no-color"], terminal_width=120
    )
    assert result.exit_code == 0, result.output
    assert f"using cached {first}" in result.stderr
    for fraction in ("VVD", "GroenLinks-PvdA", "BBB"):
        assert fraction in result.stdout
    assert server.hits == [XML_PATH]


def test_offline_without_cache_is_an_error(server: Server, cache: Path) -> None:
    """--offline never downloads: without a cached file it is one error line, exit 2."""
    result = CliRunner().invoke(cli, ["fetch", "29325-157", "--cache", str(cache), "--offline"])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "kst-29325-157 is not in the cache" in line and "--offline" in line
    assert server.hits == []


def test_cached_file_is_not_overwritten_without_force(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A cached file stays as it is; only force downloads and replaces it."""
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml"))
    cache.mkdir()
    cached = cache / "kst-29325-157.xml"
    cached.write_bytes(b"<kamerstuk><al>old</al></kamerstuk>")
    os.utime(cached, (1_000_000, 1_000_000))
    assert fetch("29325-157", cache_dir=cache) == cached
    assert fetch("29325-157", cache_dir=cache, offline=True, force=True) == cached
    assert cached.read_bytes() == b"<kamerstuk><al>old</al></kamerstuk>"
    assert cached.stat().st_mtime == 1_000_000
    assert server.hits == []
    assert fetch("29325-157", cache_dir=cache, force=True) == cached
    assert cached.read_bytes() == documents["xml"]
    assert cache_listing(cache) == ["kst-29325-157.xml"]


def test_default_cache_honours_xdg_cache_home(
    server: Server, documents: dict[str, bytes], tmp_path: Path
) -> None:
    """Without --cache the file goes to $XDG_CACHE_HOME/dedup."""
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml"))
    assert fetch("29325-157") == tmp_path / "xdg" / "dedup" / "kst-29325-157.xml"


def test_fetch_takes_analyze_output_options(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """`--only`, `--no-pager`, `--layout` and `--lang` work on `fetch` as on `analyze`."""
    server.route(XML_PATH, Reply(body=documents["xml-part-one"], content_type="text/xml"))
    fetch("kst-29325-157", cache_dir=cache)
    args = ["fetch", "29325-157", "--cache", str(cache), "--offline", "--no-color"]
    only = CliRunner().invoke(
        cli, [*args, "--only", "summary", "--no-pager", "--layout", "verslag", "--lang", "en"]
    )
    assert only.exit_code == 0, only.output
    assert "unique information needs" in only.stdout
    assert "Which answers were reused where" not in only.stdout
    dutch = CliRunner().invoke(cli, [*args, "--only", "questions"])
    assert dutch.exit_code == 0 and "Dubbele vragen" in dutch.stdout
    assert "Samenvatting" not in dutch.stdout and "unieke informatiebehoeften" not in dutch.stdout
    refused = CliRunner().invoke(cli, [*args, "--only", "summary", "--format", "json"])
    assert refused.exit_code == 2 and "--only applies to the terminal report" in refused.output


# -- hostile servers (issue 12) -----------------------------------------------------------


@dataclass
class RawServer:
    """A bare TCP server on 127.0.0.1 answering every connection with `head`, then `drip`
    one byte per `pause` seconds (at most `max_drips`, so the thread always ends), then
    `tail` and closing the connection. For what http.server cannot do: dripping, and
    bodies without a Content-Length that end early."""

    head: bytes
    drip: bytes = b""
    tail: bytes = b""
    pause: float = 0.05
    max_drips: int = 400
    connections: int = 0
    finished: int = 0  # connections that got the whole drip (the client never cut them)
    stopped: threading.Event = field(default_factory=threading.Event)
    sock: socket.socket | None = None

    def start(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base(self) -> str:
        assert self.sock is not None
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        assert self.sock is not None
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(5)
                conn.recv(65536)
                conn.sendall(self.head)
                for i in range(min(self.max_drips, len(self.drip))):
                    if self.stopped.wait(self.pause):
                        return
                    conn.sendall(self.drip[i : i + 1])
                conn.sendall(self.tail)
                self.finished += 1
            except OSError:
                return  # the client gave up: expected

    def stop(self) -> None:
        self.stopped.set()
        if self.sock is not None:
            self.sock.close()


@pytest.fixture
def raw_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[RawServer]]:
    """Servers started by the test (append, then .start()); the sites point at the first."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(fetch_module, "RETRY_BACKOFF", 0.01)
    servers: list[RawServer] = []
    yield servers
    for s in servers:
        s.stop()


def _raw(servers: list[RawServer], monkeypatch: pytest.MonkeyPatch, **kw: Any) -> RawServer:
    srv = RawServer(**kw)
    srv.start()
    servers.append(srv)
    monkeypatch.setenv("DEDUP_OB_BASE", srv.base)
    monkeypatch.setenv("DEDUP_TK_BASE", srv.base)
    return srv


PDF_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 100000\r\n\r\n"


@pytest.mark.parametrize("phase", ["body", "headers"])
def test_dripping_server_is_cut_off_by_the_overall_deadline(
    raw_server: list[RawServer], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, phase: str
) -> None:
    """A byte every 0.05 s never trips --timeout 5; --deadline 0.5 ends the download:
    exit 2, one line naming the address and the deadline, nothing cached."""
    if phase == "body":
        _raw(raw_server, monkeypatch, head=PDF_HEAD + b"%PDF-1.4\n", drip=b"x" * 400)
    else:
        _raw(raw_server, monkeypatch, head=b"HTTP/1.1 200 OK\r\nX-Slow: ", drip=b"a" * 400)
    cache = tmp_path / "cache"
    result = CliRunner().invoke(
        cli,
        ["fetch", "29325-157", "--cache", str(cache), "--timeout", "5", "--deadline", "0.5"],
    )
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "kst-29325-157.xml did not finish within 0.5 s" in line
    assert "nothing was cached" in line
    assert cache_listing(cache) == []
    assert raw_server[0].connections == 1  # the deadline covers the tries: no second one
    assert raw_server[0].finished == 0  # cut off, not waited out


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 20, "no %%EOF"),
        (b"<?xml version='1.0'?><officiele-publicatie><al>Hoeveel", "never closed"),
    ],
)
def test_a_body_without_length_that_ends_early_is_not_cached(
    raw_server: list[RawServer],
    monkeypatch: pytest.MonkeyPatch,
    cache: Path,
    body: bytes,
    problem: str,
) -> None:
    """A close-delimited answer (no Content-Length) cut short looks complete to HTTP; the
    parse check finds it incomplete and nothing is cached."""
    kind = "application/pdf" if body.startswith(b"%PDF") else "text/xml"
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nConnection: close\r\n\r\n".encode()
    _raw(raw_server, monkeypatch, head=head + body)
    with pytest.raises(FetchError, match=problem):
        fetch("29325-157", cache_dir=cache)
    assert cache_listing(cache) == []


def test_html_error_page_with_status_200_is_not_cached(server: Server, cache: Path) -> None:
    """XML and PDF are missing and the HTML address answers 200 with an error page: not
    the publication (it does not name itself), so not found and nothing cached."""
    server.route(HTML_PATH, Reply(body=NOT_FOUND_PAGE, content_type="text/html"))
    with pytest.raises(FetchError, match=r"not publication kst-29325-157; .*check the number"):
        fetch("29325-157", cache_dir=cache)
    assert cache_listing(cache) == []


def test_the_publication_as_html_is_taken(server: Server, cache: Path) -> None:
    """The real page names its identifier (metadata, links) and is cached."""
    page = (
        b'<!DOCTYPE html><html><head><meta name="DC.identifier" content="kst-29325-157">'
        b"</head><body><p>Vragen van de leden van de VVD-fractie</p></body></html>\n"
    )
    server.route(HTML_PATH, Reply(body=page, content_type="text/html; charset=utf-8"))
    path = fetch("29325-157", cache_dir=cache)
    assert path.name == "kst-29325-157.html" and path.read_bytes() == page


@pytest.mark.parametrize("kind", ["text/plain", "application/json", "image/png"])
def test_non_document_content_types_are_refused(
    server: Server, documents: dict[str, bytes], cache: Path, kind: str
) -> None:
    """A status or error answer typed as text, JSON or an image is not taken for the
    document, whatever its body."""
    for path in (XML_PATH, PDF_PATH, HTML_PATH):
        server.route(path, Reply(body=documents["xml"], content_type=kind))
    with pytest.raises(FetchError, match=f"a {kind} answer instead of XML"):
        fetch("29325-157", cache_dir=cache)
    assert cache_listing(cache) == []


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("ftp://127.0.0.1/kst-29325-157.xml", "not an http(s) address"),
        ("http://example.invalid/kst-29325-157.xml", "another site (example.invalid), not"),
        ("file:///etc/passwd", "not an http(s) address"),
    ],
)
def test_redirects_leave_the_official_hosts_only_to_be_refused(
    server: Server, cache: Path, location: str, problem: str
) -> None:
    """A redirect to another scheme or host is not followed: one line, exit 2."""
    server.route(XML_PATH, Reply(302, b"", "text/html", location=location))
    result = CliRunner().invoke(cli, ["fetch", "29325-157", "--cache", str(cache)])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert f"redirects to {location}: {problem}" in line and line.endswith("; not followed")
    assert server.hits == [XML_PATH]
    assert cache_listing(cache) == []


def test_redirects_within_the_configured_base_are_followed(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A redirect to another path on the configured host is followed."""
    server.route(XML_PATH, Reply(301, b"", "text/html", location=f"{server.base}/elders.xml"))
    server.route("/elders.xml", Reply(body=documents["xml"], content_type="text/xml"))
    path = fetch("29325-157", cache_dir=cache)
    assert path.read_bytes() == documents["xml"]


def test_official_hosts_are_the_official_domains_and_their_subdomains() -> None:
    """repository.overheid.nl is official; overheid.nl.example.invalid is not."""
    official = fetch_module._official
    assert official("repository.overheid.nl", ())
    assert official("zoek.officielebekendmakingen.nl", ())
    assert not official("overheid.nl.example.invalid", ())
    assert not official("evil-tweedekamer.nl", ())
    assert official("mirror.local", ("mirror.local",))


def test_deeply_nested_json_is_one_line(server: Server, cache: Path) -> None:
    """An OData answer nested 100,000 deep (RecursionError in json) is one clear line."""
    server.route(ODATA_PATH, Reply(body=b"[" * 100_000, content_type="application/json"))
    result = CliRunner().invoke(cli, ["fetch", "2023D06019", "--cache", str(cache)])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "sent JSON nested too deeply to be an answer" in line


@pytest.mark.parametrize("base", ["http://[::1", "http://127.0.0.1:99999", "ftp://x", "http://"])
def test_a_bad_base_address_is_one_line(tmp_path: Path, base: str) -> None:
    """DEDUP_OB_BASE that is no usable address: the real process names the variable."""
    result = subprocess.run(
        [sys.executable, "-m", "dedup", "fetch", "29325-157", "--cache", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DEDUP_OB_BASE": base},
    )
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("dedup: error: DEDUP_OB_BASE: ")
    assert "internal error" not in line


def test_503_says_the_site_is_failing_not_that_the_number_is_wrong(
    server: Server, cache: Path
) -> None:
    """Every format answering 503 through all tries: try again later, not check the number."""
    for path in (XML_PATH, PDF_PATH, HTML_PATH):
        server.route(path, Reply(503, b"busy", "text/plain"))
    result = CliRunner().invoke(cli, ["fetch", "29325-157", "--cache", str(cache)])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "officielebekendmakingen is failing (" in line and "HTTP 503" in line
    assert "try again later" in line and "check the number" not in line


def test_404_still_says_to_check_the_number(server: Server, cache: Path) -> None:
    """Nothing at any address (404): not found, check the number."""
    result = CliRunner().invoke(cli, ["fetch", "29325-157", "--cache", str(cache)])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "not found at officielebekendmakingen" in line and "check the number" in line


def test_503_from_the_open_data_api_says_it_is_failing(server: Server, cache: Path) -> None:
    """The document-number query answering 503: the API is failing, try again later."""
    server.route(ODATA_PATH, Reply(503, b"busy", "text/plain"))
    with pytest.raises(FetchError, match=r"API is failing \(HTTP 503.*try again later"):
        fetch("2023D06019", cache_dir=cache)


def test_a_download_left_by_a_killed_process_is_removed_by_the_next_fetch(
    server: Server, documents: dict[str, bytes], cache: Path
) -> None:
    """A temporary download whose process is gone (SIGKILL) is removed; the new one is
    cached as usual."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    cache.mkdir()
    leftover = cache / f".kst-29325-157.{gone.stdout.strip()}.x1y2.dedup-tmp"
    leftover.write_bytes(b"<?xml version='1.0'?><half")
    server.route(XML_PATH, Reply(body=documents["xml"], content_type="text/xml"))
    fetch("29325-157", cache_dir=cache)
    assert cache_listing(cache) == ["kst-29325-157.xml"]
