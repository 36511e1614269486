//! Character classes for canonical text: each function takes one `char` and returns whether it
//! belongs to a class (or its ASCII counterpart), using explicit code-point ranges named after the
//! Unicode blocks (Unicode 15.1, `Blocks.txt`) they come from.

/// True for a CJK ideograph (URO, Extensions A–I, compatibility ideographs) or 〇 (U+3007).
#[inline]
pub fn is_cjk(c: char) -> bool {
    let u = c as u32;
    // The URO is by far the most frequent case in real text, so it is tested first.
    (0x4E00..=0x9FFF).contains(&u) // CJK Unified Ideographs (URO)
        || u == 0x3007 // 〇 IDEOGRAPHIC NUMBER ZERO (CJK Symbols and Punctuation)
        || matches!(u,
            0x3400..=0x4DBF       // CJK Unified Ideographs Extension A
            | 0xF900..=0xFAFF     // CJK Compatibility Ideographs
            | 0x20000..=0x2A6DF   // Extension B
            | 0x2A700..=0x2B73F   // Extension C
            | 0x2B740..=0x2B81F   // Extension D
            | 0x2B820..=0x2CEAF   // Extension E
            | 0x2CEB0..=0x2EBEF   // Extension F
            | 0x2EBF0..=0x2EE5F   // Extension I (Unicode 15.1)
            | 0x2F800..=0x2FA1F   // CJK Compatibility Ideographs Supplement
            | 0x30000..=0x3134F   // Extension G
            | 0x31350..=0x323AF   // Extension H
        )
}

/// True for punctuation that belongs to Chinese text (full-width forms, CJK punctuation, “”‘’…—–·).
#[inline]
pub fn is_fullwidth_punct(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x303F       // CJK Symbols and Punctuation, minus U+3000 (a space, see `is_space`)
        | 0xFF01..=0xFF0F     // Halfwidth and Fullwidth Forms: ！＂＃＄％＆＇（）＊＋，－．／
        | 0xFF1A..=0xFF20     //   ：；＜＝＞？＠
        | 0xFF3B..=0xFF40     //   ［＼］＾＿｀
        | 0xFF5B..=0xFF65     //   ｛｜｝～｟｠ and halfwidth ｡｢｣､･
        | 0xFFE0..=0xFFE6     //   ￠￡￢￣￤￥￦ (￥ prefixes amounts in Chinese text)
        | 0xFE10..=0xFE19     // Vertical Forms
        | 0xFE30..=0xFE4F     // CJK Compatibility Forms
        | 0xFE50..=0xFE6B     // Small Form Variants (﹐﹑﹒ in Traditional Chinese text)
        // General Punctuation / Latin-1 marks that Chinese typesetting sets full width:
        | 0x2013..=0x2015     // – — ―
        | 0x2018 | 0x2019     // ‘ ’
        | 0x201C | 0x201D     // “ ”
        | 0x2025..=0x2027     // ‥ … ‧
        | 0x203B              // ※
        | 0x00B7              // · (name separator)
    )
}

/// True for anything that makes its neighbourhood "Chinese text": ideographs, CJK punctuation, kana, hangul, enclosed numbers, Roman numerals.
#[inline]
pub fn is_cjkish(c: char) -> bool {
    let u = c as u32;
    if u < 0x00B7 {
        // Fast exit for ASCII and Latin-1 (nothing below U+00B7 is CJK-ish).
        return false;
    }
    is_cjk(c)
        || is_fullwidth_punct(c)
        || matches!(u,
            0x3040..=0x309F       // Hiragana
            | 0x30A0..=0x30FF     // Katakana
            | 0x31F0..=0x31FF     // Katakana Phonetic Extensions
            | 0xFF66..=0xFF9F     // Halfwidth Katakana (Halfwidth and Fullwidth Forms)
            | 0x1100..=0x11FF     // Hangul Jamo
            | 0x3130..=0x318F     // Hangul Compatibility Jamo
            | 0xA960..=0xA97F     // Hangul Jamo Extended-A
            | 0xAC00..=0xD7AF     // Hangul Syllables
            | 0xD7B0..=0xD7FF     // Hangul Jamo Extended-B
            | 0xFFA0..=0xFFDC     // Halfwidth Hangul (Halfwidth and Fullwidth Forms)
            | 0x2460..=0x24FF     // Enclosed Alphanumerics: ①–⑳, ⑴–⒇, ⒈–⒛, ⓪…
            | 0x3200..=0x32FF     // Enclosed CJK Letters and Months: ㈠–㈩ (U+3220–3229), ㊀…
            | 0x2160..=0x2188     // Number Forms: Roman numerals Ⅰ–Ⅻ, ⅰ–ⅻ …
            | 0x2E80..=0x2EFF     // CJK Radicals Supplement (PDF extraction emits these for ideographs)
            | 0x2F00..=0x2FDF     // Kangxi Radicals (likewise)
            | 0x2FF0..=0x2FFF     // Ideographic Description Characters
            | 0x3100..=0x312F     // Bopomofo
            | 0x3190..=0x319F     // Kanbun
            | 0x31A0..=0x31BF     // Bopomofo Extended
            | 0x31C0..=0x31EF     // CJK Strokes
            | 0x3300..=0x33FF     // CJK Compatibility (㎡ ㎏ … follow Chinese numbers)
        )
}

