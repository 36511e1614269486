"""gazette: scraped pages of Chinese government gazettes into canonical JSON.

One object per official document (schema ``gazette/1``), the same as the
``gazette`` command line prints, from the same Rust core:

>>> import gazette
>>> [a["id"] for a in gazette.parse("渝府发〔2025〕15号\\n重庆市人民政府 2025年11月7日")]
['渝府发〔2025〕15号']

- :func:`parse` one page (``str`` or ``bytes``), :func:`parse_batch` many
  (as ``gazette parse`` does: parsed in parallel, copies folded, in the
  CLI's order);
- folding: :func:`fold_key`, :func:`fold_group`, :func:`fold`,
  :func:`band_keys`, :func:`quality`; :func:`parse_keyed` for the first
  stage of a distributed fold;
- :mod:`gazette.arrow`: the fixed Arrow schema of ``gazette/1``;
- :mod:`gazette.spark` and :mod:`gazette.ray`: the distributed pipelines
  (parse pages in parallel, fold copies by key, write Parquet), whose
  output equals the CLI's article for article.

Heavy work runs in Rust with the GIL released.
"""

from ._gazette import (
    DecodeError,
    __version__,
    band_keys,
    dumps,
    fold,
    fold_group,
    fold_key,
    json_schema,
    parse,
    parse_batch,
    parse_keyed,
    quality,
)

SCHEMA = "gazette/1"
"""The schema tag of every article."""

__all__ = [
    "SCHEMA",
    "DecodeError",
    "__version__",
    "band_keys",
    "dumps",
    "fold",
    "fold_group",
    "fold_key",
    "json_schema",
    "parse",
    "parse_batch",
    "parse_keyed",
    "quality",
]
