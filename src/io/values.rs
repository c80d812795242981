//! Cell values: numbers, coordinates (decimal or degrees-minutes-seconds), yes/no flags, and
//! positions with their datum conversion and plausibility checks.

use crate::crs::Crs;
use crate::error::Issue;
use crate::io::table::{fullwidth_to_ascii, ColumnMap, Row};
use crate::model::LonLat;

/// Parses a decimal number, accepting full-width digits and a trailing unit-free `%`.
///
/// ```
/// use zouhang::io::parse_number;
/// assert_eq!(parse_number(" １２．５ "), Some(12.5));
/// assert_eq!(parse_number("1,234.5"), Some(1234.5));
/// assert_eq!(parse_number("abc"), None);
/// assert_eq!(parse_number("NaN"), None);
/// ```
pub fn parse_number(s: &str) -> Option<f64> {
    let t = fullwidth_to_ascii(s);
    let t = t.trim().trim_end_matches('%').replace(',', "");
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Parses a coordinate in decimal degrees or degrees-minutes-seconds
/// (`120°37'40.8"E`, `120度37分40.8秒`, `31°17′11″N`); `S`/`W` make it negative.
///
/// ```
/// use zouhang::io::parse_coordinate;
/// assert_eq!(parse_coordinate("120.628"), Some(120.628));
/// let v = parse_coordinate("120°37'40.8\"E").unwrap();
/// assert!((v - 120.628).abs() < 1e-9);
/// assert_eq!(parse_coordinate("31度30分S"), Some(-31.5));
/// ```
pub fn parse_coordinate(s: &str) -> Option<f64> {
    if let Some(v) = parse_number(s) {
        return Some(v);
    }
    let t = fullwidth_to_ascii(s).trim().to_uppercase();
    let (t, sign) = match t.chars().last() {
        Some('S') | Some('W') => (&t[..t.len() - 1], -1.0),
        Some('N') | Some('E') => (&t[..t.len() - 1], 1.0),
        _ => (t.as_str(), 1.0),
    };
    let mut parts = Vec::new();
    let mut cur = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() || c == '.' || c == '-' {
            cur.push(c);
        } else if !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut value = 0.0;
    let mut div = 1.0;
    for p in &parts {
        let v: f64 = p.parse().ok()?;
        if !v.is_finite() {
            return None;
        }
        value += v.abs() / div;
        div *= 60.0;
    }
    let neg = parts.first().is_some_and(|p| p.starts_with('-'));
    Some(if neg { -value } else { value } * sign)
}

/// Parses yes/no flags: `Y`/`N`, `是`/`否`, `true`/`false`, `1`/`0`, `√`/`×`.
pub fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "y" | "yes" | "是" | "true" | "1" | "√" | "✓" | "t" => Some(true),
        "n" | "no" | "否" | "false" | "0" | "×" | "f" | "" => Some(false),
        _ => None,
    }
}

/// True when a WGS-84-ish position lies in the rough rectangle of China (incl. islands), used
/// to detect swapped longitude/latitude columns.
pub fn in_china_box(p: LonLat) -> bool {
    (73.0..=136.0).contains(&p.lon) && (3.0..=54.0).contains(&p.lat)
}

/// Reads the position of a row: `lon` and `lat` columns, or one `lonlat` column
/// (`120.5,31.2`), converted from `crs` to WGS-84.
///
/// Swapped columns (latitude in the longitude column) are corrected with a `W_COORD_SWAPPED`
/// warning when the swapped pair falls in China; values out of range are an `E_COORD_RANGE`
/// error; unparseable cells `E_COORD_FORMAT`; empty cells `E_MISSING_VALUE`.
pub fn read_position(
    map: &ColumnMap,
    row: &Row,
    file: &str,
    crs: Crs,
    warnings: &mut Vec<Issue>,
) -> Result<LonLat, Issue> {
    let located = |issue: Issue, key: &str| {
        issue
            .in_file(file)
            .at_row(row.line)
            .at_field(map.header(key))
    };
    let (lon, lat) = if map.has("lon") || !map.has("lonlat") {
        let lon = coordinate_cell(map, row, "lon", "经度").map_err(|i| located(i, "lon"))?;
        let lat = coordinate_cell(map, row, "lat", "纬度").map_err(|i| located(i, "lat"))?;
        (lon, lat)
    } else {
        let cell = map.cell(row, "lonlat").ok_or_else(|| {
            located(
                Issue::error("E_MISSING_VALUE", "坐标为空", "填写“经度,纬度”"),
                "lonlat",
            )
        })?;
        let t = fullwidth_to_ascii(cell);
        let parts: Vec<&str> = t
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [a, b] => match (parse_coordinate(a), parse_coordinate(b)) {
                (Some(a), Some(b)) => (a, b),
                _ => {
                    return Err(located(
                        Issue::error(
                            "E_COORD_FORMAT",
                            format!("无法识别坐标「{cell}」"),
                            "写成“经度,纬度”，如 120.628,31.2864",
                        ),
                        "lonlat",
                    ))
                }
            },
            _ => {
                return Err(located(
                    Issue::error(
                        "E_COORD_FORMAT",
                        format!("无法识别坐标「{cell}」"),
                        "写成“经度,纬度”，如 120.628,31.2864",
                    ),
                    "lonlat",
                ))
            }
        }
    };
    let mut p = LonLat::new(lon, lat);
    let swapped = LonLat::new(lat, lon);
    if !in_china_box(p) && in_china_box(swapped) {
        warnings.push(located(
            Issue::warning(
                "W_COORD_SWAPPED",
                format!("经纬度疑似颠倒（经度 {lon}，纬度 {lat}），已对调"),
                "核对经度、纬度两列的列名",
            ),
            "lon",
        ));
        p = swapped;
    }
    if !p.is_valid() {
        return Err(located(
            Issue::error(
                "E_COORD_RANGE",
                format!("坐标超出范围（经度 {lon}，纬度 {lat}）"),
                "经度应在 −180～180，纬度应在 −90～90；检查小数点和列顺序",
            ),
            "lon",
        ));
    }
    Ok(crs.to_wgs84(p))
}

fn coordinate_cell(map: &ColumnMap, row: &Row, key: &str, label: &str) -> Result<f64, Issue> {
    let cell = map.cell(row, key).ok_or_else(|| {
        Issue::error(
            "E_MISSING_VALUE",
            format!("{label}为空"),
            format!("填写{label}（十进制度，如 120.628）"),
        )
    })?;
    parse_coordinate(cell).ok_or_else(|| {
        Issue::error(
            "E_COORD_FORMAT",
            format!("无法识别{label}「{cell}」"),
            "使用十进制度（120.628）或度分秒（120°37'40.8\"）",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dms_variants() {
        let a = parse_coordinate("31°17′11″N").unwrap();
        assert!((a - (31.0 + 17.0 / 60.0 + 11.0 / 3600.0)).abs() < 1e-9);
        assert_eq!(parse_coordinate("120度"), Some(120.0));
        assert_eq!(parse_coordinate("1°2°3°4"), None);
        assert_eq!(parse_coordinate(""), None);
        assert_eq!(parse_coordinate("°"), None);
    }

    #[test]
    fn flags() {
        assert_eq!(parse_flag("Y"), Some(true));
        assert_eq!(parse_flag("否"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
