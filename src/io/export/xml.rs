//! A small XML writer over `quick-xml` for the GPX and KML exports: every text and attribute is
//! escaped by `quick-xml`, and characters that XML 1.0 forbids even when escaped (most C0
//! controls) are removed first, so that any user text gives a well-formed document.

use std::io::Cursor;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// An indented XML document built element by element. Writing into memory cannot fail, so the
/// methods return nothing.
pub(crate) struct XmlOut {
    w: Writer<Cursor<Vec<u8>>>,
}

/// Removes the characters XML 1.0 does not allow (C0 controls other than tab, LF and CR, the
/// surrogates' replacement is already impossible in a Rust `str`, and U+FFFE/U+FFFF).
pub(crate) fn xml_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

impl XmlOut {
    /// A document with the `<?xml version="1.0" encoding="UTF-8"?>` declaration.
    pub(crate) fn new() -> Self {
        let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        XmlOut { w }
    }

    /// Opens an element with attributes.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            let v = xml_clean(v);
            e.push_attribute((*k, v.as_str()));
        }
        let _ = self.w.write_event(Event::Start(e));
    }

    /// Closes an element.
    pub(crate) fn close(&mut self, name: &str) {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }

    /// An empty element with attributes: `<name a="…"/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            let v = xml_clean(v);
            e.push_attribute((*k, v.as_str()));
        }
        let _ = self.w.write_event(Event::Empty(e));
    }

    /// `<name>text</name>`, the text escaped.
    pub(crate) fn text(&mut self, name: &str, text: &str) {
        self.open(name, &[]);
        let t = xml_clean(text);
        let _ = self.w.write_event(Event::Text(BytesText::new(&t)));
        self.close(name);
    }

    /// `<name>text</name>` only when the text is not empty.
    pub(crate) fn text_if(&mut self, name: &str, text: &str) {
        if !text.trim().is_empty() {
            self.text(name, text);
        }
    }

    /// The document as text.
    pub(crate) fn finish(self) -> String {
        let bytes = self.w.into_inner().into_inner();
        let mut s = String::from_utf8(bytes).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        let mut x = XmlOut::new();
        x.open("a", &[("k", "\"<&>\u{1}")]);
        x.text("b", "<i>甲&乙</i>\u{0}\u{b}");
        x.close("a");
        let s = x.finish();
        assert!(s.contains("k=\"&quot;&lt;&amp;&gt;\""), "{s}");
        assert!(s.contains("<b>&lt;i&gt;甲&amp;乙&lt;/i&gt;</b>"), "{s}");
        assert!(!s.contains('\u{0}') && !s.contains('\u{b}'));
    }
}
