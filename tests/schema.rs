//! The checked-in JSON Schema must be the one the Rust types generate.

#[test]
fn checked_in_schema_is_current() {
    let generated = gazette::json_schema();
    let path = "schema/gazette-1.schema.json";
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    if std::env::var_os("GAZETTE_BLESS").is_some() {
        std::fs::write(path, format!("{generated}\n")).expect("write schema");
        return;
    }
    assert_eq!(
        checked_in.trim_end(),
        generated,
        "{path} is stale: regenerate it with `GAZETTE_BLESS=1 cargo test --test schema`"
    );
}
