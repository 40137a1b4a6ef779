"""Download a Kamerstuk or a Tweede Kamer document into a local cache (`dedup fetch`).

A reference such as `29325-157`, `29 325, nr. 157`, `kst-21501-32-1730` or `2023D06019`
is parsed into an identifier (`kst-29325-157`, `2023D06019`). Kamerstukken come from
officielebekendmakingen (publication XML, else PDF, else HTML); `YYYYDnnnnn` numbers from
the Tweede Kamer open-data API (an OData query for the document's id, then its DOCX or
PDF). Downloads go to a temporary file in the cache folder, are checked (length, magic
bytes) and only then renamed to `<identifier>.<format>`, so the cache never holds a half
or wrong file. A cached file is used as is; only `force` downloads it again.

Only the standard library is imported here: the module loads fast.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import json
import os
import re
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

from dedup import __version__
from dedup.errors import DedupError
from dedup.limits import (
    DOWNLOAD_SECONDS,
    MAX_INPUT_BYTES,
    MAX_JSON_BYTES,
    READ_TIMEOUT_SECONDS,
)

__all__ = [
    "OB_BASE",
    "TK_BASE",
    "DocumentRef",
    "FetchError",
    "InvalidReference",
    "default_cache_dir",
    "fetch",
    "parse_ref",
]

# Where the documents live; DEDUP_OB_BASE / DEDUP_TK_BASE override them (tests, mirrors).
OB_BASE = "https://zoek.officielebekendmakingen.nl"
TK_BASE = "https://gegevensmagazijn.tweedekamer.nl"
OB_SITE = "officielebekendmakingen"
TK_SITE = "the Tweede Kamer open-data API"
# A redirect is followed only to http(s) on these domains (and their subdomains: the
# publications are served from zoek./repository.officielebekendmakingen.nl and
# repository.overheid.nl, the API from gegevensmagazijn.tweedekamer.nl) or to the host of
# a base set in DEDUP_OB_BASE/DEDUP_TK_BASE; anything else is refused, not followed.
OFFICIAL_DOMAINS = ("officielebekendmakingen.nl", "overheid.nl", "tweedekamer.nl")

DEFAULT_TIMEOUT = READ_TIMEOUT_SECONDS
DEFAULT_MAX_BYTES = MAX_INPUT_BYTES  # as `dedup analyze --max-size` (dedup/limits.py)
TRIES = 3
# Seconds before the second try; doubled before each next one. Tests make it tiny.
RETRY_BACKOFF = 0.5
MAX_RETRY_AFTER = 30.0
_JSON_LIMIT = MAX_JSON_BYTES
_CHUNK = 64 * 1024
_STALE_PART_SECONDS = 3600.0
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_OFFLINE_ERRNOS = frozenset(
    {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EADDRNOTAVAIL}
)
# Formats a cached file may have, in order of preference.
_CACHE_FORMATS = {"kamerstuk": ("xml", "pdf", "html"), "tk": ("docx", "pdf")}
_LABELS = {"xml": "XML", "pdf": "PDF", "html": "HTML", "docx": "DOCX", "tk": "DOCX or PDF"}
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

T = TypeVar("T")
Report = Callable[[str], None]


class FetchError(DedupError):
    """The document cannot be found, downloaded, verified or cached."""


class InvalidReference(FetchError):
    """The reference is neither a Kamerstuk nor a Tweede Kamer document number."""


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A parsed reference: `kind` "kamerstuk" (ident `kst-29325-157`) or "tk" (`2023D06019`)."""

    kind: Literal["kamerstuk", "tk"]
    ident: str
    text: str  # as the user wrote it, for messages

    def __str__(self) -> str:
        return self.ident


