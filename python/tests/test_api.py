"""The wheel's API against the CLI built from the same repository."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import List, Tuple

import pytest

import gazette
from gazette import stages

SEED = "fixtures/002_99babf09eb2eab4f.txt"
NOTICE = "关于调整的通知\n渝府发〔2025〕15号\n各区县人民政府：\n一、总则\n正文。\n重庆市人民政府\n2025年11月7日\n"


def fixture_pages(repo: Path) -> List[Tuple[str, bytes]]:
    return [(f"fixtures/{p.name}", p.read_bytes()) for p in sorted((repo / "fixtures").glob("*.txt"))]


def read_all(paths: List[Path]) -> List[Tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in paths]


def test_parse_gives_gazette_1_articles(repo: Path) -> None:
    text = (repo / SEED).read_text(encoding="utf-8")
    articles = gazette.parse(text, SEED)
    assert len(articles) > 5
    keys = list(json.loads(gazette.json_schema())["properties"])
    for a in articles:
        assert a["schema"] == gazette.SCHEMA
        assert sorted(a) == sorted(keys)
        assert a["copies"][0]["file"] == SEED
    ids = [a["id"] for a in articles]
    assert "渝府办发〔2025〕56号" in ids
    # json=True: the same articles as JSON lines, as dumps writes them.
    texts = gazette.parse(text, SEED, json=True)
    assert texts == [gazette.dumps(a) for a in articles]
    assert [json.loads(t) for t in texts] == articles


def test_bytes_are_decoded_and_the_encoding_recorded() -> None:
    from_text = gazette.parse(NOTICE, "a.txt")
    from_gbk = gazette.parse(NOTICE.encode("gb18030"), "a.txt")
    assert from_text[0]["id"] == from_gbk[0]["id"] == "渝府发〔2025〕15号"
    assert from_text[0]["copies"][0]["encoding"] == "UTF-8"
    assert from_gbk[0]["copies"][0]["encoding"] == "GB18030"
    assert from_text[0]["fingerprint"] == from_gbk[0]["fingerprint"]
    assert from_text[0]["date"] == "2025-11-07"


def test_the_path_tells_the_format() -> None:
    html = "<html><body><p>关于调整的通知</p><p>渝府发〔2025〕15号</p><p>正文。</p></body></html>"
    assert gazette.parse(html, "page.html")[0]["copies"][0]["format"] == "html"
    assert gazette.parse(NOTICE, "page.txt")[0]["copies"][0]["format"] == "text"


def test_binary_bytes_raise_decode_error() -> None:
    with pytest.raises(gazette.DecodeError) as caught:
        gazette.parse(b"PK\x03\x04\x00\x00binary", "x.zip")
    e = caught.value
    assert isinstance(e, ValueError)
    # The first control byte is \x03, at byte 2.
    assert (e.path, e.offset, e.reason) == ("x.zip", 2, "binary")
    assert "x.zip" in str(e)
    with pytest.raises(TypeError):
        gazette.parse(12, "x")  # type: ignore[arg-type]


def test_parse_batch_equals_the_cli_on_the_fixtures(repo: Path, cli_parse) -> None:
    pages = fixture_pages(repo)
    cli = cli_parse("fixtures/")
    assert len(cli) == 15
    random.Random(9).shuffle(pages)
    assert gazette.parse_batch(pages, json=True) == cli
    assert gazette.parse_batch(pages, json=True, jobs=1) == cli
    assert [gazette.dumps(a) for a in gazette.parse_batch(pages)] == cli
    assert gazette.parse_batch(pages, fold=False, json=True) == cli_parse("--no-dedup", "fixtures/")


def test_parse_batch_takes_each_name_once_and_collects_errors(repo: Path) -> None:
    pages = fixture_pages(repo)
    bad = ("fixtures/zz.bin", b"\x00\x01\x02")
    with pytest.raises(gazette.DecodeError):
        gazette.parse_batch(pages + [bad])
    errors: List[gazette.DecodeError] = []
    out = gazette.parse_batch(pages + [pages[0]] + [bad], json=True, errors=errors)
    assert out == gazette.parse_batch(pages, json=True)
    assert [(e.path, e.reason) for e in errors] == [("fixtures/zz.bin", "binary")]


def test_parse_batch_equals_the_cli_on_the_corpus(corpus: Path, corpus_pages, cli_corpus) -> None:
    cli = cli_corpus
    errors: List[gazette.DecodeError] = []
    out = gazette.parse_batch(read_all(corpus_pages), json=True, errors=errors)
    assert [e.path for e in errors] == [str(corpus / "site-a" / "blob")]
    assert len(out) == len(cli) > 100
    assert out == cli


def test_fold_key_band_keys_and_quality(repo: Path) -> None:
    articles = gazette.parse((repo / SEED).read_bytes(), SEED)
    numbered = [a for a in articles if a["doc_number"]]
    assert gazette.fold_key(numbered[0]) == "no:" + numbered[0]["doc_number"]["text"]
    unnumbered = [a for a in articles if not a["doc_number"]]
    assert unnumbered and all(gazette.fold_key(a).startswith("text:") for a in unnumbered)
    assert gazette.fold_key(gazette.dumps(numbered[0])) == gazette.fold_key(numbered[0])
    bands = gazette.band_keys(numbered[0])
    assert len(bands) == 16 and len(set(bands)) == 16
    assert all(b.startswith(numbered[0]["kind"] + ":") for b in bands)
    score, blocks, chars = gazette.quality(numbered[0])
    assert blocks > 0 and chars > 100 and isinstance(score, int)
    with pytest.raises(ValueError):
        gazette.fold_key({"schema": "gazette/1"})


def test_fold_group_keeps_the_best_copy_and_lists_every_copy(repo: Path) -> None:
    # 渝府办发〔2025〕56号 is on the gazette page 000 and the web pages 002 and 004.
    copies = []
    for name, data in fixture_pages(repo):
        copies += [a for a in gazette.parse(data, name) if a["id"] == "渝府办发〔2025〕56号"]
    assert len(copies) == 3
    # The greatest quality; ties: the smallest fingerprint, then file, then offset.
    ranked = sorted(copies, key=lambda a: (a["copies"][0]["file"], a["copies"][0]["start"]))
    ranked.sort(key=lambda a: a["fingerprint"])
    ranked.sort(key=gazette.quality, reverse=True)
    best = ranked[0]
    folded = gazette.fold_group(copies)
    assert folded is not None
    assert folded["fingerprint"] == best["fingerprint"]
    assert folded["copies"][0] == best["copies"][0]
    others = [c["copies"][0] for c in copies if c is not best]
    assert folded["copies"][1:] == sorted(others, key=lambda c: (c["file"], c["start"], c["end"]))
    # Order does not matter; folded copies fold again as their copies.
    assert gazette.fold_group(list(reversed(copies))) == folded
    assert gazette.fold_group([gazette.fold_group(copies[:2]), copies[2]]) == folded
    assert gazette.fold_group([copies[1], gazette.fold_group([copies[0], copies[2]])]) == folded
    assert gazette.fold_group([]) is None
    assert gazette.fold_group(copies, json=True) == gazette.dumps(folded)


def test_fold_of_the_fixtures_equals_the_cli(repo: Path, cli_parse) -> None:
    articles = []
    for name, data in fixture_pages(repo):
        articles += gazette.parse(data, name)
    assert len(articles) == 23
    assert gazette.fold(articles, json=True) == cli_parse("fixtures/")


def test_staged_fold_of_corpus_parts_equals_the_cli(corpus: Path, corpus_pages, cli_corpus) -> None:
    """The stages the distributed pipelines run (parse parts, group by key,
    close band buckets into sets, fold each set), here in one process over
    shuffled parts of the corpus, give the CLI's output."""
    pages = read_all([p for p in corpus_pages if p.name != "blob"])
    random.Random(3).shuffle(pages)
    keyed = []
    for i in range(0, len(pages), 37):
        keyed += gazette.parse_keyed(pages[i : i + 37])
    cli = cli_corpus
    assert stages.fold_staged(keyed) == cli

    # What the corpus exercises: copies of one key across parts (rules 1
    # and 2), groups joined by rule 3, and band buckets larger than the 32
    # groups that the batch pairs in full.
    keys = Counter(k for k, _ in keyed)
    assert max(keys.values()) > 5
    groups = gazette._gazette._fold_keyed([[a for k, a in keyed if k == key] for key in sorted(keys)])
    assert len(groups) == len(keys) > len(cli)
    buckets = defaultdict(list)
    for key, (_, numbered, bands) in zip(sorted(keys), groups):
        for b in bands:
            buckets[b].append(numbered)
    assert max(len(v) for v in buckets.values() if not all(v)) > 32
    # Without rule 3: one article per key.
    by_key = stages.fold_staged(keyed, near_duplicates=False)
    assert len(by_key) == len(keys)
    assert sorted(gazette.fold_key(a) for a in by_key) == sorted(keys)


