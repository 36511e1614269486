"""The Ray Data pipeline: the stages of :mod:`gazette.stages` on a Ray
cluster, pages in, one folded ``gazette/1`` article per document out, as
Parquet in the schema of :mod:`gazette.arrow`; the articles equal
``gazette parse``'s.

::

    read_pages   read_binary_files(include_paths=True); CLI names
    parse_pages  map_batches: pages -> (fold_key, article JSON)
    fold_by_key  groupby(fold_key, num_partitions=...) -> fold_group
    near sets    band buckets with an unnumbered group, closed on the driver;
                 each set through the core's Batch
    to_rows      map_batches: the fixed Arrow schema

Unlike the Spark pipeline's, the Parquet files Ray writes do not keep the
rows' order in their names: sort what you read with
:func:`gazette.stages.output_key` to get the CLI's order.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Union

import pyarrow as pa

from . import _gazette
from .arrow import SCHEMA, to_table
from .stages import union_find

TEXT_EXTENSIONS = ("txt", "text", "md", "markdown", "htm", "html")
"""Extensions a directory walk reads, as the CLI's (files without one too)."""


def _walked(name: str, extensions: Sequence[str]) -> bool:
    base = name.rsplit("/", 1)[-1]
    if "." not in base:
        return True
    return base.rsplit(".", 1)[1].lower() in extensions


def _names(batch: pa.Table, roots: Sequence[str], prefix: str, is_dir: bool, extensions: Sequence[str]) -> pa.Table:
    names, contents = [], []
    for path, content in zip(batch.column("path").to_pylist(), batch.column("bytes").to_pylist()):
        if is_dir:
            # Ray gives the path under the directory as it was given, or
            # made absolute.
            rel = next((path[len(r) + 1 :] for r in roots if path.startswith(r + "/")), path)
            if not _walked(rel, extensions):
                continue
            names.append(prefix + rel)
        else:
            names.append(prefix)
        contents.append(content)
    return pa.table({"name": pa.array(names, pa.string()), "content": pa.array(contents, pa.binary())})


def _first(group: pa.Table) -> pa.Table:
    return group.slice(0, 1)


def read_pages(paths: Union[str, Sequence[str]], *, extensions: Sequence[str] = TEXT_EXTENSIONS) -> Any:
    """The pages under ``paths`` as a Dataset ``(name, content)``, named as
    the CLI names them for the same arguments (local paths; a remote URI
    keeps Ray's path after it). Ray skips hidden files and files whose name
    starts with ``_`` (the CLI reads those)."""
    import ray

    if isinstance(paths, str):
        paths = [paths]
    parts = []
    for path in paths:
        local = "://" not in path
        is_dir = os.path.isdir(path) if local else True
        roots = (os.path.abspath(path), os.path.normpath(path)) if local else (path.rstrip("/"),)
        prefix = (path if path.endswith("/") else path + "/") if is_dir else path
        ds = ray.data.read_binary_files(path, include_paths=True)
        parts.append(
            ds.map_batches(
                _names,
                batch_format="pyarrow",
                fn_kwargs={"roots": roots, "prefix": prefix, "is_dir": is_dir, "extensions": tuple(extensions)},
            )
        )
    pages = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    if len(parts) > 1:
        pages = pages.groupby("name").map_groups(_first, batch_format="pyarrow")
    return pages


def _parse(batch: pa.Table) -> pa.Table:
    names = batch.column("name").to_pylist()
    errors: List[Any] = []
    keyed = _gazette.parse_keyed(zip(names, batch.column("content").to_pylist()), errors=errors)
    # The articles, then a row per failure, then one row with the count of
    # pages parsed.
    keys = [k for k, _ in keyed] + [None] * (len(errors) + 1)
    articles = [a for _, a in keyed] + [None] * (len(errors) + 1)
    failures = [None] * len(keyed) + [f"{e.reason}\t{e.path}\t{e}" for e in errors] + [None]
    pages = [0] * (len(keyed) + len(errors)) + [len(names) - len(errors)]
    return pa.table(
        {
            "fold_key": pa.array(keys, pa.string()),
            "article": pa.array(articles, pa.string()),
            "failure": pa.array(failures, pa.string()),
            "pages": pa.array(pages, pa.int64()),
        }
    )


def parse_pages(pages: Any) -> Any:
    """Pages parsed into ``(fold_key, article, failure, pages)`` rows: an
    article (JSON line) and its key; or, for a page that is not text,
    ``failure`` (``reason<TAB>name<TAB>message``) alone; or, once per
    batch, the count of pages parsed in ``pages`` alone."""
    return pages.map_batches(_parse, batch_format="pyarrow")


