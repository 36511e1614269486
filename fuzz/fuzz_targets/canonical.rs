//! Canonical text on any text: normalising twice equals normalising once,
//! appending to a buffer equals returning a string, and the result is valid
//! UTF-8 that survives a round trip through JSON.
#![no_main]

use gazette::normalise::{canonical, canonical_into};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = canonical(&text);
    let twice = canonical(&once);
    assert_eq!(once, twice, "not idempotent on {text:?}");
    assert!(std::str::from_utf8(once.as_bytes()).is_ok());
    let mut buffer = String::from("前文\n");
    canonical_into(&text, &mut buffer);
    assert_eq!(buffer.strip_prefix("前文\n"), Some(once.as_str()));
    let json = serde_json::to_string(&once).expect("a string serialises");
    let back: String = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, once);
});
