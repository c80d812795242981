//! Enterprise registers and power-plant lists, read as pollution [`Source`]s.
//!
//! Columns (any of the aliases; only a position is required): id, name, industry, category,
//! emission class, key-polluter flag, supervision class, district, and for power plants
//! capacity (MW) and primary fuel. A file with a capacity or fuel column is read as power
//! plants (the WRI Global Power Plant Database layout works as is).

use std::collections::HashSet;

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::rows::{read_items, LAT, LON, LONLAT};
use crate::io::table::FieldSpec;
use crate::io::values::{parse_flag, parse_number, read_position};
use crate::io::{ImportKind, Imported};
use crate::model::{EmissionClass, Source, SourceCategory, SourceKind, Supervision};

const SPECS: &[FieldSpec] = &[
    FieldSpec {
        key: "id",
        aliases: &[
            "编号",
            "企业编号",
            "单位编号",
            "id",
            "code",
            "统一社会信用代码",
            "信用代码",
            "sourceid",
            "enterpriseid",
        ],
        required: false,
    },
    FieldSpec {
        key: "name",
        aliases: &[
            "企业名称",
            "单位名称",
            "名称",
            "name",
            "污染源名称",
            "电厂名称",
        ],
        required: false,
    },
    FieldSpec {
        key: "industry",
        aliases: &[
            "行业",
            "行业类别",
            "所属行业",
            "industry",
            "行业名称",
            "类型",
        ],
        required: false,
    },
    FieldSpec {
        key: "category",
        aliases: &["类别", "源类别", "category", "污染源类别"],
        required: false,
    },
    FieldSpec {
        key: "emission",
        aliases: &[
            "排放类型",
            "污染类型",
            "主要污染物",
            "emission",
            "emissionclass",
        ],
        required: false,
    },
    FieldSpec {
        key: "key",
        aliases: &["重点排污单位", "是否重点", "重点", "key", "keypolluter"],
        required: false,
    },
    FieldSpec {
        key: "supervision",
        aliases: &["监管类别", "监管类型", "监管级别", "supervision", "class"],
        required: false,
    },
    FieldSpec {
        key: "district",
        aliases: &[
            "区县",
            "所属区县",
            "行政区",
            "所属区",
            "district",
            "区",
            "county",
        ],
        required: false,
    },
    LON,
    LAT,
    LONLAT,
    FieldSpec {
        key: "capacity_mw",
        aliases: &["capacitymw", "装机容量", "capacity"],
        required: false,
    },
    FieldSpec {
        key: "fuel",
        aliases: &["primaryfuel", "燃料", "fuel"],
        required: false,
    },
];

/// Reads an enterprise register or power-plant list (CSV or GeoJSON points) in `crs`.
///
/// ```
/// use zouhang::{crs::Crs, io::read_sources, model::SourceCategory};
/// let csv = "企业名称,行业,经度,纬度,区县\n某汽修厂,汽修,120.62,31.29,姑苏区\n";
/// let r = read_sources(csv.as_bytes(), "e.csv", Crs::Wgs84);
/// assert_eq!(r.items[0].category, SourceCategory::CarRepair);
/// assert_eq!(r.items[0].emission.label(), "VOCs");
/// ```
pub fn read_sources(bytes: &[u8], file: &str, crs: Crs) -> Imported<Source> {
    read_sources_as(bytes, file, crs, None)
}

/// Reads a power-plant list (WRI layout: `name,capacity_mw,lat,lon,primary_fuel,…`).
pub fn read_power_plants(bytes: &[u8], file: &str) -> Imported<Source> {
    read_sources_as(bytes, file, Crs::Wgs84, Some(SourceKind::PowerPlant))
}