# -- references ---------------------------------------------------------------------------

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "\xa0": " ", "\u202f": " "})
_TK_NUMBER = re.compile(r"(?P<year>(?:19|20)\d\d)\s*D\s*(?P<nr>\d{5,6})", re.IGNORECASE)
# "Kamerstuk", "Kamerstukken II 2023/24," before the number itself.
_KST_PREFIX = re.compile(
    r"kamerstuk(?:ken)?\s+(?:I{1,2}\s+)?(?:\d{4}\s*[/-]\s*\d{2,4}\s*,?\s*)?", re.IGNORECASE
)
_KST_DASHED = re.compile(
    r"(?:kst[-\s]?)?(?P<dossier>\d{1,6})(?:-(?P<suffix>\d{1,3}|[A-Z]{1,8}))?-(?P<nr>\d{1,5})",
    re.IGNORECASE,
)
_KST_NR = re.compile(
    r"(?:kst[-\s]?)?(?P<dossier>\d{1,3}(?:[\s.]?\d{3})?)"
    r"(?:(?:\s*-\s*|\s+)(?P<suffix>\d{1,3}|[A-Z]{1,8}))?"
    r"\s*,?\s*(?:nr|no|nummer)\.?\s*(?P<nr>\d{1,5})",
    re.IGNORECASE,
)
_URL_TAIL = re.compile(r"\.(?:xml|pdf|html?|docx)$", re.IGNORECASE)
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def parse_ref(text: str) -> DocumentRef:
    """`29325-157`, `kst-29325-157`, `29 325, nr. 157`, `21 501-32, nr. 1730`, `2023D06019`, ...

    Also the address of a publication (`.../kst-29325-157.html`). Raises InvalidReference.
    """
    shown = " ".join(text.split())
    cleaned = shown.translate(_DASHES).strip().rstrip(".")
    if re.match(r"[a-z][a-z0-9+.-]*://", cleaned, re.IGNORECASE):
        # An address: its last path segment, without query or file extension.
        cleaned = _URL_TAIL.sub("", urllib.parse.urlsplit(cleaned).path.rstrip("/").rsplit("/")[-1])
    match = _TK_NUMBER.fullmatch(cleaned)
    if match:
        return DocumentRef("tk", f"{match['year']}D{match['nr']}", shown)
    cleaned = _KST_PREFIX.sub("", cleaned, count=1) if _KST_PREFIX.match(cleaned) else cleaned
    match = _KST_DASHED.fullmatch(cleaned) or _KST_NR.fullmatch(cleaned)
    if match:
        dossier = int(re.sub(r"\D", "", match["dossier"]))
        number = int(match["nr"])
        if dossier > 0 and number > 0:
            suffix = f"-{match['suffix'].upper()}" if match["suffix"] else ""
            return DocumentRef("kamerstuk", f"kst-{dossier}{suffix}-{number}", shown)
    raise InvalidReference(
        shown or "''",
        "not a document reference; expected a Kamerstuk such as 29325-157, "
        "'29 325, nr. 157' or 21501-32-1730, or a Tweede Kamer document number such as "
        "2023D06019",
    )


# -- cache --------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/dedup` when that is an absolute path, else `~/.cache/dedup`."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "dedup"


def _cached(ref: DocumentRef, cache_dir: Path) -> Path | None:
    for fmt in _CACHE_FORMATS[ref.kind]:
        candidate = cache_dir / f"{ref.ident}.{fmt}"
        if candidate.is_file():
            return candidate
    return None


def _prepare_cache(ref: DocumentRef, cache_dir: Path) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(
            ref.text, f"cannot create the cache folder {cache_dir} ({_reason(exc)})"
        ) from exc
    # Left by a process killed mid-download (SIGTERM and Ctrl-C are cleaned up at once):
    # the same temporary names and clean-up as every other output (dedup/outputs.py).
    from dedup.outputs import remove_leftovers

    remove_leftovers(cache_dir, ref.ident)
    now = time.time()
    for part in cache_dir.glob(f".{ref.ident}.*.part"):  # as earlier versions named them
        try:
            if now - part.stat().st_mtime > _STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            pass


# -- HTTP ---------------------------------------------------------------------------------


