//! Pathological pages built in memory, each about `n` bytes, from the
//! shapes of real pages pushed to extremes. `fixtures/.bad/generate.py`
//! writes the same shapes to disk for trying them on the CLI.

#![allow(dead_code)]

/// A generator: (name, file name it is parsed as, builder).
pub type Gen = (&'static str, &'static str, fn(usize) -> String);

/// Every generator, for the bounded-cost test.
pub const ALL: &[Gen] = &[
    ("one line of sentences", "page.txt", one_line),
    ("one run-on line of notices", "page.txt", run_on_notices),
    (
        "one line of U+3000 paragraphs",
        "page.txt",
        u3000_paragraphs,
    ),
    (
        "one line of markers after sentences",
        "page.txt",
        marker_line,
    ),
    ("one line of document numbers", "page.txt", doc_number_line),
    ("short lines", "page.txt", short_lines),
    ("nested brackets", "page.txt", nested_brackets),
    ("unbalanced brackets", "page.txt", unbalanced_brackets),
    ("headings", "page.txt", headings),
    ("a flattened table", "page.txt", flattened_table),
    ("a page repeated", "page.txt", repeated_page),
    ("many notices", "page.txt", many_notices),
    ("responsibility lines", "page.txt", responsibility_lines),
    ("signatures and sources", "page.txt", signatures),
    ("number marks without numbers", "page.txt", number_marks),
    ("date pieces", "page.txt", date_pieces),
    (
        "serial headers heading no table",
        "page.txt",
        serial_headers,
    ),
    (
        "repeats that canonical text changes",
        "page.txt",
        decomposed_repeats,
    ),
    ("html paragraphs", "page.html", html_paragraphs),
    ("html nested elements", "page.html", html_nested),
    ("html table", "page.html", html_table),
    ("markdown front matter", "page.md", front_matter),
];

/// Repeats `unit(i)` for i = 0, 1, … until the text holds `n` bytes.
fn fill(n: usize, mut unit: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(n + 256);
    let mut i = 0;
    while out.len() < n {
        out.push_str(&unit(i));
        i += 1;
    }
    out
}

const SENTENCES: &[&str] = &[
    "为进一步推动重庆国际生物城建设，特制定本行动计划。",
    "围绕基础能力和产业生态建设，以引育重点平台、重点企业、重点产品为抓手，完善创新服务平台体系。",
    "力争到2024年，基本建成长江流域具有影响力的国际生物城。",
    "建设苏州大学重庆高等研究院；",
    "布局建设一批示范性现代产业学院（大健康、生物医药方向）。",
];

/// A sentence that differs from the others by its number, so that nothing
/// folds as a repeat.
fn sentence(i: usize) -> String {
    let s = SENTENCES[i % SENTENCES.len()];
    format!("{}第{i}项{}", &s[..s.len() - 3], &s[s.len() - 3..])
}

/// Chinese numerals up to 99,999: 一, 十二, 三百零五 …
pub fn chinese(mut n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 5] = ["", "十", "百", "千", "万"];
    if n == 0 {
        return "零".to_owned();
    }
    let mut parts = Vec::new();
    let mut unit = 0;
    let mut zero = false;
    while n > 0 && unit < UNITS.len() {
        let d = n % 10;
        if d == 0 {
            zero = !parts.is_empty();
        } else {
            if zero {
                parts.push("零".to_owned());
                zero = false;
            }
            parts.push(format!("{}{}", DIGITS[d], UNITS[unit]));
        }
        n /= 10;
        unit += 1;
    }
    parts.reverse();
    let s = parts.concat();
    s.strip_prefix("一十")
        .map_or(s.clone(), |rest| format!("十{rest}"))
}

/// One line, no line break at all: sentences one after another.
pub fn one_line(n: usize) -> String {
    fill(n, sentence)
}

/// A notice scraped into one line (title, 发布日期, number, addressees,
/// body, outline, signature), many of them glued together.
pub fn run_on_notices(n: usize) -> String {
    fill(n, |i| {
        format!(
            "重庆市人民政府办公厅关于印发第{i}号行动计划的通知发布日期:2022-01-07渝府办〔2021〕{i}号\
             有关区人民政府，市政府有关部门，有关单位：《第{i}号行动计划》已经市政府同意，现印发给你们，请认真贯彻执行。\
             一、指导思想{}二、发展目标{}重庆市人民政府办公厅2021年12月31日（此件公开发布）",
            sentence(i),
            sentence(i + 1)
        )
    })
}

