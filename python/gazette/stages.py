"""The stages of a distributed fold, independent of the engine.

``gazette parse`` folds a batch in one process. A cluster folds in stages
whose result is the same, article for article:

1. **parse** each page, key every article by :func:`gazette.fold_key`
   (:func:`gazette.parse_keyed`; copies with one key in one call are folded
   there already, which only saves shuffling);
2. **group by key** and fold each group with :func:`gazette.fold_group`
   (rules 1 and 2: one document number, or identical text); note for each
   group whether it has a number and its :func:`gazette.band_keys`;
3. **near duplicates** (rule 3): a MinHash band shared by two or more groups,
   one of them unnumbered, is a bucket in which the CLI's batch looks for
   near-identical pairs. Buckets that share a group are closed into sets
   (:func:`near_sets`), and each set goes through the core's batch
   (:func:`gazette.fold`) as a whole. Every bucket with candidate pairs lies
   whole inside one set, so the batch over a set sees the candidate pairs
   (and the pairing rule for large buckets) that the CLI's batch sees for
   those groups and makes the same joins; groups in no set are never joined.
4. **sort** into the CLI's order (:func:`output_key`).

:func:`fold_staged` runs these stages in this process; the Spark and Ray
pipelines run them on a cluster.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Dict, Iterable, List, Sequence, Tuple, Union

from . import _gazette


def union_find(member_lists: Iterable[Sequence[str]]) -> Dict[str, str]:
    """Closes lists of keys under shared members: each key that is in some
    list, mapped to the name of its set (the smallest key in it)."""
    parent: Dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for members in member_lists:
        if not members:
            continue
        for m in members:
            parent.setdefault(m, m)
        first = find(members[0])
        for m in members[1:]:
            r = find(m)
            if r != first:
                if r < first:
                    first, r = r, first
                parent[r] = first
    return {m: find(m) for m in parent}


def near_sets(groups: Iterable[Tuple[str, bool, Sequence[str]]]) -> Dict[str, str]:
    """Stage 3 in memory: ``(fold_key, numbered, band_keys)`` of each group
    to the name of its set, for the groups that rule 3 may join (buckets of
    two or more groups with an unnumbered one, closed under shared groups)."""
    buckets: Dict[str, List[str]] = defaultdict(list)
    open_buckets = set()
    for key, numbered, bands in groups:
        for band in bands:
            buckets[band].append(key)
            if not numbered:
                open_buckets.add(band)
    return union_find(m for b, m in buckets.items() if len(m) > 1 and b in open_buckets)


def output_key(article: Union[Dict[str, Any], str]) -> Tuple[Tuple[bytes, int, int], bytes, bytes]:
    """The CLI's output order: the first of the article's copies (file,
    start, end), then id, then fingerprint; strings compared as UTF-8 bytes,
    as Rust compares them."""
    if isinstance(article, str):
        article = json.loads(article)
    first = min((c["file"].encode(), c["start"], c["end"]) for c in article["copies"])
    return first, article["id"].encode(), article["fingerprint"].encode()


def fold_staged(keyed: Iterable[Tuple[str, str]], *, near_duplicates: bool = True) -> List[str]:
    """Stages 2 to 4 in this process, on ``(fold_key, article JSON)`` pairs
    (e.g. from :func:`gazette.parse_keyed` over parts of a corpus): the
    JSON lines ``gazette parse`` would write for the whole corpus."""
    by_key: Dict[str, List[str]] = defaultdict(list)
    for key, article in keyed:
        by_key[key].append(article)
    keys = sorted(by_key)
    groups = _gazette._fold_keyed([by_key[k] for k in keys])
    reps = {k: article for k, (article, _, _) in zip(keys, groups)}
    out: List[str] = []
    if near_duplicates:
        sets = near_sets((k, numbered, bands) for k, (_, numbered, bands) in zip(keys, groups))
        members: Dict[str, List[str]] = defaultdict(list)
        for key in keys:
            if key in sets:
                members[sets[key]].append(reps.pop(key))
        out.extend(_gazette._fold_sets(list(members.values())))
    out.extend(reps.values())
    out.sort(key=output_key)
    return out
