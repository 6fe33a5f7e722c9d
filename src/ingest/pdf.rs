//! PDF files → text.

use super::IngestError;

/// Text rebuilt from a PDF, with the byte offset where each page starts.
pub struct PdfText {
    pub text: String,
    pub pages: Vec<usize>,
}

/// Read the text layer of a PDF. Not supported yet.
pub fn extract(bytes: &[u8]) -> Result<PdfText, IngestError> {
    let _ = bytes;
    Err(IngestError::Pdf("PDF is not supported yet".into()))
}