/// A flattened page: paragraphs separated by runs of U+3000.
pub fn u3000_paragraphs(n: usize) -> String {
    fill(n, |i| format!("　　{}", sentence(i)))
}

/// Outline markers after every sentence, all on one line.
pub fn marker_line(n: usize) -> String {
    fill(n, |i| {
        format!(
            "{}、{}（{}）{}{}.{}（{}）{}",
            chinese(i % 99 + 1),
            sentence(i),
            chinese(i % 9 + 1),
            sentence(i + 1),
            i % 9 + 1,
            sentence(i + 2),
            i % 9 + 1,
            sentence(i + 3)
        )
    })
}

/// Document numbers glued one to another, on one line.
pub fn doc_number_line(n: usize) -> String {
    fill(n, |i| {
        format!(
            "渝府办发〔{}〕{i}号根据《通知》（国办发[2024]{i}号）",
            2000 + i % 30
        )
    })
}

/// Very short lines: a character and a line break.
pub fn short_lines(n: usize) -> String {
    fill(n, |i| {
        match i % 4 {
            0 => "一\n",
            1 => "。\n",
            2 => "a\n",
            _ => "\n",
        }
        .to_owned()
    })
}

/// Brackets of every kind nested `n / 6` deep around a document number.
pub fn nested_brackets(n: usize) -> String {
    let open = ["（", "〔", "(", "[", "［", "【"];
    let close = ["）", "〕", ")", "]", "］", "】"];
    let depth = n / 6;
    let mut out = String::with_capacity(n + 64);
    for i in 0..depth {
        out.push_str(open[i % open.len()]);
    }
    out.push_str("渝府发〔2025〕15号");
    for i in (0..depth).rev() {
        out.push_str(close[i % close.len()]);
    }
    out.push('\n');
    out
}

/// Brackets opened and never closed, on lines and in numbers.
pub fn unbalanced_brackets(n: usize) -> String {
    fill(n, |i| {
        format!(
            "（责任单位：市科技局{}\n渝府办发〔2025 {i}号\n〔（（{}\n",
            sentence(i),
            sentence(i + 1)
        )
    })
}

/// Headings of every level, each on its line, numbered on and on.
pub fn headings(n: usize) -> String {
    fill(n, |i| {
        let k = i + 1;
        format!(
            "第{}章 总则\n第{}条 {}\n{}、总体要求\n（{}）重点任务\n{}.加快建设\n（{}）推进\n①落实\n",
            chinese(k),
            chinese(k),
            sentence(i),
            chinese(k),
            chinese(k),
            k,
            k
        )
    })
}

/// A table flattened one cell per line under its header.
pub fn flattened_table(n: usize) -> String {
    let mut out = String::from("重点任务分工表\n序号\n重点任务\n牵头单位\n责任单位\n");
    out.push_str(&fill(n, |i| {
        format!(
            "{}\n{}\n市经济信息委\n市科技局、市财政局\n",
            i + 1,
            sentence(i)
        )
    }));
    out
}

/// A seed page scraped over and over into one file.
pub fn repeated_page(n: usize) -> String {
    let page = include_str!("../../fixtures/003_584cc74ce0b9942d.txt");
    fill(n, |_| format!("{page}\n"))
}

/// Many short notices, each with its own number, signature and source.
pub fn many_notices(n: usize) -> String {
    fill(n, |i| {
        format!(
            "重庆市人民政府关于第{i}项工作的通知\n渝府发〔2025〕{i}号\n各区县人民政府：\n{}\n\
             重庆市人民政府\n2025年11月7日\n（此件公开发布）\n来源：市政府办公厅\n",
            sentence(i)
        )
    })
}

/// Items closed by responsibility parentheticals.
pub fn responsibility_lines(n: usize) -> String {
    fill(n, |i| {
        format!(
            "{}.{}（牵头单位：市科技局；责任单位：市药监局、市卫生健康委、各区县政府）\n",
            i + 1,
            sentence(i)
        )
    })
}

/// Organ-and-date lines and source lines, one after another.
pub fn signatures(n: usize) -> String {
    fill(n, |i| {
        format!(
            "重庆市人民政府办公厅 {}年{}月{}日\n来源：市政府办公厅\n发布日期：2022-01-07\n附件{}\n",
            2000 + i % 30,
            i % 12 + 1,
            i % 28 + 1,
            i + 1
        )
    })
}

