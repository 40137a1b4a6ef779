"""Fraction (party group) names as they appear in headings, mapped to canonical names."""

from __future__ import annotations

import re

_CANONICAL = {
    "vvd": "VVD",
    "d66": "D66",
    "pvv": "PVV",
    "cda": "CDA",
    "sp": "SP",
    "groenlinkspvda": "GroenLinks-PvdA",
    "groenlinksenpvda": "GroenLinks-PvdA",
    "pvdagroenlinks": "GroenLinks-PvdA",
    "pvdaengroenlinks": "GroenLinks-PvdA",
    "groenlinks": "GroenLinks",
    "pvda": "PvdA",
    "christenunie": "ChristenUnie",
    "bbb": "BBB",
    "boerburgerbeweging": "BBB",
    "sgp": "SGP",
    "pvdd": "PvdD",
    "partijvoordedieren": "PvdD",
    "volt": "Volt",
    "ja21": "JA21",
    "nsc": "NSC",
    "nieuwsociaalcontract": "NSC",
    "denk": "DENK",
    "fvd": "FvD",
    "forumvoordemocratie": "FvD",
    "50plus": "50PLUS",
    "bij1": "BIJ1",
    "bvnl": "BVNL",
    "lidomtzigt": "Omtzigt",
}


KNOWN_FRACTIONS = frozenset(_CANONICAL.values())


def canonical_fraction(name: str) -> str:
    """`GroenLinks- en PvdA` -> `GroenLinks-PvdA`; unknown names are kept, tidied."""
    key = re.sub(r"[\s‐‑–-]+", "", name.lower())
    if key in _CANONICAL:
        return _CANONICAL[key]
    return re.sub(r"\s+", " ", name).strip(" -")


def fraction_adjective(names: list[str]) -> str:
    """`VVD-, D66- en GroenLinks-PvdA-fractie`: the Dutch way to name several fractions."""
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]}-fractie"
    return ", ".join(f"{n}-" for n in names[:-1]).removesuffix(",") + f" en {names[-1]}-fractie"


def known_fractions() -> tuple[str, ...]:
    """Every canonical fraction name this module knows, sorted (for word lists that must
    not depend on which fractions one document happens to have)."""
    return tuple(sorted(set(_CANONICAL.values())))
