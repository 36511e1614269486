"""A deterministic corpus of a few hundred pages made from the fixture pages.

Variant ``k`` of each seed page (the five seed pages of ``fixtures/`` and the
five dev pages of other governments in ``fixtures/.pages/``) is

- rendered differently: as is, CRLF line ends, ``［2025］`` brackets with
  trailing spaces, or ``[2025]`` brackets (the parser makes these canonical,
  so such copies fold by number or by identical text: rules 1 and 2);
- and, for some ``k``, changed: a marker sentence added to every seventh
  long line (near-identical copies: unnumbered ones fold by rule 3), every
  document number changed (new documents), or signature-style dates moved a
  year back with a marker (near-identical text whose facts disagree).

Pages go to nested directories of two "sites", one with a CJK name and a
space; a binary file without an extension and a ``.json`` file sit among
them (a directory walk skips both).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

REPO = Path(__file__).resolve().parents[2]

_NUMBER = re.compile(r"(〔\s*\d{4}\s*〕|\[\s*\d{4}\s*\]|［\s*\d{4}\s*］)(\s*)(\d+)(\s*号)")
_DATE = re.compile(r"(\d{4})(\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")


def seeds() -> List[Path]:
    """The seed pages, in name order."""
    pages = sorted(p for p in (REPO / "fixtures").iterdir() if p.suffix == ".txt")
    pages += sorted(p for p in (REPO / "fixtures" / ".pages").iterdir() if p.suffix in (".txt", ".md", ".html"))
    return pages


def _render(text: str, style: int) -> str:
    if style == 1:
        return text.replace("\r\n", "\n").replace("\n", "\r\n")
    if style == 2:
        text = text.replace("〔", "［").replace("〕", "］")
        return "\n".join(line + "  " if line.strip() else line for line in text.split("\n"))
    if style == 3:
        return text.replace("〔", "[").replace("〕", "]")
    return text


def _mark(text: str, k: int, every: int = 7) -> str:
    lines = text.split("\n")
    return "\n".join(
        line + f"第{k}号变体。" if len(line) > 60 and i % every == 0 else line for i, line in enumerate(lines)
    )


def _change(text: str, k: int) -> str:
    m = k % 5
    if m == 2:
        return _mark(text, k)
    if m == 3:
        return _NUMBER.sub(
            lambda g: f"〔{1990 + k % 40}〕{g.group(2)}{int(g.group(3)) + 100 * (k // 5 + 1)}{g.group(4)}", text
        )
    if m == 4:
        moved = _DATE.sub(lambda g: f"{int(g.group(1)) - 1}{g.group(2)}", text)
        return _mark(moved, k, every=23)
    return text


def make(root: Path, variants: int = 30, crowd: int = 40) -> List[Path]:
    """Writes the corpus under ``root`` and returns the pages written.

    ``crowd`` more pages are marker variants of the web listing page 002
    (whose interpretations have no number): with the others, more than 32
    near-identical groups share a MinHash band, so the fold's rule for
    large buckets (each group paired with its next two only) is exercised.
    """
    written = []
    listing = REPO / "fixtures" / "002_99babf09eb2eab4f.txt"
    for k in range(100, 100 + crowd):
        path = root / "crowd" / f"{listing.stem}-{k}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_mark(listing.read_text(encoding="utf-8"), k).encode("utf-8"))
        written.append(path)
    for s, seed in enumerate(seeds()):
        original = seed.read_text(encoding="utf-8")
        for k in range(variants):
            text = _render(_change(original, k), (k + s) % 4)
            site = "site-a" if k % 2 == 0 else "站点 b"
            path = root / site / f"{k // 10:02d}" / f"{seed.stem}-{k}{seed.suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
    (root / "site-a" / "blob").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "site-a" / "notes.json").write_text('{"not": "a page"}', encoding="utf-8")
    return written
