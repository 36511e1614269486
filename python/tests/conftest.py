"""Fixtures: the repository, the CLI built from it, the generated corpus,
and one local Spark for the whole session (only the tests marked ``spark``
ask for it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, List

import pytest

try:
    import gazette._gazette  # noqa: F401
except ImportError as e:  # the source tree shadows the installed wheel
    raise pytest.UsageError(
        f"gazette's native module is not importable ({e}): install the wheel "
        "(`pip install ./python`, or `maturin develop` in python/) and run `pytest`, "
        "not `python -m pytest`, which puts python/ itself first on sys.path"
    ) from e

import corpus as corpus_module

REPO = corpus_module.REPO


def lines(data: bytes) -> List[str]:
    """JSON lines as the CLI writes them (split on newlines only)."""
    text = data.decode("utf-8")
    assert text == "" or text.endswith("\n")
    return text.split("\n")[:-1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def cli() -> str:
    """The ``gazette`` binary: ``$GAZETTE_CLI``, else built from this
    repository with cargo (a no-op when it is up to date)."""
    given = os.environ.get("GAZETTE_CLI")
    if given:
        return given
    cargo = shutil.which("cargo")
    assert cargo, "cargo is needed to build the CLI the tests compare with (or set GAZETTE_CLI)"
    subprocess.run([cargo, "build", "--quiet", "--bin", "gazette"], cwd=REPO, check=True)
    return str(REPO / "target" / "debug" / "gazette")


@pytest.fixture(scope="session")
def cli_parse(cli: str) -> Callable[..., List[str]]:
    """``gazette parse ARGS...`` run in the repository: its JSON lines."""

    def parse(*args: str) -> List[str]:
        done = subprocess.run([cli, "parse", *args], cwd=REPO, capture_output=True, check=True)
        return lines(done.stdout)

    return parse


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    corpus_module.make(root)
    return root


@pytest.fixture(scope="session")
def cli_corpus(corpus: Path, cli_parse) -> List[str]:
    """``gazette parse CORPUS``: what every pipeline must give on it."""
    return cli_parse(str(corpus))


@pytest.fixture(scope="session")
def corpus_pages(corpus: Path) -> List[Path]:
    """The files a CLI directory walk over the corpus reads (and the binary
    one it skips), in any order."""
    exts = (".txt", ".text", ".md", ".markdown", ".htm", ".html")
    return [p for p in corpus.rglob("*") if p.is_file() and (p.suffix.lower() in exts or p.suffix == "")]


@pytest.fixture(scope="session")
def spark():
    """One local Spark: two cores, no UI, two shuffle partitions, workers
    on this Python; small input partitions so that the corpus's copies are
    parsed in different tasks. The working directory is the repository for
    the whole session (the JVM resolves relative paths against it)."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    cwd = os.getcwd()
    os.chdir(REPO)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("gazette-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.files.maxPartitionBytes", str(2 << 20))
        .config("spark.sql.files.openCostInBytes", str(64 << 10))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        os.chdir(cwd)
