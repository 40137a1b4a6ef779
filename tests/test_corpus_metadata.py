"""Per-document metadata: from the text (front matter, page footers), manifests, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.corpus.errors import BadManifest
from dedup.corpus.metadata import DocMeta, extract_metadata, load_manifest, validate
from tests.conftest import SAMPLE

FRONT = """29 325 Maatschappelijke opvang

Nr. 160 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG
Vastgesteld 23 oktober 2025

De vaste commissie voor Volksgezondheid, Welzijn en Sport heeft een aantal
vragen en opmerkingen voorgelegd aan de Staatssecretaris van Volksgezondheid,
Welzijn en Sport over de brief van 12 juni 2025 over het Nationaal Actieplan.

De voorzitter van de commissie,
Mohandis

I. Vragen en opmerkingen vanuit de fracties

Vragen en opmerkingen van de leden van de VVD-fractie

De leden vragen of de Minister van Binnenlandse Zaken en Koninkrijksrelaties
hierover overlegt?

Tweede Kamer, vergaderjaar 2025–2026, 29 325, nr. 160 2
"""


def test_front_matter_gives_every_field() -> None:
    """Front matter and a page footer give every metadata field."""
    meta = extract_metadata(FRONT.split("\n"))
    assert meta == DocMeta(
        kamerstuk="29 325, nr. 160",
        vergaderjaar="2025-2026",
        date="2025-10-23",
        ministry="Volksgezondheid, Welzijn en Sport",
        bewindspersoon="Staatssecretaris van Volksgezondheid, Welzijn en Sport",
        commission="Volksgezondheid, Welzijn en Sport",
        title="Maatschappelijke opvang",
    )
    assert meta.year == 2025


def test_body_never_names_the_bewindspersoon() -> None:
    """A minister named in a question is not taken as the addressee."""
    text = FRONT.replace("aan de Staatssecretaris van Volksgezondheid,\nWelzijn en Sport", "")
    meta = extract_metadata(text.split("\n"))
    assert meta.ministry is None
    assert meta.bewindspersoon is None


def test_fixture_without_front_matter_uses_footer_and_reply_heading() -> None:
    """Without front matter, footers and the reply heading give kamerstuk, year, bewindspersoon."""
    meta = extract_metadata(SAMPLE.read_text(encoding="utf-8").split("\n"))
    assert meta.kamerstuk == "29 325, nr. 157"
    assert meta.vergaderjaar == "2023-2024"
    assert meta.year == 2023
    assert meta.bewindspersoon == "Staatssecretaris"
    assert meta.date is None and meta.ministry is None


def test_minister_voor_maps_to_the_ministry() -> None:
    """`Minister voor Langdurige Zorg en Sport` sits at VWS; a glued date is still read."""
    text = [
        "21 501-31 Raad voor de Werkgelegenheid",
        "Nr. 207 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
        "Vastgesteld16 april 2010",
        "In de vaste commissie voor Volksgezondheid, Welzijn en Sport1, bestond er behoefte "
        "vragen voor te leggen aan de minister voor Langdurige Zorg en Sport over de agenda.",
        "I. Vragen en opmerkingen vanuit de fracties",
    ]
    meta = extract_metadata(text)
    assert meta.kamerstuk == "21 501-31, nr. 207"
    assert meta.date == "2010-04-16"
    assert meta.commission == "Volksgezondheid, Welzijn en Sport"
    assert meta.bewindspersoon == "Minister voor Langdurige Zorg en Sport"
    assert meta.ministry == "Volksgezondheid, Welzijn en Sport"


def test_reply_heading_with_portfolio() -> None:
    """`II. Reactie van de Minister van Financiën` names role and ministry."""
    meta = extract_metadata(
        [
            "I. Vragen en opmerkingen vanuit de fracties",
            "",
            "II. Reactie van de Minister van Financiën",
            "",
        ]
    )
    assert meta.bewindspersoon == "Minister van Financiën"
    assert meta.ministry == "Financiën"


def test_overrides_replace_text_values_and_are_validated() -> None:
    """Options override the text; a Dutch date is normalised; bad values are one-line errors."""
    meta = DocMeta(kamerstuk="1", date="2020-01-01").merged(
        {"date": "5 maart 2024", "ministry": "Defensie", "title": ""}
    )
    assert meta.date == "2024-03-05" and meta.ministry == "Defensie" and meta.kamerstuk == "1"
    with pytest.raises(BadManifest, match="not a date"):
        validate({"date": "31-02-2024"})
    with pytest.raises(BadManifest, match="unknown metadata field"):
        validate({"colour": "red"})
    with pytest.raises(BadManifest, match="vergaderjaar"):
        validate({"vergaderjaar": "2024"})
    assert validate({"vergaderjaar": "2023–24"}) == {"vergaderjaar": "2023-2024"}


def test_csv_manifest_by_file_name_and_path(tmp_path: Path) -> None:
    """A CSV manifest matches files by relative path or name and validates its values."""
    sub = tmp_path / "docs"
    sub.mkdir()
    (sub / "a.txt").write_text("x", encoding="utf-8")
    manifest = tmp_path / "meta.csv"
    manifest.write_text(
        "file,date,ministry\ndocs/a.txt,2024-01-02,Defensie\nb.txt,,Financiën\n", encoding="utf-8"
    )
    m = load_manifest(manifest)
    assert m.lookup(sub / "a.txt") == {"date": "2024-01-02", "ministry": "Defensie"}
    assert m.lookup(tmp_path / "elsewhere" / "b.txt") == {"ministry": "Financiën"}
    assert m.lookup(tmp_path / "c.txt") == {}


def test_json_manifest_keyed_by_file_or_sha(tmp_path: Path) -> None:
    """A JSON manifest is an object keyed by file, or a list with `sha256` entries."""
    keyed = tmp_path / "m.json"
    keyed.write_text(json.dumps({"a.txt": {"vergaderjaar": "2019-2020"}}), encoding="utf-8")
    assert load_manifest(keyed).lookup(tmp_path / "a.txt") == {"vergaderjaar": "2019-2020"}
    listed = tmp_path / "l.json"
    listed.write_text(json.dumps([{"sha256": "ABC", "commission": "Defensie"}]), encoding="utf-8")
    assert load_manifest(listed).lookup(tmp_path / "x.txt", "abc") == {"commission": "Defensie"}


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("m.json", "{not json", "not valid JSON"),
        ("m.json", "[1, 2]", "list of objects"),
        ("m.csv", "date\n2024-01-01\n", "names no file"),
        ("m.csv", "file,date\na.txt,gisteren\n", "not a date"),
        ("m.yaml", "a: b", ".csv or .json"),
    ],
)
def test_bad_manifest_is_one_error(tmp_path: Path, name: str, content: str, problem: str) -> None:
    """Malformed manifests raise BadManifest naming the file and the problem."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadManifest, match=problem) as exc:
        load_manifest(path)
    assert str(path) in str(exc.value)
