use super::*;
use crate::ingest;

fn parse_str(s: &str) -> Report {
    parse(ingest::ingest(s.as_bytes()).expect("ingest"))
}