/// An HTML page of many paragraphs.
pub fn html_paragraphs(n: usize) -> String {
    let mut out = String::from("<!DOCTYPE html><html><head><title>通知</title></head><body>");
    out.push_str(&fill(n, |i| format!("<p>{}</p>\n", sentence(i))));
    out.push_str("</body></html>");
    out
}

/// HTML elements nested `n / 11` deep.
pub fn html_nested(n: usize) -> String {
    let depth = n / 11;
    let mut out = String::from("<html><body>");
    for i in 0..depth {
        out.push_str(if i % 2 == 0 { "<div>" } else { "<span>" });
    }
    out.push_str("通知。");
    for i in (0..depth).rev() {
        out.push_str(if i % 2 == 0 { "</div>" } else { "</span>" });
    }
    out.push_str("</body></html>");
    out
}

/// One HTML table of many rows.
pub fn html_table(n: usize) -> String {
    let mut out =
        String::from("<html><body><table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th></tr>");
    out.push_str(&fill(n, |i| {
        format!(
            "<tr><td>{}</td><td>{}</td><td>市科技局</td></tr>",
            i + 1,
            sentence(i)
        )
    }));
    out.push_str("</table></body></html>");
    out
}

/// Markdown whose front matter is most of the page.
pub fn front_matter(n: usize) -> String {
    let mut out = String::from("---\n标题: 关于印发行动计划的通知\n文号: 渝府办发〔2025〕56号\n");
    out.push_str(&fill(n, |i| format!("备注{i}: {}\n", sentence(i))));
    out.push_str("---\n\n# 关于印发行动计划的通知\n\n正文。\n");
    out
}

/// Exactly `count` headings, one a line, the levels in turn (as
/// `fixtures/.bad/generate.py` writes `headings.txt`).
pub fn headings_count(count: usize) -> String {
    let mut out = String::new();
    for i in 0..count {
        let k = i / 7 + 1;
        let line = match i % 7 {
            0 => format!("第{}章 总则", chinese(k)),
            1 => format!("第{}条 {}", chinese(k), SENTENCES[0]),
            2 => format!("{}、总体要求", chinese(k)),
            3 => format!("（{}）重点任务", chinese(k)),
            4 => format!("{k}.加快建设"),
            5 => format!("（{k}）推进"),
            _ => "①落实".to_owned(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `号`, brackets and years that never make a document number, on one
/// line.
pub fn number_marks(n: usize) -> String {
    fill(n, |i| match i % 4 {
        0 => "号号〔2025〕".to_owned(),
        1 => format!("{i}号（"),
        2 => "〔〔[2025]年第".to_owned(),
        _ => "2025年第号".to_owned(),
    })
}

/// Pieces of dates that never make one, and dates with no organ, on one
/// line.
pub fn date_pieces(n: usize) -> String {
    fill(n, |i| match i % 5 {
        0 => "年月日".to_owned(),
        1 => "2025年".to_owned(),
        2 => "二〇二五年十一月".to_owned(),
        3 => format!("{}年{}月{}日", 2000 + i % 30, i % 12 + 1, i % 28 + 1),
        _ => "发布日期：".to_owned(),
    })
}

/// `序号` lines that head no table, among other short lines.
pub fn serial_headers(n: usize) -> String {
    fill(n, |i| format!("序号\n名称\n{}\n备注\n", sentence(i)))
}

/// A page that repeats itself, one long line of sentences written with
/// combining accents (`e` + U+0301) that canonical text composes, so that
/// the copies to drop are hard to find in the raw line.
pub fn decomposed_repeats(n: usize) -> String {
    let s = |i: usize| format!("Cafe\u{301}第{i}项建设示范性现代产业学院。");
    let t = |i: usize| format!("Cafe\u{301}第{i}条完善创新服务平台体系。");
    let k = n / 3 / s(0).len();
    let first: String = (0..k).map(s).collect();
    let second: String = (0..k).map(t).collect();
    // The page repeats two whole lines, then mixes sentences seen before
    // with new ones: each seen one is looked for in the raw line.
    let mixed: String = (0..k).map(|i| format!("{}新增第{i}项。", s(i))).collect();
    format!("{first}\n{second}\n{first}\n{second}\n{mixed}\n")
}