def test_near_sets_close_buckets_with_an_unnumbered_group() -> None:
    groups = [
        ("no:a", True, ["b1", "b2"]),
        ("no:b", True, ["b1", "b3"]),  # b1: numbered only, no set
        ("text:c", False, ["b2", "b4"]),
        ("text:d", False, ["b4"]),
        ("text:e", False, ["b5"]),  # alone in its bucket
        ("text:f", False, ["b6"]),
        ("no:g", True, ["b6"]),
    ]
    assert stages.near_sets(groups) == {
        "no:a": "no:a",
        "text:c": "no:a",
        "text:d": "no:a",
        "no:g": "no:g",
        "text:f": "no:g",
    }
    assert stages.union_find([["b", "a"], ["c", "b"], ["x"], []]) == {"a": "a", "b": "a", "c": "a", "x": "x"}


def test_the_stage_functions_keep_one_result_per_group() -> None:
    a = gazette.parse(NOTICE, "a.txt", json=True)[0]
    b = gazette.parse(NOTICE.replace("正文。", "正文有变。"), "b.txt", json=True)[0]
    [(folded, numbered, bands)] = gazette._gazette._fold_keyed([[a, b]])
    assert numbered and len(bands) == 16
    assert [c["file"] for c in json.loads(folded)["copies"]] in (["a.txt", "b.txt"], ["b.txt", "a.txt"])
    with pytest.raises(ValueError, match="empty group"):
        gazette._gazette._fold_keyed([[a], []])
    with pytest.raises(ValueError, match="gazette/1"):
        gazette._gazette._fold_sets([["{}"]])