def _base(env: str, default: str) -> str:
    value = os.environ.get(env) or default
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 - parses the port; a bad one raises ValueError
    except ValueError as exc:
        raise FetchError(env, f"is not a valid address ({value!r}: {exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(env, f"must be an http(s) address with a host, not {value!r}")
    return value.rstrip("/")


def _allowed_hosts() -> tuple[str, ...]:
    """Hosts a redirect may lead to besides the official domains: the configured bases."""
    hosts = []
    for env in ("DEDUP_OB_BASE", "DEDUP_TK_BASE"):
        value = os.environ.get(env)
        if value:
            try:
                host = urllib.parse.urlsplit(value).hostname
            except ValueError:
                continue
            if host:
                hosts.append(host.lower())
    return tuple(hosts)


def _official(host: str, extra: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return host in extra or any(
        host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS
    )


def _reason(exc: BaseException) -> str:
    """A short one-line description of an exception."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:200]


def _name(url: str) -> str:
    """The last path segment of `url`, for compact messages."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    return path.rstrip("/").rsplit("/", 1)[-1] or url


class _NotThere(Exception):
    """This address does not give the document (404, wrong content, failing server)."""


class _Failing(_NotThere):
    """The server kept failing (5xx, 429) through every try: not a sign the document is
    missing, so the message says to try again later rather than to check the number."""


class _Deadline:
    """An overall time limit for one download, whatever the server does: a watchdog timer
    shuts the connection's socket when the time is up, which ends any read blocked on a
    server that sends a byte now and then (`--timeout` only bounds each single read)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def register(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    def __enter__(self) -> _Deadline:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            self.expired = True
        else:
            self._timer = threading.Timer(remaining, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._sockets.clear()


class _Refused(Exception):
    """A redirect to somewhere a document may not come from."""


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline) -> Callable[..., Any]:
    """A connection class whose socket the deadline can shut."""

    class Watched(base):  # type: ignore[valid-type, misc]
        # Registered once connected: a TLS handshake before that is already bounded as a
        # whole by --timeout (the ssl module gives the handshake one deadline).
        def connect(self) -> None:
            super().connect()
            deadline.register(self.sock)

    return Watched


class _DeadlineHTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _DeadlineHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _watched(http.client.HTTPSConnection, self.deadline),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _OfficialRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to http(s) addresses on the official hosts or a configured
    base, and never from https down to http."""

    def http_error_302(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any
    ) -> Any:
        target = headers.get("Location") or headers.get("URI")
        if target:
            newurl = urllib.parse.urljoin(req.full_url, target)
            problem = _redirect_problem(req.full_url, newurl)
            if problem is not None:
                fp.close()
                raise _Refused(
                    f"{req.full_url} redirects to {newurl[:200]}: {problem}; not followed"
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _redirect_problem(source: str, target: str) -> str | None:
    """Why a redirect from `source` to `target` is not followed, or None."""
    try:
        parts = urllib.parse.urlsplit(target)
        host = parts.hostname or ""
    except ValueError:
        return "not a valid address"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) address"
    if not _official(host, _allowed_hosts()):
        return f"another site ({host}), not {', '.join(OFFICIAL_DOMAINS)}"
    if urllib.parse.urlsplit(source).scheme == "https" and parts.scheme == "http":
        return "from https down to plain http"
    return None


class _Retry(Exception):
    """A failure that may pass: timeout, 5xx, a download broken off."""

    def __init__(self, kind: Literal["timeout", "status", "broken"], reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class _Client:
    ref: DocumentRef
    timeout: float
    tries: int
    backoff: float
    max_bytes: int
    deadline: float = DOWNLOAD_SECONDS  # seconds for one download, all its tries together

    def error(self, problem: str) -> FetchError:
        return FetchError(self.ref.text, problem)

    def unreachable(self, site: str, url: str, exc: BaseException, manual: str) -> FetchError:
        host = urllib.parse.urlsplit(url).netloc
        return self.error(
            f"cannot reach {site} ({host}: {_reason(exc)}): you seem to be offline; "
            f"download {manual} yourself and run dedup analyze on it"
        )

    def open(self, url: str, deadline: _Deadline) -> http.client.HTTPResponse:
        request = urllib.request.Request(
            url, headers={"User-Agent": f"dedup/{__version__} (Python urllib)"}
        )
        opener = urllib.request.build_opener(
            _DeadlineHTTP(deadline), _DeadlineHTTPS(deadline), _OfficialRedirects()
        )
        try:
            response: http.client.HTTPResponse = opener.open(request, timeout=self.timeout)
        except _Refused as exc:
            raise self.error(f"refused: {exc}") from None
        return response

    def too_slow(self, url: str, deadline: _Deadline) -> FetchError:
        return self.error(
            f"the download of {url} did not finish within {deadline.seconds:g} s (the server "
            "sends too slowly or not at all); nothing was cached; try again later"
        )

    def watched(self, url: str, deadline: _Deadline, attempt: Callable[[], T]) -> T:
        """`attempt` under the overall deadline; any failure after it expired is reported
        as the deadline (the shut socket shows up as a broken connection)."""
        if deadline.end <= time.monotonic():
            raise self.too_slow(url, deadline)
        with deadline:
            try:
                result = attempt()
            except Exception:
                if deadline.expired:
                    raise self.too_slow(url, deadline) from None
                raise
            if deadline.expired:
                # The last read may have been cut by the watchdog: do not keep the file.
                if isinstance(result, tuple) and result and isinstance(result[0], Path):
                    result[0].unlink(missing_ok=True)
                raise self.too_slow(url, deadline)
            return result

    def with_retries(self, site: str, url: str, attempt: Callable[[], T], manual: str) -> T:
        """Run `attempt` up to `tries` times; sort what goes wrong into our exceptions.

        `manual` says what to download by hand when the site cannot be reached.
        """
        last: _Retry | None = None
        for index in range(self.tries):
            if last is not None:
                delay = self.backoff * 2 ** (index - 1)
                if last.retry_after is not None:
                    delay = max(delay, min(last.retry_after, MAX_RETRY_AFTER))
                time.sleep(delay)
            try:
                return attempt()
            except urllib.error.HTTPError as exc:
                status = f"HTTP {exc.code} {exc.reason}".strip()
                retry_after = exc.headers.get("Retry-After", "") if exc.headers else ""
                exc.close()
                if exc.code not in _RETRY_STATUS:
                    raise _NotThere(status) from None
                last = _Retry("status", status)
                if retry_after.strip().isdigit():
                    last.retry_after = float(retry_after)
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError):
                    last = _Retry("timeout", "timed out")
                elif isinstance(reason, socket.gaierror | ConnectionRefusedError) or (
                    isinstance(reason, OSError) and reason.errno in _OFFLINE_ERRNOS
                ):
                    raise self.unreachable(site, url, reason, manual) from exc
                elif isinstance(reason, ConnectionError):
                    last = _Retry("broken", _reason(reason))
                else:
                    shown = _reason(reason) if isinstance(reason, BaseException) else str(reason)
                    raise self.error(f"cannot download {url} ({shown})") from exc
            except TimeoutError:
                last = _Retry("timeout", "timed out")
            except (ConnectionError, http.client.HTTPException) as exc:
                last = _Retry("broken", _reason(exc))
            except _Retry as exc:
                last = exc
        assert last is not None
        tries = f"{self.tries} {'try' if self.tries == 1 else 'tries'}"
        if last.kind == "timeout":
            raise self.error(
                f"{site} did not answer within {self.timeout:g} s ({tries}, {url}); "
                "try again later, or raise --timeout"
            )
        if last.kind == "broken":
            raise self.error(
                f"the download of {url} broke off ({last.reason}; {tries}); nothing was "
                "cached; try again later"
            )
        raise _Failing(f"{last.reason} ({tries})")

    def get_json(self, site: str, url: str, manual: str) -> object:
        deadline = _Deadline(self.deadline)

        def receive() -> bytes:
            with self.open(url, deadline) as response:
                content_type = response.headers.get_content_type()
                if content_type in _HTML_TYPES:
                    raise self.error(
                        f"{site} sent an HTML page ({content_type}) instead of JSON ({url})"
                    )
                chunks: list[bytes] = []
                received = 0
                while chunk := response.read1(_CHUNK):
                    chunks.append(chunk)
                    received += len(chunk)
                    if received > _JSON_LIMIT:
                        raise self.error(
                            f"{site} sent an answer over {_JSON_LIMIT // 2**20} MiB ({url})"
                        )
                data = b"".join(chunks)
                length = _content_length(response)
                if length is not None and len(data) != length:
                    raise _Retry("broken", f"{len(data)} of {length} bytes")
                return data

        data = self.with_retries(site, url, lambda: self.watched(url, deadline, receive), manual)
        try:
            return json.loads(data)
        except RecursionError:
            raise self.error(
                f"{site} sent JSON nested too deeply to be an answer ({url})"
            ) from None
        except ValueError as exc:
            raise self.error(f"{site} sent no valid JSON ({url}: {_reason(exc)})") from exc

    def download(
        self, site: str, url: str, expect: str, cache_dir: Path, manual: str
    ) -> tuple[Path, str]:
        """Into a verified temporary file in `cache_dir`: (its path, its format)."""
        deadline = _Deadline(self.deadline)

        def attempt() -> tuple[Path, str]:
            with self.open(url, deadline) as response:
                return self._receive(response, url, expect, cache_dir)

        return self.with_retries(site, url, lambda: self.watched(url, deadline, attempt), manual)

    def _too_large(self, url: str, size: int) -> FetchError:
        return self.error(
            f"{url} is {size / 2**20:.3g} MiB, above the {self.max_bytes / 2**20:.3g} MiB "
            "limit (raise it with --max-size if this really is one document)"
        )

    def _receive(
        self, response: http.client.HTTPResponse, url: str, expect: str, cache_dir: Path
    ) -> tuple[Path, str]:
        length = _content_length(response)
        if length is not None and length > self.max_bytes:
            raise self._too_large(url, length)
        content_type = response.headers.get_content_type()
        if expect != "html" and content_type in _HTML_TYPES:
            raise _NotThere(f"an HTML page ({content_type}) instead of {_LABELS[expect]}")
        if content_type in _NOT_DOCUMENT or content_type.split("/")[0] in _NOT_DOCUMENT_KINDS:
            raise _NotThere(f"a {content_type} answer instead of {_LABELS[expect]}")
        from dedup.outputs import TEMP_SUFFIX

        prefix = f".{self.ref.ident}.{os.getpid()}."
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=cache_dir)
        tmp = Path(name)
        try:
            received = 0
            head = b""
            with os.fdopen(fd, "wb") as fh:
                # read1: returns what has arrived, so the deadline is seen between chunks.
                while chunk := response.read1(_CHUNK):
                    received += len(chunk)
                    if received > self.max_bytes:
                        raise self._too_large(url, received)
                    if len(head) < 4096:
                        head += chunk[: 4096 - len(head)]
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            if length is not None and received != length:
                raise _Retry("broken", f"the connection closed after {received} of {length} bytes")
            if received == 0:
                raise _NotThere("an empty answer")
            fmt = _check_content(tmp, head, expect)
            _check_complete(tmp, fmt, self.ref.ident)
            return tmp, fmt
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Content-Types that are never a publication: an error or status answer, whatever the body.
_NOT_DOCUMENT = frozenset({"application/json", "text/plain", "text/css", "text/javascript"})
_NOT_DOCUMENT_KINDS = frozenset({"image", "audio", "video", "font"})


def _tail(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - size))
        return fh.read()


