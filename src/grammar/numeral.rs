//! Chinese numerals: takes a string starting with a numeral (`二十四`, `一百零五`, `二〇二五`) and
//! returns its value with the bytes it spans; also renders numbers as canonical Chinese numerals.

/// Value of a Chinese digit (`两` included because `两百` is written in prose).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Characters written for zero in running numerals.
fn is_cn_zero(c: char) -> bool {
    matches!(c, '零' | '〇' | '○')
}

/// Multiplier of a unit character.
fn cn_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Whether `c` is one of the characters a Chinese numeral is written with: a digit, a zero or a
/// unit (the letter `O`, a zero only inside a numeral, is not).
pub(crate) fn is_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || is_cn_zero(c) || cn_unit(c).is_some()
}

/// Parses a Chinese numeral at the start of `s` (`十` = 10, `二十四` = 24, `一百零五` = 105,
/// `两百` = 200, the colloquial `一百五` = 150) and returns (value, bytes consumed).
///
/// Values go up to 9999. A lone zero (`零`, `〇`, `○`) parses as 0; the letter `O` counts as
/// zero only inside a numeral. Two digits in a row stop
/// the numeral (`二〇二五` yields 2 here; use [`chinese_digit_year`] for such years).
// Inlined into the marker parser, which asks it on most lines led by a numeral: the call and
// its digit lookup's cost as much as the lookup.
#[inline(always)]
pub fn chinese_number(s: &str) -> Option<(u32, usize)> {
    // Most numerals read are one digit and a char that is no unit (`一、`, `（三）`): their value
    // is told by six bytes, without the loop below. Most of the others are tens (`十`, `十二`,
    // `二十`, `二十三`), told by their bytes too.
    let bytes = s.as_bytes();
    if let Some(value) = digit_bytes(bytes) {
        match bytes.get(3..6) {
            Some(TEN) => {
                if let Some(found) = after_ten(bytes, 6, value * 10) {
                    return Some(found);
                }
            }
            Some(HUNDRED | THOUSAND) => {}
            _ => return Some((value, 3)),
        }
    } else if bytes.get(..3) == Some(TEN) {
        if let Some(found) = after_ten(bytes, 3, 10) {
            return Some(found);
        }
    }
    chinese_number_by_chars(s)
}

/// `十`, `百` and `千` in UTF-8.
const TEN: &[u8] = "十".as_bytes();
const HUNDRED: &[u8] = "百".as_bytes();
const THOUSAND: &[u8] = "千".as_bytes();

/// The numeral of `bytes` whose `十` ends at byte `end`, worth `tens` up to there: a digit after
/// the `十` adds its value and ends it (no unit, zero or digit can follow the ones), anything but
/// a digit or a zero ends it at the `十`; `None` for a zero, which the loop reads.
fn after_ten(bytes: &[u8], end: usize, tens: u32) -> Option<(u32, usize)> {
    let rest = bytes.get(end..).unwrap_or(&[]);
    if let Some(ones) = digit_bytes(rest) {
        return Some((tens + ones, end + 3));
    }
    // (`零` E9 9B B6, `〇` E3 80 87, `○` E2 97 8B, and the letter `O` read as one.)
    if matches!(
        rest,
        [b'O', ..] | [0xE9, 0x9B, 0xB6, ..] | [0xE3, 0x80, 0x87, ..] | [0xE2, 0x97, 0x8B, ..]
    ) {
        return None;
    }
    Some((tens, end))
}

/// The value of the Chinese digit (`一` … `九`, `两`) `bytes` start with, told by its three bytes.
#[inline(always)]
fn digit_bytes(bytes: &[u8]) -> Option<u32> {
    Some(match bytes.get(..3)? {
        b"\xE4\xB8\x80" => 1,
        b"\xE4\xBA\x8C" | b"\xE4\xB8\xA4" => 2,
        b"\xE4\xB8\x89" => 3,
        b"\xE5\x9B\x9B" => 4,
        b"\xE4\xBA\x94" => 5,
        b"\xE5\x85\xAD" => 6,
        b"\xE4\xB8\x83" => 7,
        b"\xE5\x85\xAB" => 8,
        b"\xE4\xB9\x9D" => 9,
        _ => return None,
    })
}

