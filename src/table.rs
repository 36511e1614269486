//! Tables flattened one cell per line: takes the recognised lines from a
//! `序号` header cell on and returns a `table` block with its header and
//! rows, and the line after the table.
//!
//! Web scrapers drop the `<tr>`/`<td>` structure and keep each cell's text
//! on a line of its own. What survives is the serial-number column: every
//! row opens with the next integer, 1, 2, 3, … That is enough to cut the
//! cells into rows, and the most common row length gives the number of
//! columns. Header cells wrapped over two lines (`2025年` / `目标值`) are
//! joined back until the header is as wide as the rows; a row short of
//! cells lost an empty cell, which the scraper dropped — taken to be a
//! middle one, since the serial, the item and the figures at the end of a
//! row are the cells that are never empty.

use crate::lines::{LineKind, Lines};
use crate::model::Block;

/// The most header cells a flattened table is believed to have.
const MAX_HEADER_CELLS: usize = 16;

/// Reads the table whose `序号` cell is line `start`; `None` when the lines
/// after it do not run 1, 2, 3… as a table's rows do.
pub(crate) fn flattened(lines: &Lines, start: usize, to: usize) -> Option<(Block, usize)> {
    // The header is looked for in the first cells only: collecting every
    // cell to the end of the part for each `序号` line that heads no table
    // was quadratic.
    let first_row = cells(lines, start, to)
        .take(MAX_HEADER_CELLS + 1)
        .position(|(_, t)| t == "1")?;
    if !(2..=MAX_HEADER_CELLS).contains(&first_row) {
        return None;
    }
    let header: Vec<String> = cells(lines, start, to)
        .take(first_row)
        .map(|(_, t)| t.to_owned())
        .collect();
    // The rows are cut as the cells are read: the cells after the table,
    // to the end of the part, are never read.
    let (rows, last) = cut_rows(cells(lines, start, to).skip(first_row), header.len());
    if rows.len() < 2 && rows.first().is_none_or(|r| r.len() < 2) {
        return None;
    }
    let columns = column_count(&rows, header.len());
    let header = fit_header(header, columns);
    let rows = rows.into_iter().map(|r| fit_row(r, columns)).collect();
    let after = last.map_or(to, |i| i + 1);
    Some((Block::Table { header, rows }, after))
}

/// Reads the table whose first row is line `start`, rows one a line with
/// cells apart by TAB (as the HTML stage prints a `<table>`): two rows or
/// more; the first is the header. `None` for a lone line with a TAB.
pub(crate) fn tab_separated(lines: &Lines, start: usize, to: usize) -> Option<(Block, usize)> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut after = start;
    for i in start..to.min(lines.len()) {
        match lines.kind(i) {
            LineKind::Blank => continue,
            _ if lines.text(i).contains('\t') => {
                rows.push(
                    lines
                        .text(i)
                        .split('\t')
                        .map(|c| c.trim().to_owned())
                        .collect(),
                );
                after = i + 1;
            }
            _ => break,
        }
    }
    if rows.len() < 2 {
        return None;
    }
    let header = rows.remove(0);
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let pad = |mut r: Vec<String>| {
        r.resize(columns, String::new());
        r
    };
    Some((
        Block::Table {
            header: pad(header),
            rows: rows.into_iter().map(pad).collect(),
        },
        after,
    ))
}

/// The non-blank lines from `start` that can be cells, with their
/// indices: plain text, up to the first line that is structure (a heading,
/// an attachment, a source).
fn cells<'a>(
    lines: &'a Lines,
    start: usize,
    to: usize,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    (start..to.min(lines.len()))
        .map_while(move |i| match lines.kind(i) {
            LineKind::Blank => Some(None),
            LineKind::Text => Some(Some((i, lines.text(i)))),
            // A serial number like `2` is text, but a cell may read like a
            // marker (`1.5`): only outline headings with text after the
            // marker end the table.
            LineKind::Heading(m) if lines.text(i).len() == m.len => Some(Some((i, lines.text(i)))),
            _ => None,
        })
        .flatten()
}

/// Cuts cells (the first being `1`) into rows at the serial numbers;
/// returns the rows and the line of the last cell they used.
fn cut_rows<'a>(
    cells: impl Iterator<Item = (usize, &'a str)>,
    header_len: usize,
) -> (Vec<Vec<String>>, Option<usize>) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Each row is given room for as many cells as the widest before it, so
    // that it does not grow a cell at a time.
    let mut row: Vec<String> = Vec::with_capacity(header_len);
    let mut serial = 1u32;
    let mut last = None;
    // The widest row so far (the header's width before the first), kept
    // as rows are cut: measuring every row again at each cell was quadratic.
    let mut widest = header_len;
    let mut cells = cells.peekable();
    while let Some((i, text)) = cells.next() {
        let starts_next = !row.is_empty() && row.len() >= 2 && is_serial(text, serial + 1) && {
            // A figure equal to the next serial is a cell unless what
            // follows it reads like the start of a row (text, not a figure).
            row.len() >= widest || cells.peek().is_some_and(|&(_, t)| !is_figure(t))
        };
        if starts_next {
            widest = if rows.is_empty() {
                row.len()
            } else {
                widest.max(row.len())
            };
            rows.push(std::mem::replace(&mut row, Vec::with_capacity(widest)));
            serial += 1;
        } else if !row.is_empty() {
            // The last row ends when it is as wide as the rows before it.
            if !rows.is_empty() && row.len() >= widest {
                break;
            }
        }
        row.push(text.to_owned());
        last = Some(i);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    (rows, last)
}