def _check_complete(path: Path, fmt: str, ident: str) -> None:
    """A parse check of the received file: it is whole (a connection closed early without
    a Content-Length looks like a finished download) and, for HTML, the publication itself.
    _NotThere when not, so nothing is cached."""
    tail = _tail(path).rstrip(b"\x00\t\n\r\x0c ")
    if fmt == "pdf":
        if b"%%EOF" not in tail[-1024:]:
            raise _NotThere("a PDF that stops before its end (no %%EOF): incomplete")
    elif fmt == "docx":
        if not _is_docx(path):
            raise _NotThere("a DOCX that is not a complete ZIP archive: incomplete")
    elif fmt == "xml":
        with path.open("rb") as fh:
            head = fh.read(4096).removeprefix(b"\xef\xbb\xbf")
        prolog = _PROLOG.match(head)
        root = _FIRST_ELEMENT.match(head, prolog.end() if prolog else 0)
        name = root.group(1) if root else b""
        if not name or not tail.endswith(b"</" + name + b">"):
            raise _NotThere("XML whose root element is never closed: incomplete")
    elif fmt == "html":
        if not tail.lower().endswith(b"</html>"):
            raise _NotThere("an HTML page that stops before </html>: incomplete")
        # An error page ("Pagina niet gevonden") served with status 200 is HTML too; the
        # publication names itself (its identifier in the metadata and links).
        with path.open("rb") as fh:
            if ident.lower().encode() not in fh.read(MAX_INPUT_BYTES).lower():
                raise _NotThere(f"an HTML page that is not publication {ident}")


