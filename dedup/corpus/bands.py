"""The persisted LSH index in two levels: a small table that takes every new entry, and
the main one it is merged into, in key order, when it is full.

A band key is a hash, so entries added one by one land on random pages of the index: a
document's ~1,500 entries dirtied ~1,500 pages of a large index, written to the WAL at
every commit and again at the checkpoint, so the bytes written per document grew with
the corpus. Entries now go to `<table>_recent` (small, so the pages a batch dirties are
few and stay in the cache); when it holds `RECENT_ROWS` entries they are merged into the
main table in key order (each of its pages written once for `RECENT_ROWS` entries) and
it is emptied. A look-up reads both tables: which one holds an entry never changes what
is found.

Every function runs inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

# Entries the recent table holds before it is merged: about 400 real verslagen' sentence
# bands (~1,250 each) or 1,200 documents' question bands. Measured on the bench corpus
# (bench/corpus.py builders) at 3,000 documents: one merge of 500k entries writes 76 MiB
# of WAL (the main index's pages, each once), 0.2 MiB per document over the 400 documents
# it serves, and the recent table then costs a 30-document batch 0.8 MiB of WAL per
# document in all tables together, where adding to the main table cost 3.5 MiB. Fewer
# entries per merge mean more merges; more make each batch dirty more recent pages.
RECENT_ROWS = 500_000

# table -> its item column (the tables and columns are fixed names, never input).
TABLES = {"sentence_bands": "sentence", "qgroup_bands": "qgroup"}


def recent(table: str) -> str:
    return f"{table}_recent"


def lookup(
    conn: sqlite3.Connection, table: str, keys: Sequence[int], chunk: int = 900
) -> list[tuple[Any, ...]]:
    """(key, item) for every entry of `keys` in `table`, main and recent."""
    column = TABLES[table]
    unique = list(dict.fromkeys(keys))
    rows: list[tuple[Any, ...]] = []
    for name in (table, recent(table)):
        for lo in range(0, len(unique), chunk):
            part = unique[lo : lo + chunk]
            rows += conn.execute(
                f"SELECT key, {column} FROM {name} WHERE key IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
    return rows


def items_sql(table: str, marks: str) -> str:
    """SQL for the distinct items of the keys in `marks` (each key given twice, main then
    recent), for use as a subquery."""
    column = TABLES[table]
    return (
        f"SELECT {column} FROM {table} WHERE key IN ({marks}) "
        f"UNION SELECT {column} FROM {recent(table)} WHERE key IN ({marks})"
    )


def add(conn: sqlite3.Connection, table: str, entries: Iterable[tuple[int, int]]) -> None:
    """New (key, item) entries, into the recent table."""
    conn.executemany(
        f"INSERT OR IGNORE INTO {recent(table)} (key, {TABLES[table]}) VALUES (?, ?)", entries
    )


def merge_if_full(conn: sqlite3.Connection, limit: int | None = None) -> None:
    """Merge each recent table that holds `limit` (`RECENT_ROWS`) entries or more into
    its main table."""
    limit = RECENT_ROWS if limit is None else limit
    for table, column in TABLES.items():
        full = conn.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {recent(table)} LIMIT ?)", (limit,)
        ).fetchone()[0]
        if full >= limit:
            merge(conn, table, column)


def merge(conn: sqlite3.Connection, table: str, column: str) -> None:
    conn.execute(
        f"INSERT OR IGNORE INTO {table} (key, {column}) "
        f"SELECT key, {column} FROM {recent(table)} ORDER BY key, {column}"
    )
    conn.execute(f"DELETE FROM {recent(table)}")
