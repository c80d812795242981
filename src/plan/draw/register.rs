//! The two registers of "一单两库": the enterprise register (检查对象名录库) and the inspector
//! register (执法检查人员名录库), as the draw sees them, with their content fingerprints.
//!
//! A register is identified by the SHA-256 of its *canonical form*, a text serialisation of the
//! parsed rows that does not depend on how the file was saved: the encoding (UTF-8, UTF-8 with
//! BOM, GBK), the line ends, the column order, the header language and the row order all drop
//! out. The SHA-256 of the file's bytes is reported beside it. The canonical form is specified in
//! `docs/DRAW.md` ("Canonical registers"):
//!
//! ```text
//! #zouhang-draw/1 enterprises            #zouhang-draw/1 inspectors
//! id⇥name⇥class⇥district⇥lon⇥lat         id⇥name⇥unit⇥district⇥recusal
//! ```
//!
//! one LF-terminated line per row, rows sorted by id (bytes of UTF-8), `\`, TAB, LF and CR in a
//! field written as `\\`, `\t`, `\n`, `\r`; coordinates as WGS-84 micro-degrees written with six
//! decimals; recusal entries sorted, unique, joined by `;`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::{read_sources, ImportReport, Imported};
use crate::model::{LonLat, Source, Supervision};

/// An inspector (执法检查人员) of the inspector register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspector {
    /// Register id (工号 or 执法证号), unique.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit (所属单位), e.g. a 支队 or 大队.
    pub unit: String,
    /// District the inspector belongs to (may be empty for city-level units).
    pub district: String,
    /// Enterprise ids and district names the inspector must not inspect (回避), sorted and
    /// unique.
    pub recusal: Vec<String>,
}

