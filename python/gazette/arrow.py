"""The fixed Arrow schema of ``gazette/1``, and articles to and from Arrow.

One column per key of an article, in schema order. Scalars are columns of
their own type; the parts of fixed shape are Arrow structs and lists
(``doc_number``, ``gazette``, ``references``, ``effective``, ``copies``,
``warnings``, ``issuers``, ``addressees``); the recursive parts, whose blocks
nest sections to any depth, are JSON text: ``body`` (a JSON array of
blocks), ``enclosure`` (a JSON object, or null) and ``attachments`` (a JSON
array). Dates stay ISO ``YYYY-MM-DD`` strings, as in the JSON.

:func:`to_articles` turns rows back into articles equal to the CLI's
(``gazette.dumps`` of one gives the CLI's JSON line byte for byte).
"""

from __future__ import annotations

import glob
import json
import os
from typing import Any, Dict, Iterable, List, Union

import pyarrow as pa
import pyarrow.json as pa_json

from . import _gazette

_COPY = pa.struct(
    [
        ("file", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("encoding", pa.string()),
        ("format", pa.string()),
    ]
)

SCHEMA: pa.Schema = pa.schema(
    [
        ("schema", pa.string()),
        ("id", pa.string()),
        ("kind", pa.string()),
        ("doc_type", pa.string()),
        (
            "doc_number",
            pa.struct(
                [
                    ("text", pa.string()),
                    ("agency", pa.string()),
                    ("year", pa.int32()),
                    ("serial", pa.int64()),
                ]
            ),
        ),
        ("title", pa.string()),
        ("issuers", pa.list_(pa.string())),
        ("addressees", pa.list_(pa.string())),
        ("date", pa.string()),
        ("published", pa.string()),
        ("publicity", pa.string()),
        ("source", pa.string()),
        (
            "gazette",
            pa.struct(
                [
                    ("name", pa.string()),
                    ("year", pa.int32()),
                    ("issue", pa.int64()),
                    ("total_issue", pa.int64()),
                    ("date", pa.string()),
                ]
            ),
        ),
        ("body", pa.string()),
        ("enclosure", pa.string()),
        ("attachments", pa.string()),
        (
            "references",
            pa.list_(
                pa.struct(
                    [
                        ("doc_number", pa.string()),
                        ("title", pa.string()),
                        ("relation", pa.string()),
                    ]
                )
            ),
        ),
        (
            "effective",
            pa.struct([("text", pa.string()), ("from", pa.string()), ("until", pa.string())]),
        ),
        ("copies", pa.list_(_COPY)),
        ("warnings", pa.list_(pa.struct([("code", pa.string()), ("message", pa.string())]))),
        ("fingerprint", pa.string()),
    ]
)
"""The Arrow schema of one ``gazette/1`` article (see the module docs)."""

JSON_COLUMNS = ("body", "enclosure", "attachments")
"""The columns that hold JSON text: the parts with nested blocks."""


def to_table(articles: Iterable[Union[Dict[str, Any], str]]) -> pa.Table:
    """Articles (dicts or JSON text) as a table of :data:`SCHEMA`."""
    lines = _gazette._row_lines(articles)
    if not lines:
        return SCHEMA.empty_table()
    table = pa_json.read_json(
        pa.BufferReader(lines),
        read_options=pa_json.ReadOptions(use_threads=False, block_size=max(len(lines), 1 << 20)),
        parse_options=pa_json.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="error"),
    )
    return table.select(SCHEMA.names).cast(SCHEMA)


def to_record_batches(articles: Iterable[Union[Dict[str, Any], str]]) -> List[pa.RecordBatch]:
    """Articles as record batches of :data:`SCHEMA` (for ``mapInArrow``)."""
    return to_table(articles).to_batches()


def to_articles(rows: Union[pa.Table, pa.RecordBatch, Iterable[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """Rows of :data:`SCHEMA` (a table, a batch, or row dicts) back into
    article dicts: the JSON columns loaded, keys in schema order."""
    if isinstance(rows, (pa.Table, pa.RecordBatch)):
        rows = rows.to_pylist()
    out = []
    for row in rows:
        article = {name: row[name] for name in SCHEMA.names}
        for name in JSON_COLUMNS:
            if article[name] is not None:
                article[name] = json.loads(article[name])
        out.append(article)
    return out


def read_parquet(path: str) -> List[Dict[str, Any]]:
    """The articles of a Parquet directory written by the pipelines (or one
    file), in the order written: part files in name order, rows in order."""
    import pyarrow.parquet as pq

    if os.path.isdir(path):
        files = sorted(glob.glob(os.path.join(path, "*.parquet")))
    else:
        files = [path]
    out: List[Dict[str, Any]] = []
    for f in files:
        out.extend(to_articles(pq.read_table(f, schema=SCHEMA)))
    return out