fn is_serial(text: &str, serial: u32) -> bool {
    text.parse::<u32>().is_ok_and(|n| n == serial)
}

/// A cell that is a figure (`100`, `3.5`, `20%`, `/`).
fn is_figure(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '/' | '-' | ','))
}

/// The number of columns: the longest row, as cells go missing (empty or
/// merged) but are not invented; never more than the header has cells.
fn column_count(rows: &[Vec<String>], header_len: usize) -> usize {
    rows.iter().map(Vec::len).max().unwrap_or(0).min(header_len)
}

/// Joins header cells wrapped over two lines until the header has
/// `columns` cells: the pair joined first is the one whose second part
/// repeats elsewhere in the header (`目标值` under both years) or whose
/// first part ends in a year or figure (`2025年`).
fn fit_header(mut header: Vec<String>, columns: usize) -> Vec<String> {
    while columns >= 2 && header.len() > columns {
        let score = |i: usize| {
            let (a, b) = (&header[i], &header[i + 1]);
            let repeats = header.iter().filter(|h| *h == b).count() > 1;
            let ends_in_figure =
                a.ends_with('年') || a.chars().next_back().is_some_and(|c| c.is_ascii_digit());
            (
                usize::from(repeats) * 2 + usize::from(ends_in_figure),
                usize::MAX - a.len() - b.len(),
            )
        };
        let Some(best) = (1..header.len() - 1).max_by_key(|&i| score(i)) else {
            break;
        };
        let next = header.remove(best + 1);
        header[best].push_str(&next);
    }
    header
}

/// Pads a short row with empty cells after its first two, and joins the
/// overflow of a long one into its last cell.
fn fit_row(mut row: Vec<String>, columns: usize) -> Vec<String> {
    if columns < 2 {
        return row;
    }
    while row.len() < columns {
        let at = 2.min(row.len());
        row.insert(at, String::new());
    }
    if row.len() > columns {
        let rest: Vec<String> = row.drain(columns..).collect();
        if let Some(last) = row.last_mut() {
            for cell in rest {
                last.push_str(&cell);
            }
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::recognise;

    fn table(page: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let lines = recognise(page);
        let (block, _) = flattened(&lines, 0, lines.len()).expect("a table");
        match block {
            Block::Table { header, rows } => (header, rows),
            _ => unreachable!(),
        }
    }

    #[test]
    fn wrapped_header_cells_and_missing_cells() {
        let page = "序号\n\n指  标  名  称\n\n单位\n\n2025年\n\n目标值\n\n2027年\n\n目标值\n\n\
                    1\n\n智慧医疗装备产业产值\n\n亿元\n\n100\n\n300\n\n\
                    2\n\n营业收入超过20亿元的领军企业\n\n2\n\n5\n\n\
                    3\n\n国家“小巨人”企业\n\n10\n\n15\n\n附件2";
        let (header, rows) = table(page);
        assert_eq!(
            header,
            ["序号", "指标名称", "单位", "2025年目标值", "2027年目标值"]
        );
        assert_eq!(rows[0], ["1", "智慧医疗装备产业产值", "亿元", "100", "300"]);
        assert_eq!(rows[1], ["2", "营业收入超过20亿元的领军企业", "", "2", "5"]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn task_table_rows_end_at_the_source_line() {
        let page = "序号\n内容\n牵头单位\n责任单位\n1\n加强关键技术攻关\n市科技局、市经济信息委\n市发展改革委\n\
                    2\n打造产业孵化体系\n市科技局\n/\n3\n支持创新产品研发\n市科技局、市卫生健康委按职责分别负责\n\
                    4\n支持企业融资贷款\n市经济信息委\n市地方金融局\n来源:重庆市人民政府办公厅";
        let lines = recognise(page);
        let (block, after) = flattened(&lines, 0, lines.len()).expect("a table");
        let Block::Table { header, rows } = block else {
            unreachable!()
        };
        assert_eq!(header, ["序号", "内容", "牵头单位", "责任单位"]);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[2],
            [
                "3",
                "支持创新产品研发",
                "",
                "市科技局、市卫生健康委按职责分别负责"
            ]
        );
        assert_eq!(
            rows[3],
            ["4", "支持企业融资贷款", "市经济信息委", "市地方金融局"]
        );
        assert_eq!(lines.text(after), "来源：重庆市人民政府办公厅");
    }

    #[test]
    fn rows_with_tab_separated_cells() {
        let lines =
            recognise("序号\t任务\t责任单位\n1\t春播\t省农业农村厅\n2\t夏收\t省 粮食局\n正文。");
        let (block, after) = tab_separated(&lines, 0, lines.len()).expect("a table");
        let Block::Table { header, rows } = block else {
            unreachable!()
        };
        assert_eq!(header, ["序号", "任务", "责任单位"]);
        assert_eq!(
            rows,
            [["1", "春播", "省农业农村厅"], ["2", "夏收", "省粮食局"]]
        );
        assert_eq!(lines.text(after), "正文。");
    }

    #[test]
    fn a_list_that_does_not_count_is_no_table() {
        let lines = recognise("序号\n名称\n甲\n乙");
        assert!(flattened(&lines, 0, lines.len()).is_none());
    }
}
