//! Delimited text tables with header mapping.
//!
//! A user's CSV may come from Excel in China (GBK, Chinese headers such as 名称/经度/纬度), from a
//! GIS tool (English headers, `lon`/`lng`/`longitude`) or from a web export (UTF-8 with BOM, tab
//! separated). [`read_table`] decodes the bytes, sniffs the delimiter and parses rows with the
//! `csv` crate; [`ColumnMap::resolve`] maps the file's headers to the fields a reader needs
//! through alias lists, and the mapping is reported back to the user.

use std::collections::BTreeMap;

use crate::error::Issue;
use crate::io::decode::decode_text;
use crate::io::ImportError;

/// One field a reader understands, with the header names that mean it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Stable key used in reports (`lon`, `lat`, `name`, …).
    pub key: &'static str,
    /// Header aliases, compared after normalisation (see [`normalise_header`]).
    pub aliases: &'static [&'static str],
    /// Whether the file must have this column.
    pub required: bool,
}

/// A parsed table: header row and data rows with their spreadsheet row numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File name as given by the user.
    pub file: String,
    /// Encoding detected (see [`crate::io::decode_text`]).
    pub encoding: &'static str,
    /// Field delimiter detected.
    pub delimiter: char,
    /// Header cells as written (trimmed).
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
    /// Problems met while reading rows (malformed CSV records).
    pub issues: Vec<Issue>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row number as a spreadsheet shows it (header = 1).
    pub line: u64,
    /// Cells, trimmed.
    pub cells: Vec<String>,
}

/// Normalises a header for matching: lower case, full-width to ASCII, bracketed notes removed
/// (`经度(WGS84)` → `经度`), spaces, `_`, `-` and `.` removed.
///
/// ```
/// use zouhang::io::normalise_header;
/// assert_eq!(normalise_header(" Longitude (WGS-84) "), "longitude");
/// assert_eq!(normalise_header("经度（°）"), "经度");
/// assert_eq!(normalise_header("acq_time"), "acqtime");
/// ```
pub fn normalise_header(h: &str) -> String {
    let ascii = fullwidth_to_ascii(h.trim_start_matches('\u{feff}'));
    let mut out = String::new();
    let mut depth = 0usize;
    for c in ascii.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ' ' | '_' | '-' | '.' | '\t' | '*' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Replaces full-width ASCII variants (U+FF01–U+FF5E, e.g. `１２０．５`, `（`) and the
/// ideographic space with their ASCII forms.
pub fn fullwidth_to_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Reads a delimited table from file bytes.
///
/// Blank lines and lines starting with `#` before the header are skipped (Himawari files and
/// some exports carry such comment lines). Rows may have fewer or more cells than the header;
/// readers report a missing cell when they need it. A malformed record is reported and reading
/// goes on with the next one.
pub fn read_table(bytes: &[u8], file: &str) -> Result<Table, ImportError> {
    let decoded = decode_text(bytes);
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            file: file.to_string(),
        });
    }
    // Skip leading comment and blank lines; count them to keep row numbers right.
    let mut skipped = 0u64;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            skipped += 1;
            offset += line.len();
        } else {
            break;
        }
    }
    let body = text.get(offset..).unwrap_or_default();
    let first_line = body.lines().next().unwrap_or_default();
    let delimiter = sniff_delimiter(first_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(body.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut issues = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line_before = reader.position().line() + skipped;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record
                    .position()
                    .map(|p| p.line() + skipped)
                    .unwrap_or(line_before);
                let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
                if cells.iter().all(|c| c.is_empty()) {
                    continue;
                }
                if headers.is_none() {
                    headers = Some(cells);
                } else {
                    rows.push(Row { line, cells });
                }
            }
            Err(e) => {
                issues.push(
                    Issue::error(
                        "E_CSV_SYNTAX",
                        format!("无法解析此行：{e}"),
                        "检查引号是否成对、分隔符是否一致",
                    )
                    .in_file(file)
                    .at_row(line_before),
                );
                // The csv reader resynchronises at the next record.
                if issues.len() > 10_000 {
                    break;
                }
            }
        }
    }
    let headers = headers.ok_or_else(|| ImportError::NoHeader {
        file: file.to_string(),
    })?;
    Ok(Table {
        file: file.to_string(),
        encoding: decoded.encoding,
        delimiter,
        headers,
        rows,
        issues,
    })
}

