"""Inline SVG charts for the HTML report: no scripts, no external assets, deterministic.

Each function returns one `<svg>` element with a `<title>` and `<desc>` for screen
readers; the report shows the same figures in tables as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dedup.render.messages import Messages

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"
INK = "#1b1f24"
MUTED = "#57606a"
GRID = "#d0d7de"
DARK = "#1f5fa8"
LIGHT = "#b6d0ee"
REUSE = "#b35900"
REUSE_MID = "#e8a25f"
REUSE_LIGHT = "#f6e6d6"


def _svg(width: int, height: int, ident: str, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="chart" style="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-size="13" '
        f'fill="{INK}"{extra}>{escape(text)}</text>'
    )


# Room for a 13 px label: a generous average character width of system-ui, so Dutch
# labels (`in een cluster van dubbele vragen`, `87% hergebruikt van 14.979`) are never
# clipped at the chart's edge or overlapped by the next legend entry.
CHAR_PX = 7.5


def _room(text: str) -> int:
    return int(len(text) * CHAR_PX) + 1


def _legend(x: int, y: int, entries: Sequence[tuple[str, str]]) -> tuple[list[str], int]:
    """Swatches and their words side by side from `x`; the elements and the right end."""
    body = []
    for fill, text in entries:
        body.append(f'<rect x="{x}" y="{y - 11}" width="12" height="12" fill="{fill}"/>')
        body.append(_text(x + 18, y, text))
        x += 18 + _room(text) + 22
    return body, x


def questions_per_fraction(rows: Sequence[tuple[str, int, int]], m: Messages) -> str:
    """Horizontal stacked bars: per fraction, questions in a duplicate cluster and others.

    `rows` are (fraction, questions, of which duplicated)."""
    label_w, bar_w, row_h, top = 130, 290, 26, 34
    top_value = max((q for _, q, _ in rows), default=0) or 1
    height = top + row_h * len(rows) + 8
    labels = [m("chart.bar_label", total=total, dup=dup) for _, total, dup in rows]
    body, legend_end = _legend(
        label_w, 17, [(DARK, m("chart.in_cluster")), (LIGHT, m("chart.asked_once"))]
    )
    width = max(label_w + bar_w + 6 + max(map(_room, labels), default=0) + 8, legend_end)
    for i, (fraction, total, dup) in enumerate(rows):
        y = top + i * row_h
        w_dup = bar_w * dup / top_value
        w_all = bar_w * total / top_value
        body.append(_text(label_w - 8, y + 15, fraction, anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w_all:.1f}" height="16" fill="{LIGHT}">'
            f"<title>{escape(m('chart.n_questions', fraction=fraction, n=total))}</title></rect>"
        )
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w_dup:.1f}" height="16" fill="{DARK}">'
            f"<title>{escape(m('chart.n_in_cluster', fraction=fraction, n=dup))}</title></rect>"
        )
        body.append(_text(label_w + w_all + 6, y + 15, m("chart.bar_label", total=total, dup=dup)))
    desc = "; ".join(m("chart.questions_desc", fraction=f, total=t, dup=d) for f, t, d in rows)
    title = m("chart.questions_title")
    return _svg(width, height, "chart-questions", title, desc, body)


def _mix(a: str, b: str, t: float) -> str:
    """Colour between hex `a` (t=0) and `b` (t=1)."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a `#rrggbb` colour."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(fill: str) -> str:
    """White or dark text, whichever contrasts more with `fill`."""
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(INK) + 0.05)
    return "#ffffff" if on_white > on_dark else INK


