"""The HTML report in a real headless Chromium (Debian's `chromium` through Playwright):
no console errors, nothing fetched, the cluster navigation and the question filter work,
it prints, and a screenshot is taken."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from dedup.cli import cli
from dedup.model import Question
from dedup.render.to_html import render_html
from dedup.render.view import strongest_first
from tests.browser import Watched, chromium, open_page
from tests.conftest import ROOT, SAMPLE
from tests.test_analyze import analysis


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    """The fixture's report loaded in one browser page, shared by this module's tests."""
    folder = tmp_path_factory.mktemp("html")
    report = folder / "report.html"
    report.write_text(render_html(analysis()), encoding="utf-8")
    watched = open_page(browser, report.as_uri())
    yield watched
    watched.page.context.close()


def _slaapzalen_cluster() -> str:
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    return next(
        c.id
        for c in an.question_clusters
        if any(qs[m].text.startswith("Op welke termijn worden slaapzalen") for m in c.members)
    )


def test_loads_without_console_errors_or_requests(page: Watched) -> None:
    """The page loads with no console error or exception and fetches nothing but itself."""
    p = page.page
    assert p.title().startswith("Dubbele vragen en hergebruikte antwoorden")
    assert p.evaluate("document.documentElement.lang") == "nl"
    assert p.locator("article.cluster").count() == len(analysis().question_clusters) + len(
        analysis().answer_clusters
    )
    assert page.problems == []
    assert [u for u in page.requested if u != p.url and not u.startswith("data:")] == []


def test_cluster_navigation_scrolls_to_the_cluster(page: Watched) -> None:
    """Clicking a cluster in the navigation shows that cluster at the top and marks the link."""
    p = page.page
    cid = _slaapzalen_cluster()
    link = p.locator(f'.nav-clusters a[href="#{cid}"]')
    link.click()
    p.wait_for_function(f"location.hash === '#{cid}'")
    p.wait_for_function(
        f"() => {{ const t = document.getElementById('{cid}').getBoundingClientRect().top;"
        " return t >= 0 && t < 40; }"
    )
    assert "current" in (link.get_attribute("class") or "")
    text = p.locator(f"#{cid}").inner_text()
    assert "VVD" in text and "D66" in text and "slaapzalen getransformeerd" in text
    assert page.problems == []


def _visible_rows(page: Watched) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = page.page.evaluate(
        "Array.from(document.querySelectorAll('#all-table tbody tr'))"
        ".filter(r => r.offsetParent !== null)"
        ".map(r => ({id: r.cells[0].innerText, fraction: r.dataset.fraction,"
        " text: r.cells[6].innerText, cluster: r.dataset.cluster}))"
    )
    return rows


def test_question_filter_narrows_the_table(page: Watched) -> None:
    """Typing a word, choosing a fraction and a status filter the table and update the count."""
    p = page.page
    an = analysis()
    total = len(an.segmentation.part_one())
    assert len(_visible_rows(page)) == total
    p.fill("#q-search", "slaapzalen")
    rows = _visible_rows(page)
    expected = [q.id for q in an.segmentation.part_one() if "slaapzalen" in q.text.lower()]
    assert [r["id"] for r in rows] == expected and len(expected) >= 3
    assert p.text_content("#q-count") == f"{len(expected)} van {total} vragen"
    p.select_option("#q-fraction", "D66")
    rows = _visible_rows(page)
    assert rows and all(r["fraction"] == "D66" for r in rows)
    p.select_option("#q-status", "duplicate")
    assert all(r["cluster"] for r in _visible_rows(page))
    p.fill("#q-search", "zzzz-no-such-word")
    assert _visible_rows(page) == []
    assert p.is_visible("#q-empty")
    p.fill("#q-search", "")
    p.select_option("#q-fraction", "")
    p.select_option("#q-status", "")
    assert len(_visible_rows(page)) == total
    assert page.problems == []


def test_screenshot_and_print(page: Watched, tmp_path: Path) -> None:
    """A screenshot of the top of the report is a real PNG; printing gives a multi-page PDF."""
    p = page.page
    # Re-issued while polling: a smooth scroll still running from an earlier click
    # would otherwise carry the page down again.
    p.wait_for_function(
        "() => { document.documentElement.style.scrollBehavior = 'auto';"
        " window.scrollTo(0, 0); return window.scrollY < 1; }"
    )
    shot = p.screenshot()
    assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 20_000
    keep = os.environ.get("DEDUP_SCREENSHOT_DIR")
    if keep:
        Path(keep, "report.png").write_bytes(shot)
    pdf = p.pdf()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 5
    assert page.problems == []


def _asked_by(an_questions: dict[str, Question], ids: list[str]) -> list[str]:
    return [f"{an_questions[q].fraction} regel {an_questions[q].line}" for q in ids]


def test_review_split_merge_export_and_bundle(browser: Browser, tmp_path: Path) -> None:
    """In the page: take a member out of one cluster, merge two others, confirm a
    paraphrase; the decisions survive a reload, export as schema-valid JSON, and
    `dedup bundle --decisions` gives the list the clerk decided on."""
    an = analysis()
    qs = {q.id: q for q in an.segmentation.questions}
    clusters = strongest_first(an)
    split_from = next(c for c in clusters if c.kind == "near-identical" and len(c.members) >= 3)
    near = [c for c in clusters if c.kind == "near-identical" and c is not split_from]
    merge_a, merge_b = near[0], near[1]
    paraphrase = next(c for c in clusters if c.kind == "paraphrase")
    taken_out = split_from.members[-1]

    report = tmp_path / "report.html"
    report.write_text(render_html(an), encoding="utf-8")
    watched = open_page(browser, report.as_uri(), downloads=True)
    p = watched.page
    p.locator(f'#{split_from.id} button.review-split[data-question="{taken_out}"]').click()
    p.select_option(f"#{merge_a.id} .review-merge-target", merge_b.members[0])
    p.locator(f"#{merge_a.id} .review-merge").click()
    p.locator(f"#{paraphrase.id} .review-confirm").click()
    assert p.locator("#review-list li").count() == 3
    assert "confirmed" in (p.get_attribute(f"#{paraphrase.id}", "class") or "")
    assert "confirmed" in (p.get_attribute(f"#{merge_b.id}", "class") or "")
    row = p.locator(f'#{split_from.id} tr[data-question="{taken_out}"]')
    assert "split-out" in (row.get_attribute("class") or "")

    p.reload()
    assert p.locator("#review-list li").count() == 3
    assert "merged-away" in (p.get_attribute(f"#{merge_a.id}", "class") or "")
    keep = os.environ.get("DEDUP_SCREENSHOT_DIR")
    if keep:
        p.locator("#review").scroll_into_view_if_needed()
        Path(keep, "review.png").write_bytes(p.screenshot())

    with p.expect_download() as info:
        p.click("#review-export")
    download = info.value
    assert download.suggested_filename == "kst-29325-157.decisions.json"
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "dedup" / "schema" / "decisions.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["document_sha256"] == an.segmentation.document.sha256
    assert data["decisions"] == [
        {"action": "split", "questions": [taken_out]},
        {"action": "merge", "questions": [merge_a.members[0], merge_b.members[0]]},
        {"action": "confirm", "questions": [paraphrase.members[0]]},
    ]
    assert watched.problems == []
    watched.page.context.close()

    result = CliRunner().invoke(cli, ["bundle", str(SAMPLE), "--decisions", str(exported)])
    assert result.exit_code == 0, result.output
    asked = [line for line in result.stdout.splitlines() if "*Gesteld door:" in line]
    # The question taken out is an entry of its own, asked by its fraction alone.
    own = _asked_by(qs, [taken_out])[0]
    assert any(line.strip() == f"*Gesteld door: {own}*" for line in asked)
    # The two merged clusters are one entry naming every member of both.
    merged = sorted([*merge_a.members, *merge_b.members], key=lambda q: qs[q].line)
    assert any(
        line.strip() == f"*Gesteld door: {', '.join(_asked_by(qs, merged))}*" for line in asked
    )
    # The confirmed paraphrase is merged although --merge is near-identical.
    members = sorted(paraphrase.members, key=lambda q: qs[q].line)
    assert any(
        line.strip() == f"*Gesteld door: {', '.join(_asked_by(qs, members))}*" for line in asked
    )
    before = CliRunner().invoke(cli, ["bundle", str(SAMPLE)]).stdout
    assert f"*Gesteld door: {', '.join(_asked_by(qs, members))}*" not in before


def test_every_answer_is_in_the_page_and_linked_both_ways(page: Watched) -> None:
    """All answer passages are shown; a question's answer link leads to the answer text
    (also one that was not reused) and the answer's link leads back to the question."""
    p = page.page
    an = analysis()
    assert p.locator("article.answer").count() == len(an.segmentation.answers)
    answer = next(
        a
        for a in an.segmentation.answers
        if a.id not in an.answer_cluster_of and a.answers_questions
    )
    qid = answer.answers_questions[0]
    p.locator(f'#vraag-{qid} a.answer-link[href="#antwoord-{answer.id}"]').click()
    p.wait_for_function(f"location.hash === '#antwoord-{answer.id}'")
    target = p.locator(f"#antwoord-{answer.id}")
    target.wait_for(state="visible")
    assert " ".join(answer.text.split())[:60] in " ".join(target.inner_text().split())
    p.wait_for_function(
        f"() => {{ const r = document.getElementById('antwoord-{answer.id}')"
        ".getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"
    )
    target.locator(f'a.question-link[href="#vraag-{qid}"]').click()
    p.wait_for_function(f"location.hash === '#vraag-{qid}'")
    assert page.problems == []