def _content_length(response: http.client.HTTPResponse) -> int | None:
    value = response.headers.get("Content-Length", "").strip()
    return int(value) if value.isdigit() else None


_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.DOTALL | re.IGNORECASE)


def _check_content(path: Path, head: bytes, expect: str) -> str:
    """The format the file really has, if it is what `expect` asks; else _NotThere."""
    body = head.removeprefix(b"\xef\xbb\xbf")
    if body.lstrip().startswith(b"%PDF-"):
        if expect in ("pdf", "tk"):
            return "pdf"
    elif body.startswith(b"PK\x03\x04"):
        if expect in ("docx", "tk") and _is_docx(path):
            return "docx"
    elif expect in ("xml", "html"):
        lowered = body[:4096].lower()
        is_html = b"<html" in lowered or b"<!doctype html" in lowered
        if expect == "html" and is_html:
            return "html"
        prolog = _PROLOG.match(body)
        root = _FIRST_ELEMENT.match(body, prolog.end() if prolog else 0)
        if expect == "xml" and root and root.group(1).lower() != b"html" and not is_html:
            return "xml"
    return _wrong_content(body, expect)


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _wrong_content(body: bytes, expect: str) -> NoReturn:
    lowered = body.lstrip()[:512].lower()
    if lowered.startswith(b"%pdf-"):
        got = "a PDF"
    elif body.startswith(b"PK\x03\x04"):
        got = "a ZIP file that is not a Word document"
    elif b"<html" in lowered or b"<!doctype html" in lowered:
        got = "an HTML page"
    elif body.startswith(b"\xd0\xcf\x11\xe0"):
        got = "an old Word .doc file (convert it to .docx)"
    elif lowered.startswith((b"<?xml", b"<")):
        got = "markup that is not " + _LABELS[expect]
    else:
        got = "something else"
    raise _NotThere(f"{got} instead of {_LABELS[expect]}")