fn read_sources_as(
    bytes: &[u8],
    file: &str,
    crs: Crs,
    kind_hint: Option<SourceKind>,
) -> Imported<Source> {
    let mut imported = read_items(
        bytes,
        file,
        ImportKind::Enterprises,
        crs,
        SPECS,
        |map, row, warnings| {
            let location = read_position(map, row, file, crs, warnings)?;
            let locate =
                |i: Issue, key: &str| i.in_file(file).at_row(row.line).at_field(map.header(key));
            let kind = kind_hint.unwrap_or(if map.has("capacity_mw") || map.has("fuel") {
                SourceKind::PowerPlant
            } else {
                SourceKind::Enterprise
            });
            let fuel = map.cell(row, "fuel").map(str::to_string);
            let industry = match (map.cell(row, "industry"), kind, &fuel) {
                (Some(i), _, _) => i.to_string(),
                (None, SourceKind::PowerPlant, Some(f)) => power_industry(f).to_string(),
                (None, SourceKind::PowerPlant, None) => "电力".to_string(),
                (None, SourceKind::Enterprise, _) => String::new(),
            };
            let category = match (kind, map.cell(row, "category")) {
                (SourceKind::PowerPlant, _) => SourceCategory::PowerPlant,
                (_, Some(c)) => SourceCategory::of_industry(c),
                (_, None) => SourceCategory::of_industry(&industry),
            };
            let emission = match map.cell(row, "emission") {
                Some(e) => EmissionClass::parse(e).unwrap_or_else(|| {
                    warnings.push(locate(
                        Issue::warning(
                            "W_BAD_CLASS",
                            format!("无法识别的排放类型「{e}」，按行业推断"),
                            "填写 VOCs、NOx、扬尘 或 油烟",
                        ),
                        "emission",
                    ));
                    emission_of(&industry, fuel.as_deref())
                }),
                None => emission_of(&industry, fuel.as_deref()),
            };
            let key_polluter = match map.cell(row, "key") {
                Some(v) => parse_flag(v).unwrap_or_else(|| {
                    warnings.push(locate(
                        Issue::warning(
                            "W_BAD_FLAG",
                            format!("无法识别的是/否值「{v}」，按“否”处理"),
                            "填写 是/否 或 Y/N",
                        ),
                        "key",
                    ));
                    false
                }),
                None => kind == SourceKind::PowerPlant && emission != EmissionClass::Other,
            };
            let supervision = match map.cell(row, "supervision") {
                Some(v) => Supervision::parse(v).unwrap_or_else(|| {
                    warnings.push(locate(
                        Issue::warning(
                            "W_BAD_CLASS",
                            format!("无法识别的监管类别「{v}」，按“一般”处理"),
                            "填写 重点、特殊 或 一般",
                        ),
                        "supervision",
                    ));
                    Supervision::General
                }),
                None if key_polluter => Supervision::Key,
                None => Supervision::General,
            };
            let capacity_mw = match map.cell(row, "capacity_mw") {
                Some(v) => match parse_number(v) {
                    Some(c) if c >= 0.0 => Some(c),
                    _ => {
                        warnings.push(locate(
                            Issue::warning(
                                "W_BAD_NUMBER",
                                format!("装机容量「{v}」不是非负数，已忽略"),
                                "填写以 MW 计的数字",
                            ),
                            "capacity_mw",
                        ));
                        None
                    }
                },
                None => None,
            };
            let prefix = if kind == SourceKind::PowerPlant {
                "PP"
            } else {
                "R"
            };
            let id = map
                .cell(row, "id")
                .map(str::to_string)
                .unwrap_or_else(|| format!("{prefix}-{:04}", row.line));
            let name = map
                .cell(row, "name")
                .map(str::to_string)
                .unwrap_or_else(|| format!("未命名（第{}行）", row.line));
            Ok(Source {
                id,
                name,
                kind,
                industry,
                category,
                emission,
                key_polluter,
                supervision,
                district: map.cell(row, "district").unwrap_or_default().to_string(),
                location,
                capacity_mw,
                fuel,
            })
        },
    );
    warn_duplicate_ids(&mut imported);
    imported
}

/// Reports register ids that occur more than once (the later rows are still loaded, since the
/// two rows may be two sites of one company; the warning says so).
fn warn_duplicate_ids(imported: &mut Imported<Source>) {
    let mut seen = HashSet::new();
    let mut dups = Vec::new();
    for s in &imported.items {
        if !seen.insert(s.id.as_str()) {
            dups.push(s.id.clone());
        }
    }
    for id in dups {
        imported.report.push(
            Issue::warning(
                "W_DUPLICATE_ID",
                format!("编号「{id}」出现多次"),
                "同一编号应只对应一个点位；若为同一企业的多个厂区，请使用不同编号",
            )
            .in_file(imported.report.file.clone())
            .at_field("id"),
        );
    }
}

fn power_industry(fuel: &str) -> &'static str {
    match fuel.trim().to_lowercase().as_str() {
        "coal" | "煤" | "燃煤" => "燃煤发电",
        "gas" | "燃气" | "天然气" => "燃气发电",
        "solar" | "光伏" => "光伏发电",
        "wind" | "风电" => "风力发电",
        "waste" | "biomass" | "垃圾" => "垃圾焚烧发电",
        _ => "电力",
    }
}

/// The main pollutant class implied by an industry (and fuel, for power plants).
pub fn emission_of(industry: &str, fuel: Option<&str>) -> EmissionClass {
    if let Some(f) = fuel {
        return match f.trim().to_lowercase().as_str() {
            "solar" | "wind" | "hydro" | "nuclear" | "光伏" | "风电" => EmissionClass::Other,
            _ => EmissionClass::Nox,
        };
    }
    let has = |keys: &[&str]| keys.iter().any(|k| industry.contains(k));
    if has(&[
        "涂装", "印刷", "包装", "化工", "电子", "印染", "纺织", "汽修", "加油", "石化", "制药",
        "家具", "橡胶", "塑料", "喷涂", "油库",
    ]) {
        EmissionClass::Vocs
    } else if has(&["钢铁", "水泥", "玻璃", "电", "锅炉", "陶瓷", "焦化", "铸造"]) {
        EmissionClass::Nox
    } else if has(&["工地", "建筑", "搅拌", "渣土", "堆场", "码头", "港"]) {
        EmissionClass::Dust
    } else if has(&["餐饮", "饭店", "食堂"]) {
        EmissionClass::Fumes
    } else {
        EmissionClass::Other
    }
}
