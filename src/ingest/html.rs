//! HTML pages → text. (Stub: being implemented.)

use super::IngestError;

/// Render an HTML page (already decoded) to text: see the module docs of
/// [`crate::ingest`] for the shape of the output.
pub fn extract(html: &str) -> Result<String, IngestError> {
    let _ = html;
    Err(IngestError::Corrupt("HTML is not supported yet".into()))
}
