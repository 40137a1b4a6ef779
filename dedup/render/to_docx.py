"""The bundled question list as a Word document (python-docx) for the griffie.

Deterministic bytes: the zip entries get a fixed timestamp and the document
properties fixed values, so the same analysis gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from dedup import __version__
from dedup.bundle import Bundle, Variant
from dedup.control_chars import strip_controls as _clean
from dedup.render.messages import DEFAULT_LANGUAGE, Messages, messages
from dedup.render.to_markdown import (
    asked_by_text,
    bundle_heading,
    bundle_intro,
    dutch_diff,
    proposal_text,
)
from dedup.render.view import document_name

_EPOCH = (1980, 1, 1, 0, 0, 0)
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _variant_text(v: Variant, m: Messages) -> str:
    where = m("bundle.where", fraction=v.fraction, line=v.line) + ": "
    if v.identical:
        return where + m("bundle.identical")
    if v.rewritten:
        return where + m("bundle.quoted", text=v.text)
    return where + "; ".join(dutch_diff(d, m) for d in v.diffs)


def render_bundle_docx(b: Bundle, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The list as DOCX (Dutch unless `lang="en"`): a title, one Heading 1 per run of
    askers, numbered questions with who asked them, their variants and any merge
    proposal."""
    m = messages(lang)
    from docx import Document
    from docx.shared import Pt, RGBColor

    # XML cannot hold control characters (python-docx raises ValueError): every text
    # from the document goes through `_clean`, even though ingest already removed them.
    name = _clean(document_name(b.document))
    doc = Document()
    props = doc.core_properties
    props.title = m("bundle.title", doc=name)
    props.author = "dedup"
    props.last_modified_by = "dedup"
    props.comments = f"dedup {__version__}, merge {b.merge}, sha256 {b.document.sha256}"
    props.created = _FIXED_DATE
    props.modified = _FIXED_DATE
    props.revision = 1

    props.language = "nl-NL" if m.lang == "nl" else "en-GB"
    doc.add_heading(m("bundle.title", doc=name), level=0)
    doc.add_paragraph(_clean(bundle_intro(b, m)))
    grey = RGBColor(0x55, 0x55, 0x55)
    for section in b.sections:
        doc.add_heading(_clean(bundle_heading(section.fractions, m)), level=1)
        for q in section.questions:
            para = doc.add_paragraph()
            para.paragraph_format.space_before = Pt(6)
            para.paragraph_format.keep_with_next = True
            para.add_run(f"{q.number}. ").bold = True
            para.add_run(_clean(q.text))
            asked = _clean(asked_by_text(q.asked_by, m))
            meta = doc.add_paragraph()
            meta.paragraph_format.left_indent = Pt(18)
            run = meta.add_run(m("bundle.asked_by", asked=asked))
            run.italic = True
            run.font.size = Pt(9)
            run.font.color.rgb = grey
            if q.variants:
                intro = doc.add_paragraph()
                intro.paragraph_format.left_indent = Pt(18)
                intro.paragraph_format.keep_with_next = True
                intro.add_run(m("bundle.variants")).font.size = Pt(9)
            for v in q.variants:
                item = doc.add_paragraph(style="List Bullet")
                item.paragraph_format.left_indent = Pt(36)
                item.add_run(_clean(_variant_text(v, m))).font.size = Pt(9)
            if q.proposal is not None:
                note = doc.add_paragraph()
                note.paragraph_format.left_indent = Pt(18)
                run = note.add_run(_clean(proposal_text(q.proposal, m)))
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x8A, 0x4B, 0x00)
    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed entry timestamps, so equal input gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
