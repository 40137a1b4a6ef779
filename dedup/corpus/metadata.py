"""Per-document metadata: from the text where present, overridden by a manifest or options.

Found in the text: the kamerstuk number and vergaderjaar (page footers such as
`Tweede Kamer, vergaderjaar 2023–2024, 29 325, nr. 157`), the date (`Vastgesteld 23
oktober 2025`), the commission (`De vaste commissie voor ...`), the bewindspersoon and
ministry (`... voorgelegd aan de Staatssecretaris van Volksgezondheid, Welzijn en Sport`)
and the dossier title (`29 325 Maatschappelijke opvang`). The body (questions and
answers) is never searched for a bewindspersoon: questions name other ministers.
The front matter is parsed once, by `dedup.parse.structure.front_matter`; this module maps
its keys to the corpus fields.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from dedup.corpus.errors import BadManifest

FIELDS = (
    "kamerstuk",
    "vergaderjaar",
    "date",
    "ministry",
    "bewindspersoon",
    "commission",
    "title",
)

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

# Ministries by their full name (current and recent), longest first when matching.
MINISTRIES = (
    "Algemene Zaken",
    "Asiel en Migratie",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Buitenlandse Zaken",
    "Defensie",
    "Economische Zaken en Klimaat",
    "Economische Zaken",
    "Financiën",
    "Infrastructuur en Milieu",
    "Infrastructuur en Waterstaat",
    "Justitie en Veiligheid",
    "Klimaat en Groene Groei",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Onderwijs, Cultuur en Wetenschap",
    "Sociale Zaken en Werkgelegenheid",
    "Veiligheid en Justitie",
    "Volksgezondheid, Welzijn en Sport",
    "Volkshuisvesting en Ruimtelijke Ordening",
)
# Ministers without a ministry of their own ("Minister voor ...") and where they sit.
PORTFOLIOS = {
    "Langdurige Zorg en Sport": "Volksgezondheid, Welzijn en Sport",
    "Medische Zorg": "Volksgezondheid, Welzijn en Sport",
    "Medische Zorg en Sport": "Volksgezondheid, Welzijn en Sport",
    "Jeugd, Preventie en Sport": "Volksgezondheid, Welzijn en Sport",
    "Primair en Voortgezet Onderwijs": "Onderwijs, Cultuur en Wetenschap",
    "Rechtsbescherming": "Justitie en Veiligheid",
    "Armoedebeleid, Participatie en Pensioenen": "Sociale Zaken en Werkgelegenheid",
    "Klimaat en Energie": "Economische Zaken en Klimaat",
    "Natuur en Stikstof": "Landbouw, Natuur en Voedselkwaliteit",
    "Buitenlandse Handel en Ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "Migratie": "Justitie en Veiligheid",
}

_DASH = "[–—‐-]"
VASTGESTELD = re.compile(r"\bVastgesteld\s*(?P<d>\d{1,2})\s+(?P<m>[a-z]+)\s+(?P<y>\d{4})", re.I)
COMMISSION = re.compile(
    r"\b(?:(?:vaste|algemene|tijdelijke)\s+)?commissie\s+voor\s+(?:de\s+)?(?P<name>[A-ZÀ-Ý].+?)"
    r"(?=\d*(?:\s+(?:heeft|hebben|over|en\s+de\s+vaste)\b|\s*[.(;,]|$))",
)
BEWINDSPERSOON = re.compile(
    r"\b(?P<role>Minister-President|[Mm]inister|[Ss]taatssecretaris)\s+(?P<prep>van|voor)\s+"
    r"(?P<rest>[A-ZÀ-Ý][^.;()]{2,120})"
)
REPLY_HEADING = re.compile(
    r"^\s*(?:II\.?\s+)?(?:Reactie|Antwoord|Beantwoording)\s+van\s+de\s+"
    r"(?P<who>(?:Minister-President|[Mm]inister|[Ss]taatssecretaris)(?:\s+(?:van|voor)\s+.+)?)\s*$"
)
PART_ONE = re.compile(r"^\s*(?:I\.?\s+)?Vragen\s+en\s+opmerkingen\s+(?:vanuit|van)\s+de", re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERGADERJAAR = re.compile(rf"^(?P<y1>\d{{4}})\s*{_DASH}\s*(?P<y2>\d{{2,4}})$")


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a researcher groups by. `date` is ISO (YYYY-MM-DD), `vergaderjaar` `2023-2024`."""

    kamerstuk: str | None = None
    vergaderjaar: str | None = None
    date: str | None = None
    ministry: str | None = None
    bewindspersoon: str | None = None
    commission: str | None = None
    title: str | None = None

    @property
    def year(self) -> int | None:
        """The calendar year of `date`; without a date, the vergaderjaar's first year."""
        if self.date:
            return int(self.date[:4])
        if self.vergaderjaar:
            return int(self.vergaderjaar[:4])
        return None

    def merged(self, over: Mapping[str, str | None]) -> DocMeta:
        """These values with every non-empty value of `over` replacing them (validated)."""
        values = {k: v for k, v in over.items() if v not in (None, "")}
        return replace(self, **validate(values))

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def validate(values: Mapping[str, Any], *, source: str | None = None) -> dict[str, str]:
    """Checked and tidied metadata values; unknown fields and bad dates are errors."""
    out: dict[str, str] = {}
    for key, raw in values.items():
        name = key.strip().lower().replace("-", "_")
        if name not in FIELDS:
            raise BadManifest(source, f"unknown metadata field {key!r}; known: {', '.join(FIELDS)}")
        value = " ".join(str(raw).split())
        if not value:
            continue
        if name == "date":
            value = _check_date(value, source)
        elif name == "vergaderjaar":
            m = VERGADERJAAR.match(value)
            if not m:
                raise BadManifest(source, f"vergaderjaar {value!r} is not like 2023-2024")
            value = _vergaderjaar(m.group("y1"), m.group("y2"))
        out[name] = value
    return out


