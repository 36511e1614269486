"""The Arrow schema of gazette/1 and the round trip through it."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import gazette
from gazette import arrow


def test_the_schema_has_every_key_in_schema_order(cli_parse) -> None:
    first = json.loads(cli_parse("fixtures/")[0])
    assert arrow.SCHEMA.names == list(first)
    # Fixed-shape parts are structs with the fields of the wire types.
    defs = json.loads(gazette.json_schema())["definitions"]
    for column, definition in [
        ("doc_number", "DocNumber"),
        ("gazette", "GazetteIssue"),
        ("effective", "Effective"),
    ]:
        t = arrow.SCHEMA.field(column).type
        assert sorted(t.field(i).name for i in range(t.num_fields)) == sorted(defs[definition]["properties"])
    for column, definition in [("references", "Reference"), ("copies", "Copy"), ("warnings", "Warning")]:
        t = arrow.SCHEMA.field(column).type.value_type
        assert sorted(t.field(i).name for i in range(t.num_fields)) == sorted(defs[definition]["properties"])
    assert all(arrow.SCHEMA.field(c).type == pa.string() for c in arrow.JSON_COLUMNS)


def test_articles_round_trip_through_arrow_and_parquet(cli_corpus, tmp_path: Path) -> None:
    cli = cli_corpus
    table = arrow.to_table(cli)
    assert table.schema == arrow.SCHEMA
    assert table.num_rows == len(cli)
    # The recursive parts are JSON text; at least one article has an
    # enclosure and one has attachments.
    rows = table.to_pylist()
    assert all(isinstance(json.loads(r["body"]), list) for r in rows)
    assert any(r["enclosure"] is not None for r in rows)
    assert any(json.loads(r["attachments"]) for r in rows)
    assert [gazette.dumps(a) for a in arrow.to_articles(table)] == cli
    pq.write_table(table, tmp_path / "a.parquet")
    assert [gazette.dumps(a) for a in arrow.read_parquet(str(tmp_path / "a.parquet"))] == cli
    assert [json.dumps(a, ensure_ascii=False) for a in arrow.to_articles(table)] == [
        json.dumps(json.loads(line), ensure_ascii=False) for line in cli
    ]
    assert arrow.to_table([]).num_rows == 0