def _fold_group(group: pa.Table) -> pa.Table:
    [(article, numbered, bands)] = _gazette._fold_keyed([group.column("article").to_pylist()])
    return pa.table(
        {
            "fold_key": pa.array([group.column("fold_key")[0].as_py()], pa.string()),
            "article": pa.array([article], pa.string()),
            "numbered": pa.array([numbered], pa.bool_()),
            "bands": pa.array([bands], pa.list_(pa.string())),
        }
    )


def fold_by_key(keyed: Any, *, num_partitions: Optional[int] = None) -> Any:
    """Articles grouped by ``fold_key`` and each group folded
    (``fold_group``): ``(fold_key, article, numbered, bands)``."""
    return keyed.groupby("fold_key", num_partitions=num_partitions).map_groups(_fold_group, batch_format="pyarrow")


def _bands(batch: pa.Table) -> pa.Table:
    keys, numbered, bands = [], [], []
    for key, num, bs in zip(
        batch.column("fold_key").to_pylist(), batch.column("numbered").to_pylist(), batch.column("bands").to_pylist()
    ):
        for b in bs:
            keys.append(key)
            numbered.append(num)
            bands.append(b)
    return pa.table(
        {"band": pa.array(bands, pa.string()), "fold_key": pa.array(keys, pa.string()), "numbered": pa.array(numbered, pa.bool_())}
    )


def _bucket(group: pa.Table) -> pa.Table:
    members = group.column("fold_key").to_pylist()
    open_ = not all(group.column("numbered").to_pylist())
    keep = [members] if len(members) > 1 and open_ else []
    return pa.table({"members": pa.array(keep, pa.list_(pa.string()))})


def near_duplicate_sets(reps: Any, *, num_partitions: Optional[int] = None) -> Dict[str, str]:
    """For each group that rule 3 may join, the name of its set (see
    :mod:`gazette.stages`)."""
    buckets = (
        reps.map_batches(_bands, batch_format="pyarrow")
        .groupby("band", num_partitions=num_partitions)
        .map_groups(_bucket, batch_format="pyarrow")
    )
    return union_find(row["members"] for row in buckets.iter_rows())


def _tag(batch: pa.Table, sets: Dict[str, str]) -> pa.Table:
    tags = [sets.get(k) for k in batch.column("fold_key").to_pylist()]
    return pa.table({"article": batch.column("article"), "near_set": pa.array(tags, pa.string())})


def _fold_set(group: pa.Table) -> pa.Table:
    out = _gazette._fold_sets([group.column("article").to_pylist()])
    return pa.table({"article": pa.array(out, pa.string())})


def _rows(batch: pa.Table) -> pa.Table:
    return to_table(batch.column("article").to_pylist())


def run(
    inputs: Union[str, Sequence[str]],
    output: str,
    *,
    near_duplicates: bool = True,
    num_partitions: Optional[int] = None,
    mode: str = "overwrite",
) -> Dict[str, Any]:
    """The whole pipeline on the Ray cluster ``ray.init`` connects to: the
    pages under ``inputs`` parsed, folded as ``gazette parse`` folds them,
    written to ``output`` as Parquet (schema :data:`gazette.arrow.SCHEMA`;
    rows in no particular order; ``mode`` as Ray's ``write_parquet``:
    ``overwrite``, ``append``, ``error``, ``ignore``). Returns ``pages`` read, ``articles``
    written, and the pages ``failed`` and ``skipped`` (binary)."""
    import ray

    keyed = parse_pages(read_pages(inputs)).materialize()
    problems = [r["failure"] for r in keyed.filter(lambda r: r["failure"] is not None).iter_rows()]
    articles = keyed.filter(lambda r: r["article"] is not None).select_columns(["fold_key", "article"])
    reps = fold_by_key(articles, num_partitions=num_partitions).materialize()
    folded = reps.select_columns(["article"])
    if near_duplicates:
        sets = near_duplicate_sets(reps, num_partitions=num_partitions)
        if sets:
            tagged = reps.map_batches(_tag, batch_format="pyarrow", fn_kwargs={"sets": sets}).materialize()
            alone = tagged.filter(lambda r: r["near_set"] is None).select_columns(["article"])
            joined = (
                tagged.filter(lambda r: r["near_set"] is not None)
                .groupby("near_set", num_partitions=num_partitions)
                .map_groups(_fold_set, batch_format="pyarrow")
            )
            folded = alone.union(joined)
    rows = folded.map_batches(_rows, batch_format="pyarrow")
    rows.write_parquet(output, mode=mode)
    failed = sorted(tuple(p.split("\t")[1:]) for p in set(problems) if not p.startswith("binary\t"))
    skipped = sorted(tuple(p.split("\t")[1:]) for p in set(problems) if p.startswith("binary\t"))
    pages = ray.data.read_parquet(output, schema=SCHEMA)
    return {
        "pages": keyed.sum("pages") or 0,
        "articles": pages.count(),
        "failed": failed,
        "skipped": skipped,
    }

