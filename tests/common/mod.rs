//! Helpers shared by the corpus tests.

/// The cell keys of `table` ("t3.", "t4.") in row order, from the schema of
/// `template` ("2019", else 2021).
pub fn table_keys(template: &str, table: &str) -> Vec<String> {
    let t = if template == "2019" {
        nianbao::schema::Template::T2019
    } else {
        nianbao::schema::Template::T2021
    };
    nianbao::schema::schema(t)
        .keys
        .iter()
        .filter(|k| k.starts_with(table))
        .cloned()
        .collect()
}