impl Inspector {
    /// Splits a recusal cell into entries: separated by `;` `；` `,` `，` `、` `|` or line
    /// breaks, trimmed, empty entries dropped, sorted and unique.
    ///
    /// ```
    /// use zouhang::plan::draw::Inspector;
    /// assert_eq!(Inspector::split_recusal(" E2；吴江区、E1,E2 "), ["E1", "E2", "吴江区"]);
    /// ```
    pub fn split_recusal(cell: &str) -> Vec<String> {
        cell.split([';', '；', ',', '，', '、', '|', '\n', '\r'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

/// An enterprise as the draw sees it: id, name, class, district and position in integer
/// micro-degrees (so that nothing in the draw depends on floating point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEnterprise {
    /// Register id, unique.
    pub id: String,
    /// Name.
    pub name: String,
    /// Supervision class.
    pub class: Supervision,
    /// District (区县); may be empty.
    pub district: String,
    /// WGS-84 longitude in micro-degrees (degrees × 10⁶, rounded half away from zero).
    pub lon_e6: i64,
    /// WGS-84 latitude in micro-degrees.
    pub lat_e6: i64,
}

impl RegisterEnterprise {
    /// The draw's view of a source.
    pub fn from_source(s: &Source) -> Self {
        RegisterEnterprise {
            id: s.id.clone(),
            name: s.name.clone(),
            class: s.supervision,
            district: s.district.clone(),
            lon_e6: to_e6(s.location.lon),
            lat_e6: to_e6(s.location.lat),
        }
    }

    /// The position in degrees.
    pub fn location(&self) -> LonLat {
        LonLat::new(self.lon_e6 as f64 / 1e6, self.lat_e6 as f64 / 1e6)
    }
}

/// Degrees to micro-degrees: the IEEE-754 product `v × 10⁶` rounded half away from zero.
///
/// ```
/// use zouhang::plan::draw::to_e6;
/// assert_eq!(to_e6(120.6284), 120_628_400);
/// assert_eq!(to_e6(-0.0000005), -1);
/// ```
pub fn to_e6(v: f64) -> i64 {
    let x = (v * 1e6).round();
    if x.is_finite() {
        x as i64
    } else {
        0
    }
}

/// Micro-degrees as a decimal with six places: `120628400` → `120.628400`.
pub fn format_e6(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000)
}

/// Escapes a field for the canonical form: `\` → `\\`, TAB → `\t`, LF → `\n`, CR → `\r`.
pub fn escape_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn canonical(header: &str, mut lines: Vec<(String, String)>) -> String {
    // sort by id, then by the whole line (only duplicates of an id need the second key)
    lines.sort();
    let mut out = String::from(header);
    for (_, line) in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The canonical form of an enterprise register (see the module docs).
pub fn canonical_enterprises(items: &[RegisterEnterprise]) -> String {
    let lines = items
        .iter()
        .map(|e| {
            let line = [
                escape_field(&e.id),
                escape_field(&e.name),
                e.class.label().to_string(),
                escape_field(&e.district),
                format_e6(e.lon_e6),
                format_e6(e.lat_e6),
            ]
            .join("\t");
            (e.id.clone(), line)
        })
        .collect();
    canonical("#zouhang-draw/1 enterprises\n", lines)
}

/// The canonical form of an inspector register (see the module docs).
pub fn canonical_inspectors(items: &[Inspector]) -> String {
    let lines = items
        .iter()
        .map(|i| {
            let recusal: BTreeSet<&str> = i.recusal.iter().map(String::as_str).collect();
            let line = [
                escape_field(&i.id),
                escape_field(&i.name),
                escape_field(&i.unit),
                escape_field(&i.district),
                escape_field(&recusal.into_iter().collect::<Vec<_>>().join(";")),
            ]
            .join("\t");
            (i.id.clone(), line)
        })
        .collect();
    canonical("#zouhang-draw/1 inspectors\n", lines)
}

/// A register: its rows, where it came from, and its fingerprints.
#[derive(Debug, Clone, PartialEq)]
pub struct Register<T> {
    file: String,
    items: Vec<T>,
    raw_sha256: Option<String>,
    canonical_sha256: String,
    issues: Vec<Issue>,
}

/// The enterprise register of a draw.
pub type EnterpriseRegister = Register<RegisterEnterprise>;
/// The inspector register of a draw.
pub type InspectorRegister = Register<Inspector>;

impl<T> Register<T> {
    /// File name as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The rows, in file order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the register has no rows.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// SHA-256 of the file's bytes, when the register came from a file.
    pub fn raw_sha256(&self) -> Option<&str> {
        self.raw_sha256.as_deref()
    }

    /// SHA-256 of the canonical form (the register's identity in the draw).
    pub fn canonical_sha256(&self) -> &str {
        &self.canonical_sha256
    }

    /// Problems that concern the draw (found when the register was read): an error here makes
    /// the draw refuse the register.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }
}

impl EnterpriseRegister {
    /// A register of enterprises; `raw` are the file's bytes when known.
    pub fn new(file: &str, items: Vec<RegisterEnterprise>, raw: Option<&[u8]>) -> Self {
        let canonical_sha256 = sha256_hex(canonical_enterprises(&items).as_bytes());
        Register {
            file: file.to_string(),
            items,
            raw_sha256: raw.map(sha256_hex),
            canonical_sha256,
            issues: Vec::new(),
        }
    }

    /// A register from imported sources (an enterprise register read by
    /// [`crate::io::read_sources`]) and the file's bytes, with the checks the draw needs: an id
    /// column is required (ids must not depend on row order); a missing class or district column,
    /// and ids or names the reader had to make up, are warned about.
    pub fn from_import(imported: &Imported<Source>, raw: &[u8]) -> Self {
        let report = &imported.report;
        let items: Vec<RegisterEnterprise> = imported
            .items
            .iter()
            .map(RegisterEnterprise::from_source)
            .collect();
        let mut reg = EnterpriseRegister::new(&report.file, items, Some(raw));
        reg.issues = import_checks(report, &imported.items);
        reg
    }

    /// Reads an enterprise register file (CSV or GeoJSON, any encoding the import rules know)
    /// in `crs`; the draw's own checks are added to the returned report.
    pub fn read(bytes: &[u8], file: &str, crs: Crs) -> (Self, ImportReport) {
        let imported = read_sources(bytes, file, crs);
        let reg = EnterpriseRegister::from_import(&imported, bytes);
        let mut report = imported.report;
        for i in reg.issues() {
            report.push(i.clone());
        }
        (reg, report)
    }

    /// Counts per class and district.
    pub fn summary(&self) -> RegisterSummary {
        let mut by_district: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for e in &self.items {
            let slot = by_district.entry(e.district.clone()).or_default();
            slot[class_index(e.class)] += 1;
        }
        let mut classes = [0usize; 3];
        for c in by_district.values() {
            for (t, n) in classes.iter_mut().zip(c) {
                *t += n;
            }
        }
        RegisterSummary {
            file: self.file.clone(),
            rows: self.items.len(),
            canonical_sha256: self.canonical_sha256.clone(),
            raw_sha256: self.raw_sha256.clone(),
            classes: Some(ClassCounts::from(classes)),
            districts: by_district
                .into_iter()
                .map(|(district, c)| DistrictCount {
                    district,
                    counts: ClassCounts::from(c),
                })
                .collect(),
        }
    }
}

impl InspectorRegister {
    /// A register of inspectors; `raw` are the file's bytes when known.
    pub fn new(file: &str, items: Vec<Inspector>, raw: Option<&[u8]>) -> Self {
        let canonical_sha256 = sha256_hex(canonical_inspectors(&items).as_bytes());
        Register {
            file: file.to_string(),
            items,
            raw_sha256: raw.map(sha256_hex),
            canonical_sha256,
            issues: Vec::new(),
        }
    }

    /// Reads an inspector register file (see [`crate::io::read_inspectors`]).
    pub fn read(bytes: &[u8], file: &str) -> (Self, ImportReport) {
        let imported = crate::io::read_inspectors(bytes, file);
        let reg = InspectorRegister::new(file, imported.items, Some(bytes));
        (reg, imported.report)
    }

    /// Counts per district.
    pub fn summary(&self) -> RegisterSummary {
        let mut by_district: BTreeMap<String, usize> = BTreeMap::new();
        for i in &self.items {
            *by_district.entry(i.district.clone()).or_default() += 1;
        }
        RegisterSummary {
            file: self.file.clone(),
            rows: self.items.len(),
            canonical_sha256: self.canonical_sha256.clone(),
            raw_sha256: self.raw_sha256.clone(),
            classes: None,
            districts: by_district
                .into_iter()
                .map(|(district, n)| DistrictCount {
                    district,
                    counts: ClassCounts {
                        total: n,
                        ..ClassCounts::default()
                    },
                })
                .collect(),
        }
    }
}

/// The embedded demo registers (`data/suzhou/enterprises_demo.csv` and
/// `data/suzhou/inspectors_demo.csv`): the browser's default, and the command line's when no
/// register files are given.
pub fn demo_registers() -> (EnterpriseRegister, InspectorRegister) {
    use crate::embedded::{ENTERPRISES_DEMO_CSV, INSPECTORS_DEMO_CSV};
    let (e, _) = EnterpriseRegister::read(
        ENTERPRISES_DEMO_CSV.as_bytes(),
        "enterprises_demo.csv",
        Crs::Wgs84,
    );
    let (i, _) = InspectorRegister::read(INSPECTORS_DEMO_CSV.as_bytes(), "inspectors_demo.csv");
    (e, i)
}

/// Index of a class in `[重点, 特殊, 一般]`, the order strata are listed in.
pub(crate) fn class_index(c: Supervision) -> usize {
    match c {
        Supervision::Key => 0,
        Supervision::Special => 1,
        Supervision::General => 2,
    }
}

/// Ids the enterprise reader makes up for a row without one: `R-` and the row number.
fn is_generated_id(id: &str) -> bool {
    id.strip_prefix("R-")
        .is_some_and(|d| d.len() >= 4 && d.bytes().all(|b| b.is_ascii_digit()))
}

fn import_checks(report: &ImportReport, sources: &[Source]) -> Vec<Issue> {
    let file = report.file.clone();
    let mut out = Vec::new();
    let loaded = !sources.is_empty();
    if loaded && !report.columns.contains_key("id") {
        out.push(
            Issue::error(
                "E_DRAW_NO_ID_COLUMN",
                "企业名录没有编号列：抽取结果须以编号公布，且编号不能随行序变化",
                "加入“编号”或“统一社会信用代码”列",
            )
            .in_file(&file),
        );
    } else {
        let generated: Vec<&str> = sources
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| is_generated_id(id))
            .collect();
        if !generated.is_empty() {
            out.push(
                Issue::warning(
                    "W_DRAW_GENERATED_ID",
                    format!(
                        "{} 家企业编号为空，已按行号生成（{}）：调整行序会改变名录指纹和抽取结果",
                        generated.len(),
                        generated
                            .iter()
                            .take(5)
                            .copied()
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                    "补全这些企业的编号",
                )
                .in_file(&file)
                .at_field("id"),
            );
        }
    }
    if loaded && !report.columns.contains_key("supervision") && !report.columns.contains_key("key")
    {
        out.push(
            Issue::warning(
                "W_DRAW_NO_CLASS",
                "企业名录没有监管类别列：全部按“一般”抽取",
                "加入“监管类别”列（重点/特殊/一般）",
            )
            .in_file(&file),
        );
    }
    if loaded && !report.columns.contains_key("district") {
        out.push(
            Issue::warning(
                "W_DRAW_NO_DISTRICT",
                "企业名录没有区县列：不能按区县分层",
                "加入“区县”列，或在规则中关闭按区县分层",
            )
            .in_file(&file),
        );
    }
    out
}

/// Counts of a register per class (enterprises) or in total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClassCounts {
    /// 重点.
    #[serde(rename = "重点")]
    pub key: usize,
    /// 特殊.
    #[serde(rename = "特殊")]
    pub special: usize,
    /// 一般.
    #[serde(rename = "一般")]
    pub general: usize,
    /// All.
    pub total: usize,
}

impl From<[usize; 3]> for ClassCounts {
    fn from(c: [usize; 3]) -> Self {
        ClassCounts {
            key: c[0],
            special: c[1],
            general: c[2],
            total: c[0] + c[1] + c[2],
        }
    }
}

/// Counts of one district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictCount {
    /// District (empty when not given).
    pub district: String,
    /// Counts per class (inspectors: `total` only).
    pub counts: ClassCounts,
}

/// What a register holds, for the summary on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSummary {
    /// File name.
    pub file: String,
    /// Rows.
    pub rows: usize,
    /// SHA-256 of the canonical form.
    pub canonical_sha256: String,
    /// SHA-256 of the file's bytes.
    pub raw_sha256: Option<String>,
    /// Counts per class (enterprises only).
    pub classes: Option<ClassCounts>,
    /// Counts per district, districts in byte order.
    pub districts: Vec<DistrictCount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(id: &str, class: Supervision, district: &str) -> RegisterEnterprise {
        RegisterEnterprise {
            id: id.into(),
            name: format!("企业{id}"),
            class,
            district: district.into(),
            lon_e6: 120_600_000,
            lat_e6: -31_300_001,
        }
    }

