//! Hostile and broken inputs: every one has a defined outcome, a page or a
//! typed error that names the byte, and never a panic.
//!
//! The regression tests at the end hold the inputs the fuzz targets
//! (`fuzz/`) found, one test each, minimised.

mod common;

use common::parse_checked;

// ---------------------------------------------------------------------------
// Fuzzer finds.

/// An HTML comment (`<!-;t);>`) inside a line of text that is then dropped
/// whole: the comment's span was reported inside the line's, counting its
/// bytes twice. Removed spans are now made disjoint.
#[test]
fn fuzz_comment_inside_a_dropped_line_is_removed_once() {
    let page = parse_checked("page.html", b"<div>-<!-;t);>;").expect("decodes");
    assert_eq!(page.removed.len(), 1);
    assert_eq!((page.removed[0].start, page.removed[0].end), (5, 15));
}

/// A UTF-16BE BOM before bytes that decode to a control character: the
/// binary error named the control's offset in the decoded text (past the
/// end of a short input) instead of in the input.
#[test]
fn fuzz_binary_offset_in_utf16_names_the_input_byte() {
    // BOM, U+4E00 (一), U+0006.
    let err = parse_checked("-", b"\xFE\xFF\x4E\x00\x00\x06").expect_err("binary");
    assert_eq!(err.offset(), 4);
    assert_eq!(
        err.to_string(),
        "expected text, but found a binary control byte at byte 4"
    );
}

/// `年第` of a gazette masthead after an ideograph, with no year before it:
/// the year was looked for one byte past the ideograph's start, inside it,
/// and slicing there panicked.
#[test]
fn fuzz_masthead_year_after_an_ideograph() {
    let page = parse_checked("-", "寑年第".as_bytes()).expect("decodes");
    assert!(page.articles.iter().all(|a| a.gazette.is_none()));
    parse_checked("-", "重庆市人民政府公报\n今年第16期\n".as_bytes()).expect("decodes");
}
