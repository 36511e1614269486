"""The PySpark pipeline: pages in, one folded ``gazette/1`` article per
document out, as Parquet, equal to ``gazette parse`` article for article.

Stages (each a function here, :func:`run` chains them)::

    read_pages   binaryFile, recursive; names as the CLI gives them
    parse_pages  mapInArrow: pages -> (fold_key, article JSON); copies with
                 one key in a task are folded there already
    fold_copies  group by fold_key -> fold_group (rules 1 and 2); then the
                 groups that share a MinHash band with an unnumbered group
                 are closed into sets (driver-side union-find over the band
                 buckets), and each set goes through the core's Batch (rule 3,
                 near-identical copies)
    to_rows      mapInArrow: article JSON -> the fixed schema of gazette.arrow
    sort_rows    the CLI's output order (first copy, id, fingerprint)

Why the result equals the CLI's: see :mod:`gazette.stages` (the same
stages, in one process, in :func:`gazette.stages.fold_staged`).

Every function that runs on the executors is in this module, which ships
inside the wheel: install the wheel where the executors' Python runs
(see the README, "At scale").
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import _gazette
from .arrow import SCHEMA, to_record_batches
from .stages import union_find

TEXT_EXTENSIONS = ("txt", "text", "md", "markdown", "htm", "html")
"""Extensions a directory walk reads, as the CLI's (files without one too)."""

KEYED_SCHEMA = "fold_key string, article string"
"""Schema of :func:`parse_pages`: one row per article (or pre-folded group)."""

REPS_SCHEMA = "fold_key string, article string, numbered boolean, bands array<string>"
"""Schema of the groups by key: the folded article, whether it has a
document number, its MinHash band keys."""


def _ddl(t: pa.DataType) -> str:
    if pa.types.is_string(t):
        return "STRING"
    if pa.types.is_int32(t):
        return "INT"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_list(t):
        return f"ARRAY<{_ddl(t.value_type)}>"
    if pa.types.is_struct(t):
        fields = ", ".join(f"`{t.field(i).name}`: {_ddl(t.field(i).type)}" for i in range(t.num_fields))
        return f"STRUCT<{fields}>"
    raise TypeError(f"no Spark type for {t}")


ROW_SCHEMA = ", ".join(f"`{f.name}` {_ddl(f.type)}" for f in SCHEMA)
"""The Spark schema (DDL) of the output: :data:`gazette.arrow.SCHEMA`."""


# --- reading ---------------------------------------------------------------


def _qualified(spark: Any, path: str) -> Tuple[Optional[str], bool]:
    """The path as Hadoop qualifies it (what binaryFile's ``path`` column
    starts with) and whether it is a directory; ``(None, True)`` when it
    cannot be told (a glob, or no JVM at hand)."""
    try:
        jvm = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        jpath = jvm.org.apache.hadoop.fs.Path(path)
        fs = jpath.getFileSystem(conf)
        qualified = fs.makeQualified(jpath)
        return qualified.toString(), bool(fs.getFileStatus(qualified).isDirectory())
    except Exception:  # a glob, Spark Connect, or a path that is not there
        if "://" not in path and not path.startswith("file:") and os.path.exists(path):
            return "file:" + os.path.abspath(path), os.path.isdir(path)
        return None, True


def read_pages(spark: Any, paths: Union[str, Sequence[str]], *, extensions: Sequence[str] = TEXT_EXTENSIONS) -> Any:
    """The pages under ``paths`` (files or directories, searched
    recursively) as a DataFrame ``(name string, content binary, walked
    boolean)``; ``walked``: found in a directory, not named (a binary file
    found is skipped, a binary file named has failed, as in the CLI).

    Names are what the CLI gives for the same arguments: a file's path as
    given; a file found in a directory, the directory as given joined with
    the file's path inside it (``fixtures/`` → ``fixtures/000_….txt``). A
    walk keeps files with one of ``extensions`` or none, as the CLI's; Spark
    skips hidden files and also files and directories whose name starts with
    ``_``, which the CLI reads. Several arguments naming one file give it
    once. A path Hadoop cannot qualify (a glob) keeps Spark's full path as
    the name.
    """
    from pyspark.sql import functions as F

    if isinstance(paths, str):
        paths = [paths]
    ext = "|".join(extensions)
    walked = rf"(?i)(\.({ext})|(^|/)[^/.]+)$"
    frames = []
    for path in paths:
        root, is_dir = _qualified(spark, path)
        df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
        if root is None:
            name = F.col("path")
            df = df.where(F.col("path").rlike(walked))
        elif is_dir:
            prefix = path if path.endswith("/") else path + "/"
            name = F.concat(F.lit(prefix), F.expr(f"substring(path, {len(root) + 2})"))
            df = df.where(F.col("path").startswith(root + "/")).where(F.col("path").rlike(walked))
        else:
            name = F.lit(path)
        frames.append(df.select(name.alias("name"), F.col("content"), F.lit(is_dir).alias("walked")))
    pages = frames[0]
    for other in frames[1:]:
        pages = pages.unionByName(other)
    if len(frames) > 1:
        pages = pages.dropDuplicates(["name"])
    return pages