    #[test]
    fn canonical_form_is_sorted_escaped_and_order_free() {
        let mut a = vec![
            ent("B2", Supervision::Key, "吴江区"),
            ent("A1", Supervision::General, "a\tb\\c"),
        ];
        let text = canonical_enterprises(&a);
        assert_eq!(
            text,
            "#zouhang-draw/1 enterprises\n\
             A1\t企业A1\t一般\ta\\tb\\\\c\t120.600000\t-31.300001\n\
             B2\t企业B2\t重点\t吴江区\t120.600000\t-31.300001\n"
        );
        a.reverse();
        assert_eq!(canonical_enterprises(&a), text);
        assert_eq!(
            EnterpriseRegister::new("x", a.clone(), None).canonical_sha256(),
            sha256_hex(text.as_bytes())
        );
    }

    #[test]
    fn micro_degrees() {
        assert_eq!(format_e6(-500_000), "-0.500000");
        assert_eq!(format_e6(0), "0.000000");
        assert_eq!(to_e6(31.2999995), 31_300_000);
        assert_eq!(to_e6(f64::NAN), 0);
    }

    #[test]
    fn inspector_canonical_sorts_recusal() {
        let i = Inspector {
            id: "I1".into(),
            name: "甲".into(),
            unit: "支队".into(),
            district: String::new(),
            recusal: vec!["吴江区".into(), "E1".into()],
        };
        assert_eq!(
            canonical_inspectors(&[i]),
            "#zouhang-draw/1 inspectors\nI1\t甲\t支队\t\tE1;吴江区\n"
        );
    }

    #[test]
    fn register_without_id_column_is_refused_and_generated_ids_warned() {
        let csv = "名称,监管类别,区县,经度,纬度\n甲,重点,姑苏区,120.6,31.3\n";
        let (reg, report) = EnterpriseRegister::read(csv.as_bytes(), "e.csv", Crs::Wgs84);
        assert_eq!(reg.len(), 1);
        assert!(report
            .errors
            .iter()
            .any(|i| i.code == "E_DRAW_NO_ID_COLUMN"));
        let csv = "编号,名称,经度,纬度\n,甲,120.6,31.3\nX,乙,120.6,31.3\n";
        let (reg, _) = EnterpriseRegister::read(csv.as_bytes(), "e.csv", Crs::Wgs84);
        let codes: Vec<_> = reg.issues().iter().map(|i| i.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "W_DRAW_GENERATED_ID",
                "W_DRAW_NO_CLASS",
                "W_DRAW_NO_DISTRICT"
            ]
        );
    }
}
