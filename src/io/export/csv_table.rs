//! CSV output for spreadsheets: UTF-8 with a BOM (so that Excel in China shows Chinese text
//! correctly), CRLF line ends, fields quoted when needed by the `csv` crate.

/// A CSV table built row by row.
#[derive(Debug, Clone, Default)]
pub struct CsvTable {
    rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// A table with a header row.
    pub fn new(headers: &[&str]) -> Self {
        CsvTable {
            rows: vec![headers.iter().map(|h| h.to_string()).collect()],
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The table as text with a UTF-8 BOM.
    ///
    /// ```
    /// use zouhang::io::CsvTable;
    /// let mut t = CsvTable::new(&["名称", "备注"]);
    /// t.push(vec!["甲,乙".into(), "x".into()]);
    /// assert_eq!(t.to_text(), "\u{feff}名称,备注\r\n\"甲,乙\",x\r\n");
    /// ```
    pub fn to_text(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for r in &self.rows {
            // writing to a Vec cannot fail
            let _ = w.write_record(r);
        }
        let bytes = w.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }
}
