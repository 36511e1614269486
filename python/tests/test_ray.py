"""The Ray Data pipeline on a local Ray: its articles equal the CLI's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import gazette
from gazette import arrow, stages

pytestmark = pytest.mark.ray
ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray of two CPUs, run from the repository (relative paths)."""
    cwd = os.getcwd()
    os.chdir(Path(__file__).resolve().parents[2])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    try:
        yield
    finally:
        ray.shutdown()
        os.chdir(cwd)


def in_cli_order(path: Path) -> list:
    return sorted((gazette.dumps(a) for a in arrow.read_parquet(str(path))), key=stages.output_key)


def test_the_fixtures_equal_the_cli(local_ray, cli_parse, tmp_path: Path) -> None:
    from gazette import ray as gr

    out = tmp_path / "fixtures"
    summary = gr.run("fixtures/", str(out), num_partitions=2)
    assert in_cli_order(out) == cli_parse("fixtures/")
    assert summary == {"pages": 5, "articles": 15, "failed": [], "skipped": []}


def test_the_corpus_equals_the_cli(local_ray, corpus: Path, cli_corpus, tmp_path: Path) -> None:
    from gazette import ray as gr

    out = tmp_path / "corpus"
    summary = gr.run(str(corpus), str(out), num_partitions=2)
    assert in_cli_order(out) == cli_corpus
    assert summary["pages"] == 340
    assert [name for name, _ in summary["skipped"]] == [str(corpus / "site-a" / "blob")]