/// Maps a full-width ASCII digit or letter (U+FF10–FF19, FF21–FF3A, FF41–FF5A) to ASCII; `None` for anything else, punctuation included.
#[inline]
pub fn fullwidth_to_ascii(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        // Halfwidth and Fullwidth Forms sit at a fixed offset of U+FEE0 from Basic Latin.
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => char::from_u32(u - 0xFEE0),
        _ => None,
    }
}

/// True for invisible characters that are dropped: ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM/ZWNBSP, SOFT HYPHEN.
#[inline]
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// True for horizontal white space that becomes an ASCII space (never a line break).
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
        | '\u{00A0}'              // NO-BREAK SPACE (Latin-1 Supplement)
        | '\u{3000}'              // IDEOGRAPHIC SPACE (CJK Symbols and Punctuation)
        // General Punctuation spaces. U+2000/U+2001 are included although NFC already maps them to
        // U+2002/U+2003, so callers testing raw text get the same answer.
        | '\u{2000}'
            ..='\u{200A}'
        | '\u{202F}'              // NARROW NO-BREAK SPACE
        | '\u{205F}' // MEDIUM MATHEMATICAL SPACE
    )
}

/// `c.is_alphanumeric()`, with the two commonest cases of Chinese text (ASCII and the URO
/// ideographs, all letters) answered without the Unicode tables.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if matches!(c, '\u{4E00}'..='\u{9FFF}') {
        true
    } else if matches!(
        c,
        '，' | '。' | '、' | '：' | '；' | '（' | '）' | '“' | '”' | '《' | '》' | '！' | '？'
    ) {
        false
    } else {
        c.is_alphanumeric()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn fast_alphanumeric_is_std_alphanumeric() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_alphanumeric(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    use super::*;

    #[test]
    fn cjk_covers_blocks_and_ideographic_zero() {
        for c in [
            '中',
            '〇',
            '㐀',
            '\u{9FFF}',
            '\u{20000}',
            '\u{2EBF0}',
            '\u{323AF}',
            '\u{F900}',
            '\u{2F800}',
        ] {
            assert!(is_cjk(c), "{c:?}");
        }
        for c in ['a', '1', '，', '。', 'あ', '가', '\u{4DC0}', '\u{3006}'] {
            assert!(!is_cjk(c), "{c:?}");
        }
    }

    #[test]
    fn fullwidth_punct_is_chinese_punctuation_only() {
        for c in "《》〈〉【】〔〕（）。，、；：？！“”‘’…—–·．％［］～｡､".chars()
        {
            assert!(is_fullwidth_punct(c), "{c:?}");
        }
        for c in ['\u{3000}', ',', '(', '"', '.', 'Ａ', '０', '中'] {
            assert!(!is_fullwidth_punct(c), "{c:?}");
        }
    }

    #[test]
    fn cjkish_adds_kana_hangul_enclosed_and_roman() {
        for c in "中，あア가①⑳㈠㈩ⅠⅫ⑴⒈㎡".chars() {
            assert!(is_cjkish(c), "{c:?}");
        }
        for c in "aZ09.,:;()%-/ \u{00A0}\u{3000}é".chars() {
            assert!(!is_cjkish(c), "{c:?}");
        }
    }

    #[test]
    fn fullwidth_letters_and_digits_only() {
        assert_eq!(fullwidth_to_ascii('２'), Some('2'));
        assert_eq!(fullwidth_to_ascii('０'), Some('0'));
        assert_eq!(fullwidth_to_ascii('Ａ'), Some('A'));
        assert_eq!(fullwidth_to_ascii('ｚ'), Some('z'));
        for c in "．％，（）－／：＠［｀｛".chars() {
            assert_eq!(fullwidth_to_ascii(c), None, "{c:?}");
        }
    }

    #[test]
    fn zero_width_and_spaces() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
        ] {
            assert!(is_zero_width(c));
            assert!(!is_space(c));
        }
        for c in [
            ' ', '\t', '\u{00A0}', '\u{3000}', '\u{2002}', '\u{200A}', '\u{202F}', '\u{205F}',
        ] {
            assert!(is_space(c), "{c:?}");
        }
        for c in ['\n', '\r', '\u{2028}', 'a'] {
            assert!(!is_space(c), "{c:?}");
        }
    }
}