# -- sources ------------------------------------------------------------------------------


def _fetch_kamerstuk(client: _Client, cache_dir: Path) -> tuple[Path, str, str]:
    base = _base("DEDUP_OB_BASE", OB_BASE)
    failures: list[str] = []
    failing = False
    for fmt in ("xml", "pdf", "html"):
        url = f"{base}/{client.ref.ident}.{fmt}"
        try:
            tmp, got = client.download(OB_SITE, url, fmt, cache_dir, manual=url)
        except _NotThere as exc:
            failing = failing or isinstance(exc, _Failing)
            failures.append(f"{_name(url)}: {exc}")
            continue
        return tmp, got, url
    if failing:
        raise client.error(
            f"{OB_SITE} is failing ({'; '.join(failures)}; tried {base}); nothing was "
            "cached; try again later"
        )
    raise client.error(
        f"not found at {OB_SITE} ({'; '.join(failures)}; tried {base}); check the number"
    )


def _fetch_tk(client: _Client, cache_dir: Path) -> tuple[Path, str, str]:
    base = _base("DEDUP_TK_BASE", TK_BASE)
    number = client.ref.ident
    query = urllib.parse.urlencode(
        {
            "$filter": f"DocumentNummer eq '{number}'",
            "$select": "Id,DocumentNummer,ContentType",
        },
        quote_via=urllib.parse.quote,
        safe="$,'",
    )
    url = f"{base}/OData/v4/2.0/Document?{query}"
    manual = f"document {number} (DOCX or PDF) from tweedekamer.nl"
    try:
        answer = client.get_json(TK_SITE, url, manual)
    except _Failing as exc:
        raise client.error(f"{TK_SITE} is failing ({exc}; {url}); try again later") from None
    except _NotThere as exc:
        raise client.error(f"{TK_SITE} gave no answer to the query ({exc}; {url})") from None
    entries = answer.get("value") if isinstance(answer, dict) else None
    if not isinstance(entries, list):
        raise client.error(f"{TK_SITE} sent an unexpected answer (no 'value' list; {url})")
    found = [
        entry
        for entry in entries
        if isinstance(entry, dict)
        and isinstance(entry.get("Id"), str)
        and _GUID.fullmatch(entry["Id"])
        and str(entry.get("DocumentNummer", number)).upper() == number.upper()
        and entry.get("Verwijderd") is not True
    ]
    if not found:
        raise client.error(f"{TK_SITE} knows no document {number} ({url}); check the number")
    entry = found[0]
    content_type = str(entry.get("ContentType") or "").split(";")[0].strip().lower()
    if content_type and content_type not in ("application/pdf", _DOCX_TYPE):
        raise client.error(
            f"document {number} is {content_type}; dedup reads DOCX and PDF, so convert it "
            "and run dedup analyze on it"
        )
    resource = f"{base}/OData/v4/2.0/Document({entry['Id']})/resource"
    try:
        tmp, got = client.download(TK_SITE, resource, "tk", cache_dir, manual)
    except _Failing as exc:
        raise client.error(
            f"{TK_SITE} is failing ({exc}; {resource}); nothing was cached; try again later"
        ) from None
    except _NotThere as exc:
        raise client.error(
            f"{TK_SITE} did not give the file of {number} ({exc}; {resource})"
        ) from None
    return tmp, got, resource


