//! DOCX files → text. (Stub: being implemented.)

use super::IngestError;

/// Render a DOCX file to text: see the module docs of [`crate::ingest`].
pub fn extract(bytes: &[u8]) -> Result<String, IngestError> {
    let _ = bytes;
    Err(IngestError::Corrupt("DOCX is not supported yet".into()))
}
