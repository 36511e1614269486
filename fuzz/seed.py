#!/usr/bin/env python3
"""Builds the fuzzers' seed corpora and dictionary from the fixtures.

    python3 fuzz/seed.py      # then: cargo +nightly fuzz run parse_bytes -- -dict=fuzz/gazette.dict

Seeds are the fixture pages whole and cut into pieces of about 2 KB on line
boundaries (small inputs run fast), each with the first byte that picks the
name the `parse_bytes` target gives the page (0 `.txt`, 1 `.md`, 2 `.html`).
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"

# The grammar's own pieces: what the fuzzer should splice together.
TOKENS = [
    "一、", "二、", "十一、", "（一）", "(二)", "㈠", "1.", "1．", "1、", "（1）", "(2)", "①", "⑳",
    "第一章", "第二条", "第十二条", "〔", "〕", "[", "]", "［", "］", "（", "）", "(", ")", "【", "】",
    "《", "》", "“", "”", "\u3000", "\u3000\u3000", "\u00a0", "\u200b", "\r\n", "\n", "\r", "\u2028",
    "来源：", "来源:", "附件：", "附件1", "发布日期：", "发布日期:2022-01-07", "发布时间：",
    "渝府办发〔2025〕56号", "国办发[2024]44号", "（2025）", "12 号", "2025年第3号",
    "2025年11月1日", "二〇二五年十一月一日", "2022 年 3 月 1 日",
    "重庆市人民政府办公厅", "关于印发", "的通知", "印发给你们", "（此件公开发布）",
    "（责任单位：市住房城乡建委、市城市管理局）", "牵头单位：", "责任单位：", "负责）",
    "各区县(自治县)人民政府,市政府各部门,有关单位:", "。", "，", "；", "：", "、",
    "指导思想", "保障措施", "同时废止", "自2025年1月1日起施行", "有效期至", "版权所有",
    "---\n", "标题: ", "文号: ", "# ", "## ", "- ", "**",
    "<p>", "</p>", "<br>", "<div>", "</div>", "<td>", "<table>", "<meta charset=\"gbk\">",
    "<script>", "</script>", "<!--", "-->", "&nbsp;", "&#12288;", "&amp;",
    "\ufeff", "\u0301", "２０２５", "Ａ",
]


def main():
    pages = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_file())
    ext = {".txt": 0, ".md": 1, ".html": 2}
    for target in ("parse_bytes", "canonical"):
        out = FUZZ / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for page in pages:
            data = page.read_bytes()
            pieces = [data]
            chunk = b""
            for line in data.splitlines(keepends=True):
                chunk += line
                if len(chunk) > 2048:
                    pieces.append(chunk)
                    chunk = b""
            pieces.append(chunk)
            for piece in pieces:
                if target == "parse_bytes":
                    piece = bytes([ext.get(page.suffix, 0)]) + piece
                name = hashlib.sha1(piece).hexdigest()
                (out / name).write_bytes(piece)
    with open(FUZZ / "gazette.dict", "w") as f:
        f.write("# The grammar's pieces, UTF-8 bytes escaped (built by seed.py).\n")
        for token in TOKENS:
            esc = "".join(
                chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else f"\\x{b:02X}"
                for b in token.encode()
            )
            f.write(f'"{esc}"\n')


if __name__ == "__main__":
    main()
