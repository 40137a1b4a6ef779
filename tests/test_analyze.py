"""`dedup analyze` on the sample: the duplicate clusters people found by hand, and purity."""

from __future__ import annotations

import json
from functools import cache

from click.testing import CliRunner

from dedup.cli import cli
from dedup.model import Analysis
from dedup.pipeline import analyze_file
from dedup.settings import Settings
from tests.conftest import SAMPLE


@cache
def analysis() -> Analysis:
    return analyze_file(SAMPLE)


def _cluster_with(an: Analysis, text_start: str, fraction: str) -> set[str]:
    qs = {q.id: q for q in an.segmentation.questions}
    for c in an.question_clusters:
        if any(qs[m].fraction == fraction and qs[m].text.startswith(text_start) for m in c.members):
            return {qs[m].fraction for m in c.members}
    return set()


def test_slaapzalen_near_identical_vvd_d66() -> None:
    """VVD and D66 ask the slaapzalen termijn question in the same words: a near-identical
    cluster, or a near-identical core of a paraphrase cluster other fractions joined."""
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    cluster = next(
        c
        for c in an.question_clusters
        if any(qs[m].text.startswith("Op welke termijn") for m in c.members)
    )
    core = next(core for core in cluster.cores if any(qs[m].fraction == "VVD" for m in core))
    assert {qs[m].fraction for m in core} == {"VVD", "D66"}
    assert all(qs[m].text.startswith("Op welke termijn") for m in core)
    assert cluster.kind == "near-identical" or len(cluster.members) > len(core)
    if cluster.kind == "near-identical":
        assert cluster.cores == (cluster.members,)


def test_known_question_clusters_present() -> None:
    """EU-burgers pilot (VVD, D66, GL-PvdA), regional plans (4 fractions), time-out, Wonen Eerst."""
    an = analysis()
    eu = _cluster_with(an, "Hoe veel opvangplekken voor dakloze EU-burgers", "VVD")
    assert eu == {"VVD", "D66", "GroenLinks-PvdA"}
    plans = _cluster_with(
        an, "De leden van de VVD-fractie vragen de Staatssecretaris wanneer", "VVD"
    )
    assert plans == {"VVD", "D66", "GroenLinks-PvdA", "ChristenUnie"}
    timeout = _cluster_with(an, "Hebben alle centrumgemeenten time-out", "VVD")
    assert {"VVD", "D66", "GroenLinks-PvdA"} <= timeout
    wonen = _cluster_with(an, "Kan de Staatssecretaris aangeven wat het verschil is", "D66")
    assert {"D66", "SP"} <= wonen


def test_look_alikes_about_different_things_stay_apart() -> None:
    """`Herkent de Staatssecretaris deze signalen?` about different signals is not one question."""
    an = analysis()
    assert _cluster_with(an, "Herkent de Staatssecretaris deze signalen?", "VVD") == set()


def test_no_cluster_mixes_fractions_own_different_questions() -> None:
    """A cluster never holds two different questions of one fraction (no chaining),
    except the parts of another fraction's compound question, asked apart."""
    from collections import Counter

    from dedup.compare import compound_parts

    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    for c in an.question_clusters:
        per_fraction = Counter(qs[m].fraction for m in c.members)
        most = max(per_fraction.values())
        if most == 1 or c.kind == "near-identical":
            continue
        compound = max(len(compound_parts(qs[m].text)) for m in c.members)
        assert compound >= most, c


def test_dashboard_answer_reused_in_every_section() -> None:
    """The `Eén van de indicatoren uit het Dashboard` paragraph is one cluster over 4 sections."""
    an = analysis()
    answers = {a.id: a for a in an.segmentation.answers}
    cluster = next(
        c
        for c in an.answer_clusters
        if answers[c.members[0]].text.startswith("Eén van de indicatoren uit het Dashboard")
    )
    assert [answers[m].line_start for m in cluster.members] == [854, 1123, 1333, 2414, 3075]
    assert cluster.kind == "near-verbatim"
    assert set(cluster.fractions) == {"VVD", "D66", "GroenLinks-PvdA", "ChristenUnie"}
    assert any(d.before == "op dit onderdeel" or "onderdeel" in d.before for d in cluster.diffs)


def test_other_known_answer_reuse() -> None:
    """Preventie Alliantie (partial), Significant evaluation, Wonen Eerst definition are found."""
    an = analysis()
    answers = {a.id: a for a in an.segmentation.answers}

    def starts(prefix: str) -> set[int]:
        for c in an.answer_clusters:
            if any(answers[m].text.startswith(prefix) for m in c.members):
                return {answers[m].line_start for m in c.members}
        return set()

    assert {821, 1267, 2592} <= starts("Preventie van dakloosheid acht ik")
    assert {875, 1553, 2508} <= starts("De pilot opvang dakloze EU-burgers")
    assert {1373, 2095} <= starts("Wonen Eerst is de Nederlandse benaming")


def test_analyze_json_contract_and_determinism() -> None:
    """`analyze --format json` has the contract's keys and is byte-for-byte stable."""
    out1 = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--format", "json"]).output
    out2 = CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--format", "json"]).output
    assert out1 == out2
    data = json.loads(out1)
    assert data["schema_version"] == 1
    for key in (
        "document",
        "questions",
        "answers",
        "question_clusters",
        "answer_clusters",
        "references",
        "stats",
        "warnings",
    ):
        assert key in data
    assert all("cluster" in q for q in data["questions"])
    assert data["stats"]["questions"] == 196
    assert 0 < data["stats"]["reused_answer_share"] < 1


def test_settings_reject_out_of_range() -> None:
    """Thresholds outside their range are refused with a message naming the range."""
    import pytest

    from dedup.errors import InvalidSettings

    with pytest.raises(InvalidSettings, match="between 0 and 1"):
        Settings(paraphrase=1.5)


def test_graph_holds_questions_answers_and_links() -> None:
    """The analysis graph has question and answer nodes and similar/reuse/answers edges."""
    an = analysis()
    kinds = {data["kind"] for _, data in an.graph.nodes(data=True)}
    links = {data["link"] for _, _, data in an.graph.edges(data=True)}
    assert kinds == {"question", "answer"}
    assert links == {"similar", "reuse", "answers"}
    assert an.graph.has_edge("A008", "VVD-q12")


def test_every_cluster_has_a_label() -> None:
    """Clusters of short questions without telling words get a label from their context."""
    an = analysis()
    assert all(c.label for c in an.question_clusters)
    assert all(c.label for c in an.answer_clusters)
    labels = " ".join(c.label for c in an.question_clusters).lower()
    for expected in ("slaapzalen", "eu-burgers", "plan"):
        assert expected in labels


def test_analysis_json_validates_against_schema() -> None:
    """`analyze --format json` validates against dedup/schema/analysis.schema.json, every layout."""
    import jsonschema

    from dedup.render.to_json import analysis_dict
    from tests.conftest import FIXTURES, ROOT

    schema = json.loads((ROOT / "dedup/schema/analysis.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(analysis_dict(analysis()), schema)
    for path in sorted((FIXTURES / "formats").glob("*.txt")):
        jsonschema.validate(analysis_dict(analyze_file(path)), schema)
