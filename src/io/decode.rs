//! Bytes to text: UTF-8 (with or without BOM), UTF-16 (with BOM, as Excel's "Unicode text"
//! writes) and GBK/GB18030 (what Excel writes in China for "CSV").
//!
//! Detection: a BOM decides; otherwise valid UTF-8 is UTF-8, and anything else is decoded as
//! GB18030 (a superset of GBK and GB2312). A file that is not valid in either is decoded as
//! GB18030 with replacement characters and reported.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from a file and the encoding that was used.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// Name of the encoding used: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE` or `GBK`.
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes file bytes, detecting the encoding as described in the module docs.
///
/// ```
/// use zouhang::io::decode_text;
/// let gbk = [0xc4, 0xcf, 0xc3, 0xc5]; // "南门" in GBK
/// let d = decode_text(&gbk);
/// assert_eq!(d.text, "南门");
/// assert_eq!(d.encoding, "GBK");
/// ```
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let encoding = if enc == UTF_8 {
            "UTF-8 (BOM)"
        } else if enc == UTF_16LE {
            "UTF-16LE"
        } else if enc == UTF_16BE {
            "UTF-16BE"
        } else {
            "GBK"
        };
        return Decoded {
            text: text.into_owned(),
            encoding,
            had_errors,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_string(),
            encoding: "UTF-8",
            had_errors: false,
        },
        Err(_) => {
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: "GBK",
                had_errors,
            }
        }
    }
}

/// Encodes text as GBK (GB18030), for exports meant to be opened in Excel in China.
pub fn encode_gbk(text: &str) -> Vec<u8> {
    let (bytes, _, _) = GB18030.encode(text);
    bytes.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let s = "名称,经度\n南门,120.628\n";
        assert_eq!(decode_text(s.as_bytes()).encoding, "UTF-8");
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice(s.as_bytes());
        let d = decode_text(&bom);
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-8 (BOM)"));
        let gbk = encode_gbk(s);
        let d = decode_text(&gbk);
        assert_eq!((d.text.as_str(), d.encoding), (s, "GBK"));
        let mut u16 = vec![0xff, 0xfe];
        for u in s.encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&u16);
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-16LE"));
    }

    #[test]
    fn never_fails_on_garbage() {
        let d = decode_text(&[0xff, 0x00, 0x81, 0x30, 0xfe]);
        assert_eq!(d.encoding, "GBK");
        assert!(d.had_errors);
    }
}
