"""Trend charts of a corpus report with matplotlib (Agg, no display): PNG and SVG.

Charts: questions per year, reused answer share per year, fraction x fraction overlap.
SVG output is deterministic (fixed hash salt, no date), so reports can be diffed.
"""

from __future__ import annotations

import io
from typing import Any

from dedup.render.messages import DEFAULT_LANGUAGE, Messages, messages

CHARTS = ("questions_per_year", "reuse_share_per_year", "fraction_overlap")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "dedup-corpus"
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt

    return plt


def _year(year: str, m: Messages) -> str:
    """A year on the axis; documents without one are `onbekend` (`unknown`)."""
    return m("corpus.unknown") if year == "unknown" else year


def _figure(report: dict[str, Any], name: str, lang: str) -> Any:
    plt = _pyplot()
    m = messages(lang)
    trends = report["trends"]
    if name == "questions_per_year":
        years = list(trends["questions_per_year"])
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ax.bar(
            [_year(y, m) for y in years],
            [trends["questions_per_year"][y] for y in years],
            color="#1f5fa8",
        )
        ax.set_title(m("chart.corpus_questions"))
        ax.set_ylabel(m("chart.corpus_questions_axis"))
    elif name == "reuse_share_per_year":
        years = list(trends["reuse_share_per_year"])
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ax.plot(
            [_year(y, m) for y in years],
            [100 * trends["reuse_share_per_year"][y] for y in years],
            marker="o",
            color="#b35900",
            label=m("chart.corpus_all_reuse"),
        )
        ax.plot(
            [_year(y, m) for y in years],
            [100 * trends["reuse_across_share_per_year"][y] for y in years],
            marker="s",
            color="#1f5fa8",
            label=m("chart.corpus_from_earlier"),
        )
        ax.set_ylim(0, 100)
        ax.set_title(m("chart.corpus_reuse"))
        ax.set_ylabel(m("chart.corpus_reuse_axis"))
        ax.legend(loc="upper left", fontsize=8)
    elif name == "fraction_overlap":
        overlap = report["fraction_overlap"]
        names = list(overlap)
        # Room for the longest name (GroenLinks-PvdA) beside and under the cells.
        longest = max((len(n) for n in names), default=0)
        size = max(3.5, 0.45 * len(names) + 2 + 0.07 * longest)
        fig, ax = plt.subplots(figsize=(size + 1, size))
        matrix = [[overlap[f][g] for g in names] for f in names]
        image = ax.imshow(matrix or [[0]], cmap="Blues")
        ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(names)), names, fontsize=8)
        for i, row in enumerate(matrix):
            for j, v in enumerate(row):
                if v:
                    ax.text(j, i, str(v), ha="center", va="center", fontsize=7)
        bar = fig.colorbar(image, ax=ax, shrink=0.7, label=m("chart.corpus_overlap_axis"))
        # Counts are whole numbers: no 0.5 ticks on the scale.
        from matplotlib.ticker import MaxNLocator

        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        ax.set_title(m("chart.corpus_overlap"))
    else:  # pragma: no cover - callers pass names from CHARTS
        raise ValueError(name)
    fig.tight_layout()
    return fig


def render_chart(
    report: dict[str, Any], name: str, fmt: str, lang: str = DEFAULT_LANGUAGE
) -> bytes:
    """One chart as PNG or SVG bytes, its words in `lang`."""
    plt = _pyplot()
    fig = _figure(report, name, lang)
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    # tight: long names (GroenLinks-PvdA) are never clipped at the figure edge.
    fig.savefig(buf, format=fmt, metadata=metadata, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def svg_charts(report: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every chart as an inline `<svg>` element (XML prolog and doctype removed)."""
    out = {}
    for name in CHARTS:
        text = render_chart(report, name, "svg", lang).decode("utf-8")
        out[name] = text[text.index("<svg") :]
    return out
