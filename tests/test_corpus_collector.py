"""A corpus worker prepares each document with the cyclic collector held off (its
comparing made thousands of containers the collector walked for nothing), and puts it
back as it found it after the document, whether it was prepared or failed."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import dedup.ingest
from dedup.corpus.index import IndexParams, Prepared
from dedup.corpus.ingest import FileTask, prepare_file
from dedup.errors import UnreadableInput
from tests.conftest import SAMPLE


def _task(path: Path) -> FileTask:
    return FileTask(str(path), path.name, {}, 10 * 2**20, IndexParams())


def test_a_document_is_prepared_with_the_collector_off_and_it_is_on_again_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    read = dedup.ingest.read_document

    def reading(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dedup.ingest, "read_document", reading)
    assert gc.isenabled()
    doc = prepare_file(_task(SAMPLE))
    assert isinstance(doc, Prepared) and len(doc.questions) > 150
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_document_that_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def unreadable(path: str, **kwargs: object) -> object:
        assert not gc.isenabled()
        raise UnreadableInput(path, "is not a text")

    monkeypatch.setattr(dedup.ingest, "read_document", unreadable)
    failed = prepare_file(_task(tmp_path / "x.txt"))
    assert not isinstance(failed, Prepared)
    assert failed.problem == "is not a text"
    assert gc.isenabled()