# -- entry point --------------------------------------------------------------------------


def fetch(
    ref: str | DocumentRef,
    *,
    cache_dir: str | Path | None = None,
    offline: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    tries: int = TRIES,
    backoff: float | None = None,
    report: Report | None = None,
    deadline: float = DOWNLOAD_SECONDS,
) -> Path:
    """The local path of the document `ref` names, downloading it into the cache if needed.

    A cached file is returned without any network access; `force` downloads it again
    (replacing the cached file only once the new one is complete and verified);
    `offline` never downloads and fails when the document is not cached. `report`
    receives one line saying where the file came from. `timeout` bounds each connect and
    read, `deadline` each download as a whole (all its tries).
    """
    parsed = ref if isinstance(ref, DocumentRef) else parse_ref(ref)
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    if folder.exists() and not folder.is_dir():
        raise FetchError(parsed.text, f"the cache {folder} is not a folder")
    cached = _cached(parsed, folder)
    if cached is not None and (offline or not force):
        if report is not None:
            report(f"using cached {cached}")
        return cached
    if offline:
        raise FetchError(
            parsed.text,
            f"{parsed.ident} is not in the cache ({folder}) and --offline forbids "
            "downloading it; run without --offline, or download it yourself and run "
            "dedup analyze on it",
        )
    if timeout <= 0 or tries < 1 or deadline <= 0:
        raise FetchError(parsed.text, "timeout and deadline must be positive and tries at least 1")
    _prepare_cache(parsed, folder)
    client = _Client(
        parsed, timeout, tries, RETRY_BACKOFF if backoff is None else backoff, max_bytes, deadline
    )
    source = _fetch_tk if parsed.kind == "tk" else _fetch_kamerstuk
    from dedup.outputs import terminate_cleanly

    with terminate_cleanly():  # SIGTERM mid-download removes the temporary file too
        tmp, fmt, url = source(client, folder)
    target = folder / f"{parsed.ident}.{fmt}"
    try:
        if target.exists() and not force:
            # Cached meanwhile by another process: keep that file untouched.
            tmp.unlink()
        else:
            tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FetchError(parsed.text, f"cannot write {target} ({_reason(exc)})") from exc
    if report is not None:
        size = target.stat().st_size
        report(f"downloaded {url} ({size / 1024:.0f} KiB) to {target}")
    return target