def _check_date(value: str, source: str | None) -> str:
    if ISO_DATE.match(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", value.lower())
    if m and m.group(2) in MONTHS:
        iso = _iso(m.group(1), m.group(2), m.group(3))
        if iso:
            return iso
    raise BadManifest(source, f"date {value!r} is not a date like 2025-10-23 or 23 oktober 2025")


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), MONTHS[month.lower()], int(day)).isoformat()
    except (KeyError, ValueError):
        return None


def _vergaderjaar(y1: str, y2: str) -> str:
    second = y2 if len(y2) == 4 else y1[:2] + y2[-2:]
    return f"{y1}-{second}"


def ministry_of(portfolio: str) -> str | None:
    """The ministry a `van`/`voor` portfolio names, if it is a known one."""
    for name in sorted(MINISTRIES, key=len, reverse=True):
        if portfolio.startswith(name):
            return name
    for post, ministry in PORTFOLIOS.items():
        if portfolio.startswith(post):
            return ministry
    return None


def _portfolio(rest: str) -> str:
    """The ministry or post named after `van`/`voor`, up to where the sentence goes on."""
    for name in sorted((*MINISTRIES, *PORTFOLIOS), key=len, reverse=True):
        if rest.startswith(name):
            return name
    cut = re.split(
        r"\d*\s+(?:over|inzake|d\.d\.|van\s+\d|met|heeft|hebben|bij|naar|op)\b|\d*[,.;(]", rest
    )
    return cut[0].strip()


def _front_matter_end(lines: Sequence[str]) -> int:
    for i, line in enumerate(lines[:400]):
        if PART_ONE.match(line):
            return i
    return min(len(lines), 60)


def extract_metadata(lines: Sequence[str]) -> DocMeta:
    """Metadata found in a document's own text; fields it does not state stay None.

    The front matter is read by the one extractor segmentation uses
    (`dedup.parse.structure.front_matter`); its keys are mapped here to the corpus
    fields (an ISO date, the commission's portfolio, the bewindspersoon's ministry).
    """
    from dedup.parse.structure import front_matter

    found = front_matter(lines, _front_matter_end(lines))
    values: dict[str, str] = {}
    if "kamerstuk" in found:
        values["kamerstuk"] = found["kamerstuk"]
    if m := VERGADERJAAR.match(found.get("vergaderjaar", "")):
        values["vergaderjaar"] = _vergaderjaar(m.group("y1"), m.group("y2"))
    if "titel" in found:
        values["title"] = found["titel"]
    if m := VASTGESTELD.search(f"Vastgesteld {found.get('vastgesteld', '')}"):
        iso = _iso(m.group("d"), m.group("m"), m.group("y"))
        if iso:
            values["date"] = iso
    if m := COMMISSION.search(found.get("commissie", "")):
        values["commission"] = _portfolio(m.group("name") + found["commissie"][m.end("name") :])
    who = _bewindspersoon(found.get("bewindspersoon", ""), lines)
    if who:
        role, prep, portfolio = who
        values["bewindspersoon"] = " ".join(x for x in (role, prep, portfolio) if x)
        ministry = ministry_of(portfolio) if portfolio else None
        if ministry:
            values["ministry"] = ministry
    return DocMeta(**values)