/// [`chinese_number`] char by char, for the numerals its first test does not tell.
fn chinese_number_by_chars(s: &str) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    // Units must strictly decrease (千 > 百 > 十); 10_000 means "no unit seen yet".
    let mut last_unit = 10_000u32;
    let mut after_zero = false;
    let mut committed: Option<(u32, usize)> = None;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        if let Some(d) = cn_digit(c) {
            if pending.is_some() {
                break;
            }
            pending = Some(d);
            // A digit right after 百/千 without 零 is the colloquial abbreviation (一百五 = 150).
            let scale = if after_zero || last_unit == 10_000 || last_unit == 10 {
                1
            } else {
                last_unit / 10
            };
            committed = Some((total + d * scale, end));
        } else if is_cn_zero(c) || c == 'O' && i > 0 {
            // OCR reads 〇 as the letter O; only trusted inside a numeral (一百O五).
            if i == 0 {
                return Some((0, end));
            }
            if pending.is_some() || after_zero || last_unit == 10_000 {
                break;
            }
            after_zero = true;
        } else if let Some(u) = cn_unit(c) {
            if u >= last_unit || after_zero && pending.is_none() {
                break;
            }
            let d = match pending.take() {
                Some(d) => d,
                None if u == 10 && total == 0 => 1,
                None => break,
            };
            total += d * u;
            last_unit = u;
            after_zero = false;
            committed = Some((total, end));
        } else {
            break;
        }
    }
    committed
}

/// Digit value for digit-by-digit years, where `〇`, `○`, the letter `O` and `0` all mean zero.
pub(super) fn year_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | 'O' | '零' | '0' | 'o' | 'Ｏ' => Some(0),
        '1'..='9' => c.to_digit(10),
        '两' => None,
        _ => cn_digit(c),
    }
}