# --- stage 1: parse ----------------------------------------------------------

try:
    from pyspark.accumulators import AccumulatorParam as _AccumulatorParam
except ImportError:  # pyspark not installed: gazette.spark is not used
    _AccumulatorParam = object  # type: ignore[assignment,misc]


class _ListParam(_AccumulatorParam):  # type: ignore[misc,valid-type]
    """Accumulates lists (the pages that failed)."""

    def zero(self, value: List[Any]) -> List[Any]:
        return []

    def addInPlace(self, a: List[Any], b: List[Any]) -> List[Any]:
        a.extend(b)
        return a


def _parse_batches(batches: Iterator[pa.RecordBatch], failures: Any = None, pages: Any = None) -> Iterator[pa.RecordBatch]:
    schema = pa.schema([("fold_key", pa.string()), ("article", pa.string())])
    for batch in batches:
        names = batch.column("name").to_pylist()
        contents = batch.column("content").to_pylist()
        errors: List[Any] = []
        keyed = _gazette.parse_keyed(zip(names, contents), errors=errors)
        if pages is not None:
            pages.add(len(names) - len(errors))
        if failures is not None and errors:
            walked = dict(zip(names, batch.column("walked").to_pylist())) if "walked" in batch.schema.names else {}
            failures.add(
                [(e.path, "skipped" if e.reason == "binary" and walked.get(e.path, True) else "failed", str(e)) for e in errors]
            )
        yield pa.RecordBatch.from_arrays(
            [pa.array([k for k, _ in keyed], pa.string()), pa.array([a for _, a in keyed], pa.string())],
            schema=schema,
        )


def parse_pages(pages: Any, *, failures: Any = None, counter: Any = None) -> Any:
    """Stage 1: the pages ``(name, content)`` parsed into ``(fold_key,
    article)`` rows, ``article`` a JSON line; the copies that share a key
    within one task are folded already (that only saves shuffle: folding is
    associative). Pages that cannot be decoded are left out, and added to
    the ``failures`` accumulator (of lists) when given, as ``(name,
    "failed" or "skipped", message)`` (skipped: a binary file found by a
    walk); ``counter`` (an int accumulator) counts the pages parsed."""

    def parse(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        return _parse_batches(batches, failures, counter)

    return pages.mapInArrow(parse, KEYED_SCHEMA)


# --- stages 2 and 3: fold ----------------------------------------------------


def _fold_keyed_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    schema = pa.schema(
        [
            ("fold_key", pa.string()),
            ("article", pa.string()),
            ("numbered", pa.bool_()),
            ("bands", pa.list_(pa.string())),
        ]
    )
    for batch in batches:
        keys = batch.column("fold_key").to_pylist()
        folded = _gazette._fold_keyed(batch.column("copies").to_pylist())
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(keys, pa.string()),
                pa.array([a for a, _, _ in folded], pa.string()),
                pa.array([n for _, n, _ in folded], pa.bool_()),
                pa.array([b for _, _, b in folded], pa.list_(pa.string())),
            ],
            schema=schema,
        )


def _fold_set_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    schema = pa.schema([("article", pa.string())])
    for batch in batches:
        out = _gazette._fold_sets(batch.column("articles").to_pylist())
        yield pa.RecordBatch.from_arrays([pa.array(out, pa.string())], schema=schema)


def fold_by_key(keyed: Any) -> Any:
    """Stage 2: rows ``(fold_key, article)`` grouped by key and each group
    folded (``gazette.fold_group``): ``(fold_key, article, numbered,
    bands)``, one row per key. Rules 1 and 2 of the fold."""
    from pyspark.sql import functions as F

    grouped = keyed.groupBy("fold_key").agg(F.collect_list("article").alias("copies"))
    return grouped.mapInArrow(_fold_keyed_batches, REPS_SCHEMA)


def near_duplicate_sets(reps: Any) -> Dict[str, str]:
    """Stage 3a: for each group (by key) that rule 3 may join to another,
    the name of its set. Band buckets (groups sharing a MinHash band) with
    an unnumbered group are closed under shared membership on the driver;
    only such buckets give the CLI's Batch candidate pairs."""
    from pyspark.sql import functions as F

    buckets = (
        reps.where(F.size("bands") > 0)
        .select("fold_key", "numbered", F.explode("bands").alias("band"))
        .groupBy("band")
        .agg(F.collect_list("fold_key").alias("members"), F.min("numbered").alias("all_numbered"))
        .where((F.size("members") > 1) & ~F.col("all_numbered"))
        .select("members")
    )
    return union_find(row.members for row in buckets.toLocalIterator())