# The characters of an element's text that are painted inside its box: a line clamp or an
# ellipsis hides the rest (they get rects outside the box, or none).
_VISIBLE_TEXT = """(el) => {
  const box = el.getBoundingClientRect();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let out = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      const inside = r.width > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1
        && r.left >= box.left - 1 && r.right <= box.right + 1;
      out += inside ? node.data[i] : "";
    }
  }
  return out.replace(/\\s+/g, " ").trim();
}"""


def test_sidebar_labels_read_differently(page: Watched) -> None:
    """Each sidebar entry's visible words (without its cluster number) differ from every
    other's in its list, and the entry's tooltip holds the full label."""
    p = page.page
    an = analysis()
    for section, count in (
        ("questions", len(an.question_clusters)),
        ("answers", len(an.answer_clusters)),
    ):
        labels = p.locator(f'.nav-sections a[href="#{section}"] + ol .nav-label')
        assert labels.count() == count
        seen = [labels.nth(i).evaluate(_VISIBLE_TEXT) for i in range(count)]
        assert all(len(text) >= 12 for text in seen), [t for t in seen if len(t) < 12]
        repeated = sorted({t for t in seen if seen.count(t) > 1})
        assert repeated == [], repeated
        titles = [labels.nth(i).get_attribute("title") or "" for i in range(count)]
        clusters = an.question_clusters if section == "questions" else an.answer_clusters
        assert sorted(titles) == sorted(c.label for c in clusters)
    # The check sees clipping: a one-line box shows fewer characters than the whole text.
    first = p.locator(".nav-label").first
    full = first.evaluate("el => el.textContent.trim()")
    first.evaluate("el => { el.style.webkitLineClamp = '1'; }")
    clipped = first.evaluate(_VISIBLE_TEXT)
    first.evaluate("el => { el.style.webkitLineClamp = ''; }")
    assert len(clipped) < len(full)