/// Parses a year written digit by digit (`二〇二五`, `二○一二`, `二O二一`) at the start of `s`
/// and returns (value, bytes consumed). Exactly four digits; spaces between them are allowed.
pub fn chinese_digit_year(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut count = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if count == 4 {
            // A fifth digit means this is not a year (e.g. part of a longer code).
            return if year_digit(c).is_some() {
                None
            } else {
                Some((value, end))
            };
        }
        if let Some(d) = year_digit(c) {
            value = value * 10 + d;
            count += 1;
            end = i + c.len_utf8();
        } else if super::is_space(c) && count > 0 {
            continue;
        } else {
            return None;
        }
    }
    if count == 4 {
        Some((value, end))
    } else {
        None
    }
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes a section below 10 000; `leading` drops the `一` of `一十` at the very start.
fn push_section(n: u32, out: &mut String, leading: bool) {
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut started = false;
    let mut zero_pending = false;
    for (d, unit) in parts {
        if d == 0 {
            zero_pending |= started;
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        if !(leading && !started && unit == "十" && d == 1) {
            out.push(DIGITS[d as usize]);
        }
        out.push_str(unit);
        started = true;
    }
}

/// Renders `n` as a canonical Chinese numeral (24 → `二十四`, 10 → `十`, 105 → `一百零五`).
pub fn to_chinese_number(n: u32) -> String {
    let mut out = String::new();
    push_chinese_number(n, &mut out);
    out
}

/// Appends [`to_chinese_number`]`(n)` to `out`.
pub(crate) fn push_chinese_number(n: u32, out: &mut String) {
    if n == 0 {
        out.push('零');
        return;
    }
    let sections = [
        (n / 100_000_000, "亿"),
        (n / 10_000 % 10_000, "万"),
        (n % 10_000, ""),
    ];
    let mut printed = false;
    let mut gap = false;
    for (sec, unit) in sections {
        if sec == 0 {
            gap |= printed;
            continue;
        }
        if printed && (gap || sec < 1000) {
            out.push('零');
        }
        push_section(sec, out, !printed);
        out.push_str(unit);
        printed = true;
        gap = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_numbers() {
        assert_eq!(chinese_number("一"), Some((1, 3)));
        assert_eq!(chinese_number("十"), Some((10, 3)));
        assert_eq!(chinese_number("十二条"), Some((12, 6)));
        assert_eq!(chinese_number("二十四、"), Some((24, 9)));
        assert_eq!(chinese_number("二十"), Some((20, 6)));
        assert_eq!(chinese_number("一百零五"), Some((105, 12)));
        assert_eq!(chinese_number("一百一十"), Some((110, 12)));
        assert_eq!(chinese_number("两百"), Some((200, 6)));
        assert_eq!(chinese_number("三千零二十"), Some((3020, 15)));
        assert_eq!(chinese_number("一百五"), Some((150, 9)));
        assert_eq!(chinese_number("二十九条"), Some((29, 9)));
        assert_eq!(chinese_number("三十一日"), Some((31, 9)));
    }

    #[test]
    fn zero_and_stops() {
        assert_eq!(chinese_number("零"), Some((0, 3)));
        assert_eq!(chinese_number("〇"), Some((0, 3)));
        // Digit-by-digit years are not positional numerals.
        assert_eq!(chinese_number("二〇二五"), Some((2, 3)));
        // A dangling zero is given back.
        assert_eq!(chinese_number("一百零"), Some((100, 6)));
        assert_eq!(chinese_number("十四五"), Some((14, 6)));
        assert_eq!(chinese_number("一百O五"), Some((105, 10)));
        assert_eq!(chinese_number("一百O"), Some((100, 6)));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(chinese_number(""), None);
        assert_eq!(chinese_number("百"), None);
        assert_eq!(chinese_number("是"), None);
        assert_eq!(chinese_number("1"), None);
        assert_eq!(chinese_number("O"), None);
    }

    #[test]
    fn digit_years() {
        assert_eq!(chinese_digit_year("二〇二五年"), Some((2025, 12)));
        assert_eq!(chinese_digit_year("二○一二年一月九日"), Some((2012, 12)));
        assert_eq!(chinese_digit_year("二O二一年"), Some((2021, 10)));
        assert_eq!(chinese_digit_year("二 ○ 一 二年"), Some((2012, 15)));
        assert_eq!(chinese_digit_year("二〇二"), None);
        assert_eq!(chinese_digit_year("二〇二五〇"), None);
        assert_eq!(chinese_digit_year("十一月"), None);
        assert_eq!(chinese_digit_year("两〇二五"), None);
    }

    #[test]
    fn render() {
        assert_eq!(to_chinese_number(0), "零");
        assert_eq!(to_chinese_number(1), "一");
        assert_eq!(to_chinese_number(10), "十");
        assert_eq!(to_chinese_number(15), "十五");
        assert_eq!(to_chinese_number(24), "二十四");
        assert_eq!(to_chinese_number(105), "一百零五");
        assert_eq!(to_chinese_number(110), "一百一十");
        assert_eq!(to_chinese_number(1005), "一千零五");
        assert_eq!(to_chinese_number(1050), "一千零五十");
        assert_eq!(to_chinese_number(10010), "一万零一十");
        assert_eq!(to_chinese_number(100000), "十万");
        assert_eq!(to_chinese_number(100_000_005), "一亿零五");
    }

    #[test]
    fn roundtrip_below_10000() {
        for n in 1..10_000u32 {
            let s = to_chinese_number(n);
            assert_eq!(chinese_number(&s), Some((n, s.len())), "{n} {s}");
        }
    }

    #[test]
    fn digits_told_by_bytes_are_the_digits() {
        for c in ['一', '二', '两', '三', '四', '五', '六', '七', '八', '九'] {
            let mut buf = [0u8; 4];
            assert_eq!(
                digit_bytes(c.encode_utf8(&mut buf).as_bytes()),
                cn_digit(c),
                "{c}"
            );
        }
        for c in ('\u{0}'..='\u{FFFF}').filter(|c| cn_digit(*c).is_none()) {
            let mut buf = [0u8; 4];
            assert_eq!(digit_bytes(c.encode_utf8(&mut buf).as_bytes()), None, "{c}");
        }
    }

    #[test]
    fn numerals_of_two_chars_as_char_by_char() {
        // Every pair of a digit and any char below U+10000, and a few third chars: the bytes'
        // shortcut must agree with the loop wherever it answers.
        let digits = [
            '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '零',
        ];
        for d in digits {
            for c in '\u{0}'..='\u{FFFF}' {
                for third in ["", "五", "、", "十"] {
                    let s = format!("{d}{c}{third}");
                    assert_eq!(chinese_number(&s), chinese_number_by_chars(&s), "{s}");
                }
            }
        }
    }

    #[test]
    fn tens_as_char_by_char() {
        // `十` and a digit and `十`, then any char below U+10000 and a few more: the bytes' tens
        // must agree with the loop wherever they answer.
        for tens in ["十", "二十", "两十", "九十", "十十", "一百"] {
            for c in '\u{0}'..='\u{FFFF}' {
                for third in ["", "五", "十", "O", "〇", "百"] {
                    let s = format!("{tens}{c}{third}");
                    assert_eq!(chinese_number(&s), chinese_number_by_chars(&s), "{s}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn chinese_number_as_char_by_char(s in "[一二两三四五六七八九十百千零〇○O是、x1]{0,6}") {
            proptest::prop_assert_eq!(chinese_number(&s), chinese_number_by_chars(&s));
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "十十",
            "千百十",
            "零零",
            "一零",
            "九千九百九十九九",
            "十千",
            "\u{0}",
            "一\u{3000}",
        ] {
            let _ = chinese_number(s);
            let _ = chinese_digit_year(s);
        }
    }
}