def fold_near_duplicates(reps: Any, sets: Dict[str, str]) -> Any:
    """Stage 3b: the groups of :func:`fold_by_key` with the sets of
    :func:`near_duplicate_sets` folded: each set through the core's Batch,
    the other groups as they are. One ``article`` (JSON line) per
    document."""
    from pyspark.sql import functions as F

    if not sets:
        return reps.select("article")
    spark = reps.sparkSession
    names = spark.createDataFrame(sorted(sets.items()), "fold_key string, near_set string")
    tagged = reps.join(names, "fold_key", "left")
    alone = tagged.where(F.col("near_set").isNull()).select("article")
    joined = (
        tagged.where(F.col("near_set").isNotNull())
        .groupBy("near_set")
        .agg(F.collect_list("article").alias("articles"))
        .mapInArrow(_fold_set_batches, "article string")
    )
    return alone.unionByName(joined)


def fold_copies(keyed: Any, *, near_duplicates: bool = True) -> Any:
    """Stages 2 and 3: ``(fold_key, article)`` rows folded as the CLI folds
    a batch, one ``article`` (JSON line) per document. With
    ``near_duplicates=False``, rules 1 and 2 only (group by key and
    ``fold_group``): near-identical copies whose text differs stay apart.

    The groups by key are persisted (they are read twice: for the band
    buckets, then for the output); :func:`run` unpersists them when done,
    a caller of this function does it with ``spark.catalog.clearCache()``.
    """
    reps = fold_by_key(keyed)
    if not near_duplicates:
        return reps.select("article")
    from pyspark import StorageLevel

    reps = reps.persist(StorageLevel.MEMORY_AND_DISK)
    return fold_near_duplicates(reps, near_duplicate_sets(reps))


# --- output ------------------------------------------------------------------


def _row_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield from to_record_batches(batch.column("article").to_pylist())


def to_rows(articles: Any) -> Any:
    """Articles (a DataFrame with an ``article`` JSON column) as rows of
    the fixed schema :data:`ROW_SCHEMA` (see :mod:`gazette.arrow`)."""
    return articles.mapInArrow(_row_batches, ROW_SCHEMA)


def sort_rows(rows: Any) -> Any:
    """Rows in the CLI's output order: by the first of each article's
    copies (file, start, end), then id, then fingerprint (strings compared
    byte for byte, as in Rust)."""
    from pyspark.sql import functions as F

    first = F.array_min(F.transform("copies", lambda c: F.struct(c["file"], c["start"], c["end"])))
    return rows.orderBy(first, F.col("id"), F.col("fingerprint"))


def run(
    spark: Any,
    inputs: Union[str, Sequence[str]],
    output: str,
    *,
    near_duplicates: bool = True,
    sort: bool = True,
    mode: str = "overwrite",
) -> Dict[str, Any]:
    """The whole pipeline: the pages under ``inputs`` parsed, copies folded
    as ``gazette parse`` folds them, written to ``output`` as Parquet in the
    schema of :mod:`gazette.arrow` (sorted as the CLI writes when
    ``sort``; part files in name order, rows in order).

    Returns a summary: ``pages`` read (as the CLI report's ``inputs.read``),
    ``articles`` written, and the pages ``failed`` (not text; a binary file
    named) and ``skipped`` (a binary file found in a directory), each
    ``(name, message)``, as the CLI's report has them. (The counts come from
    accumulators: a task that Spark runs again counts again.)
    """
    sc = spark.sparkContext
    failures = sc.accumulator([], _ListParam())
    counter = sc.accumulator(0)
    keyed = parse_pages(read_pages(spark, inputs), failures=failures, counter=counter)
    reps = fold_by_key(keyed)
    if near_duplicates:
        from pyspark import StorageLevel

        # Read twice (band buckets, then output): parsed once.
        reps = reps.persist(StorageLevel.MEMORY_AND_DISK)
        folded = fold_near_duplicates(reps, near_duplicate_sets(reps))
    else:
        folded = reps.select("article")
    rows = to_rows(folded)
    if sort:
        rows = sort_rows(rows)
    try:
        rows.write.mode(mode).parquet(output)
    finally:
        reps.unpersist()
    seen = {}
    for name, outcome, message in failures.value:
        seen[name] = (outcome, message)
    return {
        "pages": counter.value,
        "articles": spark.read.parquet(output).count(),
        "failed": sorted((n, m) for n, (o, m) in seen.items() if o == "failed"),
        "skipped": sorted((n, m) for n, (o, m) in seen.items() if o == "skipped"),
    }


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m gazette.spark INPUT... -o OUT``: the pipeline on the
    Spark that ``spark-submit`` (or ``SPARK_*`` settings) give."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m gazette.spark", description=main.__doc__)
    parser.add_argument("inputs", nargs="+", help="files or directories (any Hadoop path)")
    parser.add_argument("-o", "--output", required=True, help="the Parquet directory to write")
    parser.add_argument("--no-near-duplicates", action="store_true", help="fold by key only (rules 1 and 2)")
    parser.add_argument("--no-sort", action="store_true", help="skip the final sort into the CLI's order")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("gazette").getOrCreate()
    summary = run(
        spark,
        args.inputs,
        args.output,
        near_duplicates=not args.no_near_duplicates,
        sort=not args.no_sort,
    )
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    for name, message in summary["failed"]:
        print(f"gazette: {message}", file=sys.stderr)
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