def _bewindspersoon(head: str, lines: Sequence[str]) -> tuple[str, str, str] | None:
    """(role, van|voor, portfolio) of the addressee: front matter first, then the reply
    heading (`II. Reactie van de Staatssecretaris`)."""
    m = BEWINDSPERSOON.search(COMMISSION.sub(" ", head))
    if m:
        return _role(m.group("role")), m.group("prep"), _portfolio(m.group("rest"))
    for line in lines:
        r = REPLY_HEADING.match(line)
        if r:
            who = " ".join(r.group("who").split())
            parts = re.match(r"(\S+)(?:\s+(van|voor)\s+(.+))?$", who)
            if parts is None:  # pragma: no cover - the heading pattern guarantees a word
                return None
            if parts.group(2):
                return _role(parts.group(1)), parts.group(2), _portfolio(parts.group(3))
            return _role(parts.group(1)), "", ""
    return None


def _role(word: str) -> str:
    return word[0].upper() + word[1:]


# --- manifests -------------------------------------------------------------------------

KEY_COLUMNS = ("file", "path", "name", "sha256")


@dataclass(frozen=True, slots=True)
class Manifest:
    """Metadata per file, from a CSV or JSON file, keyed by path, file name or sha256."""

    by_path: dict[str, dict[str, str]]
    by_name: dict[str, dict[str, str]]
    by_sha: dict[str, dict[str, str]]

    def lookup(self, path: Path, sha256: str | None = None) -> dict[str, str]:
        if sha256 and sha256 in self.by_sha:
            return self.by_sha[sha256]
        resolved = str(path.resolve())
        if resolved in self.by_path:
            return self.by_path[resolved]
        return self.by_name.get(path.name, {})


def load_manifest(path: Path) -> Manifest:
    """Read a CSV (header row) or JSON (list of objects, or an object keyed by file)."""
    source = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BadManifest(source, f"cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise BadManifest(source, "is not UTF-8 text") from exc
    rows: list[dict[str, Any]]
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BadManifest(source, f"is not valid JSON ({exc.msg}, line {exc.lineno})") from exc
        if isinstance(data, dict):
            rows = []
            for key, value in data.items():
                if not isinstance(value, dict):
                    raise BadManifest(source, f"entry {key!r} is not an object")
                rows.append({"file": key, **value})
        elif isinstance(data, list) and all(isinstance(r, dict) for r in data):
            rows = data
        else:
            raise BadManifest(source, "must be a list of objects or an object keyed by file")
    elif path.suffix.lower() == ".csv":
        try:
            rows = list(csv.DictReader(io.StringIO(raw)))
        except csv.Error as exc:
            raise BadManifest(source, f"is not valid CSV ({exc})") from exc
    else:
        raise BadManifest(source, "a manifest must be a .csv or .json file")
    base = path.resolve().parent
    manifest = Manifest({}, {}, {})
    for number, row in enumerate(rows, start=1):
        keys = {k: str(v).strip() for k, v in row.items() if k in KEY_COLUMNS and v}
        if not keys:
            raise BadManifest(source, f"entry {number} names no file (columns: file or sha256)")
        values = validate(
            {k: v for k, v in row.items() if k not in KEY_COLUMNS and k is not None and v},
            source=f"{source} entry {number}",
        )
        if "sha256" in keys:
            manifest.by_sha[keys["sha256"].lower()] = values
        for col in ("file", "path", "name"):
            if col in keys:
                target = Path(keys[col])
                full = target if target.is_absolute() else base / target
                manifest.by_path[str(full.resolve())] = values
                manifest.by_name[target.name] = values
    return manifest


def meta_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(DocMeta))