def test_output_key_is_the_cli_order(repo: Path, cli_parse) -> None:
    cli = cli_parse("fixtures/")
    shuffled = cli[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=stages.output_key) == cli


def test_dumps_and_json_schema(cli) -> None:
    a = gazette.parse(NOTICE, "a.txt")[0]
    line = gazette.dumps(a)
    assert json.loads(line) == a
    assert list(json.loads(line)) == list(a)
    with pytest.raises(ValueError):
        gazette.dumps({"id": "x"})
    with pytest.raises(ValueError):
        gazette.dumps("not json")
    schema = subprocess.run([cli, "schema"], capture_output=True, check=True).stdout.decode()
    assert gazette.json_schema() + "\n" == schema


def test_parsing_releases_the_gil(corpus_pages) -> None:
    """This thread runs while another parses in Rust: it wakes as soon as the
    pages are handed over, not when the parse is done."""
    pages = read_all([p for p in corpus_pages if p.name != "blob"][:250])
    handed = threading.Event()
    times = {}

    def feed():
        yield from pages
        times["handed"] = time.perf_counter()
        handed.set()

    def work() -> None:
        gazette.parse_batch(feed(), json=True, jobs=1)
        times["done"] = time.perf_counter()

    t = threading.Thread(target=work)
    t.start()
    handed.wait()
    woke = time.perf_counter()
    t.join()
    parse = times["done"] - times["handed"]
    assert parse > 0.05
    # Were the GIL held while Rust parses, this thread would wake only when
    # the parse is over (a ratio near 1).
    assert (woke - times["handed"]) / parse < 0.5, (woke - times["handed"], parse)


def test_the_module_is_abi3() -> None:
    assert gazette._gazette.__file__.endswith((".abi3.so", ".pyd"))
    assert gazette.__version__ == "0.1.0"
