"""The PySpark pipeline on a local[2] Spark: its Parquet output equals the
CLI's JSON lines article for article (and byte for byte through
``gazette.dumps``), in the CLI's order."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

import gazette
from gazette import arrow
from gazette import spark as gs

pytestmark = pytest.mark.spark


def written(path: Path) -> list:
    return [gazette.dumps(a) for a in arrow.read_parquet(str(path))]


def test_the_fixtures_equal_the_cli(spark, cli_parse, tmp_path: Path) -> None:
    out = tmp_path / "fixtures.parquet"
    summary = gs.run(spark, "fixtures/", str(out))
    cli = cli_parse("fixtures/")
    assert len(cli) == 15
    assert written(out) == cli
    assert summary == {"pages": 5, "articles": 15, "failed": [], "skipped": []}
    files = sorted(out.glob("*.parquet"))
    assert files and all(pq.read_schema(f).remove_metadata() == arrow.SCHEMA for f in files)


def test_the_corpus_equals_the_cli(spark, corpus: Path, cli_corpus, tmp_path: Path) -> None:
    # Copies of one document are parsed in different tasks.
    assert gs.read_pages(spark, str(corpus)).rdd.getNumPartitions() >= 4
    out = tmp_path / "corpus.parquet"
    summary = gs.run(spark, str(corpus), str(out))
    assert written(out) == cli_corpus
    assert summary["pages"] == 340
    assert summary["articles"] == len(cli_corpus)
    assert summary["failed"] == []
    assert [name for name, _ in summary["skipped"]] == [str(corpus / "site-a" / "blob")]


def test_a_binary_file_named_has_failed_one_found_is_skipped(spark, corpus: Path, tmp_path: Path) -> None:
    blob = str(corpus / "site-a" / "blob")
    page = "fixtures/001_533f1d0b4a80ca68.txt"
    summary = gs.run(spark, [blob, page, str(corpus / "site-a" / "00")], str(tmp_path / "o"))
    assert [n for n, _ in summary["failed"]] == [blob]
    assert "binary control byte" in summary["failed"][0][1]
    assert summary["skipped"] == []
    assert summary["pages"] == 1 + 10 * 5


def test_without_near_duplicates_one_article_per_key(spark, corpus: Path, cli_corpus, tmp_path: Path) -> None:
    out = tmp_path / "by-key.parquet"
    gs.run(spark, str(corpus), str(out), near_duplicates=False)
    got = written(out)
    keys = [gazette.fold_key(a) for a in got]
    assert len(set(keys)) == len(keys) > len(cli_corpus)
    # Every copy is still there, once.
    copies = lambda lines: sorted(  # noqa: E731
        (c["file"], c["start"]) for a in arrow.to_articles(arrow.to_table(lines)) for c in a["copies"]
    )
    assert copies(got) == copies(cli_corpus)


def test_names_follow_the_arguments_as_the_cli_names_them(spark, cli_parse, tmp_path: Path) -> None:
    args = ["fixtures", "fixtures/000_dc70c667f6a7bc88.txt", "./fixtures/001_533f1d0b4a80ca68.txt"]
    pages = gs.read_pages(spark, args)
    names = sorted(r.name for r in pages.select("name").collect())
    assert names == [
        "./fixtures/001_533f1d0b4a80ca68.txt",
        "fixtures/000_dc70c667f6a7bc88.txt",
        "fixtures/001_533f1d0b4a80ca68.txt",
        "fixtures/002_99babf09eb2eab4f.txt",
        "fixtures/003_584cc74ce0b9942d.txt",
        "fixtures/004_067e0df94ed99aba.txt",
    ]
    out = tmp_path / "args.parquet"
    gs.run(spark, args, str(out))
    assert written(out) == cli_parse(*args)


def test_the_spark_schema_is_the_arrow_schema(spark) -> None:
    from pyspark.sql.pandas.types import to_arrow_schema

    df = spark.createDataFrame([], gs.ROW_SCHEMA)
    assert to_arrow_schema(df.schema) == arrow.SCHEMA
