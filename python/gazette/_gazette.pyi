"""Type stubs of the native module ``gazette._gazette`` (import ``gazette``).

An *article* is one ``gazette/1`` object: a ``dict`` as ``json.loads`` gives
it (every key present, ``None``/``[]`` when absent), or, where ``json=True``
is asked for or an article is accepted, its JSON text.
"""

from typing import Any, Dict, Iterable, List, Literal, Optional, Tuple, Union, overload

__version__: str

Article = Dict[str, Any]
"""One ``gazette/1`` article as a dict."""
ArticleLike = Union[Article, str]
"""An article as a dict, or its JSON text."""
Page = Union[str, bytes]
"""A page's text, or its raw bytes (decoded as UTF-8, GB18030 or UTF-16)."""

class DecodeError(ValueError):
    """A page that is not text in an encoding gazette reads, or that holds
    binary control bytes."""

    path: str
    """The page's path, as given."""
    offset: int
    """The byte the error is about."""
    reason: Literal["binary", "undecodable"]

@overload
def parse(page: Page, path: str = "-", *, json: Literal[False] = False) -> List[Article]: ...
@overload
def parse(page: Page, path: str = "-", *, json: Literal[True]) -> List[str]: ...
def parse(page: Page, path: str = "-", *, json: bool = False) -> Union[List[Article], List[str]]:
    """Parses one page into its articles, in page order.

    ``path`` is the name the articles' copies carry; the format is told from
    its extension (``.html``/``.htm``, ``.md``/``.markdown``). With
    ``json=True`` each article is its JSON line (the CLI's bytes, without the
    newline). Raises :class:`DecodeError` for bytes that are not text.
    """

@overload
def parse_batch(
    pages: Iterable[Tuple[str, Page]],
    *,
    fold: bool = True,
    json: Literal[False] = False,
    jobs: int = 0,
    errors: Optional[List[DecodeError]] = None,
) -> List[Article]: ...
@overload
def parse_batch(
    pages: Iterable[Tuple[str, Page]],
    *,
    fold: bool = True,
    json: Literal[True],
    jobs: int = 0,
    errors: Optional[List[DecodeError]] = None,
) -> List[str]: ...
def parse_batch(
    pages: Iterable[Tuple[str, Page]],
    *,
    fold: bool = True,
    json: bool = False,
    jobs: int = 0,
    errors: Optional[List[DecodeError]] = None,
) -> Union[List[Article], List[str]]:
    """Parses many ``(path, page)`` pairs as ``gazette parse`` does.

    Pages are taken in path order (each path once), parsed in parallel on
    ``jobs`` threads (0: one a core); with ``fold=True`` copies are folded
    and the articles come in the CLI's output order, with ``fold=False``
    every page's articles in page order (``--no-dedup``). A page that cannot
    be decoded raises :class:`DecodeError`, unless ``errors`` is a list: the
    error is appended to it and the batch goes on.
    """

def parse_keyed(
    pages: Iterable[Tuple[str, Page]],
    *,
    jobs: int = 1,
    errors: Optional[List[DecodeError]] = None,
) -> List[Tuple[str, str]]:
    """The first stage of a distributed fold.

    Parses ``(path, page)`` pairs and returns every article as a
    ``(fold_key, JSON text)`` pair, sorted by key, the copies that share a
    key within this call already folded into one (fold results can be
    folded again: :func:`fold_group` and :func:`fold` accept them).
    """

def fold_key(article: ArticleLike) -> str:
    """The key that groups copies of one document: ``no:`` + the document
    number, else ``text:`` + kind + a hash of the content's letters and
    digits, else ``fp:`` + the fingerprint."""

def band_keys(article: ArticleLike) -> List[str]:
    """The 16 MinHash band keys (kind included); articles that :func:`fold`
    may join by near-identical text share one. Empty for no text."""

def quality(article: ArticleLike) -> Tuple[int, int, int]:
    """``(score, blocks, chars)``: the copy with the greatest is kept."""

@overload
def fold_group(articles: Iterable[ArticleLike], *, json: Literal[False] = False) -> Optional[Article]: ...
@overload
def fold_group(articles: Iterable[ArticleLike], *, json: Literal[True]) -> Optional[str]: ...
def fold_group(articles: Iterable[ArticleLike], *, json: bool = False) -> Union[Article, str, None]:
    """Folds copies of one document (e.g. articles sharing a
    :func:`fold_key`) into one: the best copy by :func:`quality`, its
    ``copies`` the chosen copy first, then all the others sorted. They may
    be folded already (by :func:`fold_group` or :func:`parse_keyed`): the
    result is what one fold of all their copies gives. ``None`` for no
    articles."""

@overload
def fold(articles: Iterable[ArticleLike], *, json: Literal[False] = False) -> List[Article]: ...
@overload
def fold(articles: Iterable[ArticleLike], *, json: Literal[True]) -> List[str]: ...
def fold(articles: Iterable[ArticleLike], *, json: bool = False) -> Union[List[Article], List[str]]:
    """Folds articles as ``gazette parse`` folds a batch (same fold key, or
    near-identical text without conflicting facts), in the CLI's output
    order. The articles may be folded by key already (by :func:`fold_group`
    of one key's copies, or :func:`parse_keyed`): the result is what
    folding all their copies gives. (Folding :func:`fold`'s own output again
    can join more, where it joined near-identical copies.)"""

def dumps(article: ArticleLike) -> str:
    """The article's JSON line as the CLI writes it (keys in schema order,
    no newline). Raises ``ValueError`` for what is not a ``gazette/1``
    article."""

def json_schema() -> str:
    """The JSON Schema of one article (what ``gazette schema`` prints)."""

# Stages of the distributed pipelines (gazette.spark, gazette.ray).
def _fold_keyed(groups: List[List[str]]) -> List[Tuple[str, bool, List[str]]]: ...
def _fold_sets(sets: List[List[str]]) -> List[str]: ...
def _row_lines(articles: Iterable[ArticleLike]) -> bytes: ...