def overlap_heatmap(
    fractions: Sequence[str], matrix: dict[str, dict[str, int]], m: Messages
) -> str:
    """Fraction × fraction heatmap: duplicate clusters each pair of fractions shares."""
    n = len(fractions)
    label_w, cell, top = 130, 46, 104
    width = label_w + cell * n + 10
    height = top + cell * n + 10
    top_value = max((matrix[f][g] for f in fractions for g in fractions if f != g), default=0)
    body: list[str] = []
    for j, g in enumerate(fractions):
        x = label_w + j * cell + cell / 2
        body.append(
            f'<text transform="translate({x + 4:g},{top - 8}) rotate(-45)" font-size="13" '
            f'fill="{INK}">{escape(g)}</text>'
        )
    for i, f in enumerate(fractions):
        y = top + i * cell
        body.append(_text(label_w - 8, y + cell / 2 + 5, f, anchor="end"))
        for j, g in enumerate(fractions):
            x = label_w + j * cell
            if f == g:
                body.append(
                    f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                    f'fill="#f6f8fa" stroke="{GRID}"/>'
                )
                continue
            v = matrix[f][g]
            t = v / top_value if top_value else 0.0
            fill = _mix("#f5f2fa", "#3f007d", t)
            ink = ink_on(fill)
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                f"<title>{escape(m('chart.overlap_cell', a=f, b=g, n=v))}</title></rect>"
            )
            body.append(
                f'<text x="{x + (cell - 2) / 2:g}" y="{y + cell / 2 + 4:g}" '
                f'text-anchor="middle" font-size="13" fill="{ink}">{v}</text>'
            )
    pairs = [
        m("chart.overlap_pair", a=f, b=g, n=matrix[f][g])
        for i, f in enumerate(fractions)
        for g in fractions[i + 1 :]
        if matrix[f][g]
    ]
    desc = m("chart.overlap_desc") + ("; ".join(pairs) if pairs else m("chart.overlap_none"))
    title = m("chart.overlap_title")
    return _svg(width, height, "chart-overlap", title, desc, body)


def reuse_per_section(rows: Sequence[tuple[str, int, int, int]], m: Messages) -> str:
    """Stacked bars on a 0–100% scale, per section of the reply: the share of its answer
    words that copy an answer given earlier, and the share that is the first occurrence
    of an answer repeated later. `rows` are (fraction, words, copied, first of reused)."""
    label_w, bar_w, row_h, top = 130, 290, 26, 50
    height = top + row_h * len(rows) + 8
    labels = [
        m("chart.reuse_label", share=f"{(c + s) / w if w else 0.0:.0%}", words=m.number(w))
        for _, w, c, s in rows
    ]
    body, legend_end = _legend(
        label_w, 15, [(REUSE, m("chart.copy")), (REUSE_MID, m("chart.repeated_later"))]
    )
    width = max(label_w + bar_w + 6 + max(map(_room, labels), default=0) + 8, legend_end)
    for pct in (0, 25, 50, 75, 100):
        x = label_w + bar_w * pct / 100
        body.append(
            f'<line x1="{x:g}" y1="{top - 4}" x2="{x:g}" y2="{height - 8}" stroke="{GRID}"/>'
        )
        body.append(_text(x, top - 10, f"{pct}%", anchor="middle"))
    for i, (fraction, words, copied, first) in enumerate(rows):
        y = top + i * row_h
        share = copied / words if words else 0.0
        source = first / words if words else 0.0
        body.append(_text(label_w - 8, y + 15, fraction, anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="{REUSE_LIGHT}"/>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * share:.1f}" height="16" '
            f'fill="{REUSE}"><title>'
            f"{escape(m('chart.copied_of', fraction=fraction, n=copied, words=words))}"
            "</title></rect>"
        )
        body.append(
            f'<rect x="{label_w + bar_w * share:.1f}" y="{y + 3}" width="{bar_w * source:.1f}" '
            f'height="16" fill="{REUSE_MID}"><title>'
            f"{escape(m('chart.repeated_of', fraction=fraction, n=first, words=words))}"
            "</title></rect>"
        )
        body.append(
            _text(
                label_w + bar_w + 6,
                y + 15,
                m("chart.reuse_label", share=f"{share + source:.0%}", words=m.number(words)),
            )
        )
    desc = "; ".join(
        m("chart.reuse_desc", fraction=f, copied=f"{c / w:.0%}", words=w, source=f"{s / w:.0%}")
        if w
        else m("chart.no_words", fraction=f)
        for f, w, c, s in rows
    )
    title = m("chart.reuse_title")
    return _svg(width, height, "chart-reuse", title, desc, body)
