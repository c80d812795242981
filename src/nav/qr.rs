//! QR codes for the phone links, as SVG text (no image libraries): error correction level L
//! (the links are long, the screen is clean), black modules on white with the standard 4-module
//! quiet zone.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Why a link could not be put in a QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text is longer than a QR code holds (2,953 bytes at level L).
    #[error("链接太长（{bytes} 字节），无法生成二维码：请减少每段途经点或缩短名称")]
    TooLong {
        /// Length of the text in bytes.
        bytes: usize,
    },
}

/// The QR code of a text as an SVG document, at least 256 × 256 units.
///
/// ```
/// let svg = zouhang::nav::qr_svg("https://uri.amap.com/navigation?to=120.6,31.3,x").unwrap();
/// assert!(svg.contains("<svg") && svg.contains("<path"));
/// ```
pub fn qr_svg(text: &str) -> Result<String, QrError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L)
        .map_err(|_| QrError::TooLong { bytes: text.len() })?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}