/// Picks the delimiter that occurs most often outside quotes in the header line.
fn sniff_delimiter(line: &str) -> char {
    let mut counts = [(',', 0usize), ('\t', 0), (';', 0), ('|', 0), ('，', 0)];
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    let best = counts
        .iter()
        .copied()
        .max_by_key(|&(_, n)| n)
        .unwrap_or((',', 0));
    match best {
        // a full-width comma is not a byte delimiter; such files are rare and read as one column
        ('，', _) | (_, 0) => ',',
        (d, _) => d,
    }
}

/// Which column holds which field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnMap {
    index: BTreeMap<&'static str, usize>,
    /// Field key → header as written in the file.
    pub mapped: BTreeMap<String, String>,
    /// Headers that no field used.
    pub unused: Vec<String>,
}

impl ColumnMap {
    /// Maps `headers` to `specs`. Each spec takes the first header (left to right) matching one
    /// of its aliases; a header is used at most once. Fails when a required field has no column.
    pub fn resolve(
        file: &str,
        headers: &[String],
        specs: &[FieldSpec],
    ) -> Result<ColumnMap, ImportError> {
        let norm: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
        let mut used = vec![false; headers.len()];
        let mut map = ColumnMap::default();
        for spec in specs {
            let aliases: Vec<String> = spec.aliases.iter().map(|a| normalise_header(a)).collect();
            // exact alias match first, in alias order (earlier aliases are preferred)
            let found = aliases.iter().find_map(|a| {
                norm.iter()
                    .enumerate()
                    .find(|(i, h)| !used.get(*i).copied().unwrap_or(true) && *h == a)
                    .map(|(i, _)| i)
            });
            if let Some(i) = found {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                map.index.insert(spec.key, i);
                if let Some(h) = headers.get(i) {
                    map.mapped.insert(spec.key.to_string(), h.clone());
                }
            }
        }
        let missing: Vec<&'static str> = specs
            .iter()
            .filter(|s| s.required && !map.index.contains_key(s.key))
            .map(|s| s.key)
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingColumns {
                file: file.to_string(),
                missing: missing.iter().map(|s| s.to_string()).collect(),
                found: headers.to_vec(),
            });
        }
        map.unused = headers
            .iter()
            .zip(&used)
            .filter(|(_, &u)| !u)
            .map(|(h, _)| h.clone())
            .collect();
        Ok(map)
    }

    /// True when the file has a column for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// The trimmed cell for `key` in `row`, or `None` when the column is absent or the cell
    /// empty.
    pub fn cell<'r>(&self, row: &'r Row, key: &str) -> Option<&'r str> {
        let i = *self.index.get(key)?;
        row.cells
            .get(i)
            .map(|s| s.as_str())
            .filter(|s| !s.is_empty())
    }

    /// The header written in the file for `key` (for locating issues), or the key itself.
    pub fn header(&self, key: &str) -> String {
        self.mapped
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[FieldSpec] = &[
        FieldSpec {
            key: "name",
            aliases: &["名称", "name"],
            required: true,
        },
        FieldSpec {
            key: "lon",
            aliases: &["经度", "lon", "lng", "longitude"],
            required: true,
        },
        FieldSpec {
            key: "lat",
            aliases: &["纬度", "lat", "latitude"],
            required: true,
        },
    ];

    #[test]
    fn reads_tab_separated_with_comments_and_maps_headers() {
        let t = read_table(
            "# exported\n\n名称\t经度（WGS84）\t纬度\t备注\n南门\t120.628\t31.2864\tx\n".as_bytes(),
            "a.csv",
        )
        .unwrap();
        assert_eq!(t.delimiter, '\t');
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 4);
        let m = ColumnMap::resolve("a.csv", &t.headers, SPECS).unwrap();
        assert_eq!(m.cell(&t.rows[0], "lon"), Some("120.628"));
        assert_eq!(m.mapped["lon"], "经度（WGS84）");
        assert_eq!(m.unused, vec!["备注".to_string()]);
    }

    #[test]
    fn missing_required_column_lists_what_was_found() {
        let t = read_table(b"name,x,y\na,1,2\n", "b.csv").unwrap();
        match ColumnMap::resolve("b.csv", &t.headers, SPECS) {
            Err(ImportError::MissingColumns { missing, found, .. }) => {
                assert_eq!(missing, vec!["lon", "lat"]);
                assert_eq!(found, vec!["name", "x", "y"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_header_only_files() {
        assert!(matches!(
            read_table(b"  \n", "e.csv"),
            Err(ImportError::Empty { .. })
        ));
        assert_eq!(read_table(b"a,b\n", "h.csv").unwrap().rows.len(), 0);
    }

    #[test]
    fn fullwidth_digits_are_ascii() {
        assert_eq!(fullwidth_to_ascii("１２０．５"), "120.5");
    }
}
