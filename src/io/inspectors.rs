//! Inspector registers (执法检查人员名录库) for random inspections.
//!
//! Columns (any of the aliases): id (required), name, unit, district, and a recusal list
//! (回避): enterprise ids or district names the inspector must not inspect, in one cell
//! separated by `;` `；` `,` `，` `、` or `|`. The foundation's import rules apply: UTF-8 (with or
//! without BOM), GBK or UTF-16; Chinese or English headers; one located issue per bad row.

use std::collections::BTreeSet;

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::rows::read_items;
use crate::io::table::FieldSpec;
use crate::io::{ImportKind, Imported};
use crate::plan::draw::Inspector;

const SPECS: &[FieldSpec] = &[
    FieldSpec {
        key: "id",
        aliases: &[
            "编号",
            "人员编号",
            "工号",
            "执法证号",
            "执法证编号",
            "证件号",
            "id",
            "code",
            "inspectorid",
        ],
        required: true,
    },
    FieldSpec {
        key: "name",
        aliases: &["姓名", "名称", "人员姓名", "执法人员", "name"],
        required: false,
    },
    FieldSpec {
        key: "unit",
        aliases: &[
            "单位",
            "所属单位",
            "部门",
            "所在单位",
            "执法单位",
            "unit",
            "department",
            "agency",
        ],
        required: false,
    },
    FieldSpec {
        key: "district",
        aliases: &[
            "区县",
            "所属区县",
            "辖区",
            "行政区",
            "所属区",
            "district",
            "county",
        ],
        required: false,
    },
    FieldSpec {
        key: "recusal",
        aliases: &[
            "回避",
            "回避名单",
            "回避对象",
            "回避企业",
            "回避区县",
            "回避企业或区县",
            "recusal",
            "recusals",
            "exclude",
            "excluded",
            "conflicts",
        ],
        required: false,
    },
];

/// Reads an inspector register (CSV, or GeoJSON points with these properties).
///
/// ```
/// use zouhang::io::read_inspectors;
/// let csv = "工号,姓名,所属单位,区县,回避名单\nI01,张三,姑苏大队,姑苏区,\"E1;吴江区\"\n";
/// let r = read_inspectors(csv.as_bytes(), "i.csv");
/// assert_eq!(r.items[0].recusal, ["E1", "吴江区"]);
/// assert_eq!(r.report.columns["recusal"], "回避名单");
/// ```
pub fn read_inspectors(bytes: &[u8], file: &str) -> Imported<Inspector> {
    let mut imported = read_items(
        bytes,
        file,
        ImportKind::Inspectors,
        Crs::Wgs84,
        SPECS,
        |map, row, _warnings| {
            let id = map.cell(row, "id").ok_or_else(|| {
                Issue::error(
                    "E_MISSING_VALUE",
                    "执法人员编号为空",
                    "填写工号或执法证号（每人唯一）",
                )
                .in_file(file)
                .at_row(row.line)
                .at_field(map.header("id"))
            })?;
            let cell = |k: &str| map.cell(row, k).unwrap_or_default().to_string();
            Ok(Inspector {
                id: id.to_string(),
                name: cell("name"),
                unit: cell("unit"),
                district: cell("district"),
                recusal: Inspector::split_recusal(&cell("recusal")),
            })
        },
    );
    let mut seen = BTreeSet::new();
    let mut dups = BTreeSet::new();
    for i in &imported.items {
        if !seen.insert(i.id.as_str()) {
            dups.insert(i.id.clone());
        }
    }
    for id in dups {
        imported.report.push(
            Issue::warning(
                "W_DUPLICATE_ID",
                format!("编号「{id}」出现多次"),
                "每名执法人员只能有一行：合并重复行（抽取会拒绝重复编号）",
            )
            .in_file(file)
            .at_field("id"),
        );
    }
    imported
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::encode_gbk;

    #[test]
    fn english_headers_gbk_and_bad_rows() {
        let csv = "id,name,unit,district,recusal\nA,甲,一大队,姑苏区,E1、E2\n,乙,二大队,,\nB,丙,,,\nA,丁,,,\n";
        let r = read_inspectors(&encode_gbk(csv), "i.csv");
        assert_eq!(r.report.encoding, "GBK");
        assert_eq!(r.items.len(), 3);
        assert_eq!(r.items[0].recusal, ["E1", "E2"]);
        assert_eq!(r.report.errors.len(), 1);
        assert_eq!(r.report.errors[0].row, Some(3));
        assert_eq!(r.report.warnings[0].code, "W_DUPLICATE_ID");
    }

    #[test]
    fn missing_id_column_is_a_file_level_error() {
        let r = read_inspectors("姓名,单位\n甲,一大队\n".as_bytes(), "i.csv");
        assert!(r.items.is_empty());
        assert_eq!(r.report.errors[0].code, "E_MISSING_COLUMN");
    }
}
