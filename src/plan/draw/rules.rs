//! The draw rules (抽查规则): proportions per supervision class and period, stratification,
//! team size and team load. Editable as JSON; every number the draw uses is an integer or an
//! exact ratio, so the same rules give the same counts on every machine.
//!
//! The defaults follow DOMAIN.md ("双随机、一公开"): key polluters (重点) ≥ 5 % per quarter at city
//! level ([`DrawRules::city`]) or 25 % at county level ([`DrawRules::county`]); special sources
//! (特殊) 100 % per quarter; general units (一般) "1:5", read as *one in five*, i.e. 20 % per
//! quarter (an interpretation, see `docs/DRAW.md`; the bureau sets its own value).

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Issue;
use crate::model::Supervision;

/// Largest numerator or denominator a [`Ratio`] may have (so that every product the draw
/// forms fits in 128 bits).
pub const MAX_RATIO_TERM: u64 = 1_000_000_000_000;

/// An exact proportion `num / den` between 0 and 1.
///
/// Written in rules files as `"5%"`, `"12.5%"`, `"1:5"` (one in five), `"1/5"`, `"0.2"` or a
/// JSON number (read through its shortest decimal text, so `0.05` is exactly 1/20); printed as a
/// percentage when it is one with at most four decimals, else as `num/den`, always reduced.
///
/// ```
/// use zouhang::plan::draw::Ratio;
/// assert_eq!("1:5".parse::<Ratio>().unwrap(), Ratio::new(1, 5).unwrap());
/// assert_eq!("5%".parse::<Ratio>().unwrap().to_string(), "5%");
/// assert_eq!("1/3".parse::<Ratio>().unwrap().to_string(), "1/3");
/// assert!("120%".parse::<Ratio>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: u64,
    den: u64,
}

impl Ratio {
    /// `num / den` reduced; `None` unless `0 ≤ num ≤ den`, `den > 0` and both are at most
    /// [`MAX_RATIO_TERM`].
    pub fn new(num: u64, den: u64) -> Option<Ratio> {
        if den == 0 || num > den || den > MAX_RATIO_TERM {
            return None;
        }
        let g = gcd(num, den);
        Some(Ratio {
            num: num / g,
            den: den / g,
        })
    }

    /// Numerator (reduced).
    pub fn num(self) -> u64 {
        self.num
    }

    /// Denominator (reduced).
    pub fn den(self) -> u64 {
        self.den
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// Parses an unsigned decimal (`12`, `12.5`, `.5`) into `(digits, scale)` meaning
/// `digits / 10^scale`.
fn parse_decimal(s: &str) -> Option<(u64, u32)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if int.len() + frac.len() > 13 {
        return None;
    }
    let digits: u64 = format!("{int}{frac}")
        .trim_start_matches('0')
        .parse()
        .unwrap_or(0);
    Some((digits, frac.len() as u32))
}

/// Why a proportion could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别比例「{text}」：应为 0～100% 之间的值，如 5%、1:5、1/5、0.2")]
pub struct RatioError {
    /// The text given.
    pub text: String,
}

impl std::str::FromStr for Ratio {
    type Err = RatioError;

    fn from_str(s: &str) -> Result<Ratio, RatioError> {
        let err = || RatioError {
            text: s.to_string(),
        };
        let t = crate::io::fullwidth_to_ascii(s);
        let t = t.trim();
        let r = if let Some(p) = t.strip_suffix('%') {
            let (digits, scale) = parse_decimal(p.trim()).ok_or_else(err)?;
            Ratio::new(digits, 100 * 10u64.pow(scale))
        } else if let Some((a, b)) = t.split_once(':').or_else(|| t.split_once('/')) {
            let a: u64 = a.trim().parse().map_err(|_| err())?;
            let b: u64 = b.trim().parse().map_err(|_| err())?;
            Ratio::new(a, b)
        } else {
            let (digits, scale) = parse_decimal(t).ok_or_else(err)?;
            Ratio::new(digits, 10u64.pow(scale))
        };
        r.ok_or_else(err)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for decimals in 0..=4u32 {
            let scale = 100u128 * 10u128.pow(decimals);
            let scaled = u128::from(self.num) * scale;
            if scaled.is_multiple_of(u128::from(self.den)) {
                let v = scaled / u128::from(self.den);
                let unit = 10u128.pow(decimals);
                return if decimals == 0 {
                    write!(f, "{v}%")
                } else {
                    write!(
                        f,
                        "{}.{:0width$}%",
                        v / unit,
                        v % unit,
                        width = decimals as usize
                    )
                };
            }
        }
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ratio, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Ratio;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("比例，如 \"5%\"、\"1:5\"、\"1/5\" 或 0.2")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ratio, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ratio, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ratio, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Ratio, E> {
                // the shortest decimal text that reads back as `v`: 0.05 → "0.05"
                self.visit_str(&format!("{v}"))
            }
        }
        d.deserialize_any(V)
    }
}

/// A period the proportions refer to, and the period one draw covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A calendar month (1 month).
    #[serde(alias = "月", alias = "每月")]
    Month,
    /// A quarter (3 months).
    #[serde(alias = "季度", alias = "每季度")]
    Quarter,
    /// Half a year (6 months).
    #[serde(alias = "半年", alias = "每半年")]
    HalfYear,
    /// A year (12 months).
    #[serde(alias = "年", alias = "每年")]
    Year,
}

impl Period {
    /// Length in months.
    pub fn months(self) -> u64 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::HalfYear => 6,
            Period::Year => 12,
        }
    }

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Period::Month => "每月",
            Period::Quarter => "每季度",
            Period::HalfYear => "每半年",
            Period::Year => "每年",
        }
    }
}

/// The proportion of one supervision class to inspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRule {
    /// At least this share of the class is drawn per `per`.
    pub proportion: Ratio,
    /// The period the proportion refers to.
    pub per: Period,
}

/// The proportions of the three classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRules {
    /// 重点: key polluters.
    #[serde(rename = "重点")]
    pub key: ClassRule,
    /// 特殊: special sources.
    #[serde(rename = "特殊")]
    pub special: ClassRule,
    /// 一般: general units.
    #[serde(rename = "一般")]
    pub general: ClassRule,
}

impl ClassRules {
    /// The rule of a class.
    pub fn of(&self, class: Supervision) -> ClassRule {
        match class {
            Supervision::Key => self.key,
            Supervision::Special => self.special,
            Supervision::General => self.general,
        }
    }
}

/// How a class's count is spread over its districts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Allocation {
    /// Every stratum gets `ceil(n × p)`: each district meets the proportion on its own; the class
    /// total may exceed `ceil(N × p)` (small districts are over-sampled).
    CeilPerStratum,
    /// The class gets `ceil(N × p)`, shared over districts by largest remainder (Hamilton); a
    /// small district may get none.
    LargestRemainder,
}

/// Everything that decides how many enterprises are drawn and how teams are formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRules {
    /// Name of the preset the rules started from (`city`, `county`, or anything the user
    /// writes); informational.
    #[serde(default)]
    pub preset: String,
    /// The period one draw covers (the proportions are scaled from their own periods to it).
    pub period: Period,
    /// Proportions per supervision class.
    pub classes: ClassRules,
    /// Draw separately in each district of each class (class × district strata); otherwise one
    /// stratum per class.
    pub stratify_by_district: bool,
    /// How a class's count is spread over districts (only with `stratify_by_district`).
    pub allocation: Allocation,
    /// Inspectors per team (at least 2).
    pub team_size: u32,
    /// Number of teams; `null` = as few as the load limit allows.
    #[serde(default)]
    pub teams: Option<u32>,
    /// Working days of a team in the period.
    pub days: u32,
    /// Most enterprises a team inspects in one day.
    pub max_per_team_per_day: u32,
    /// An inspector is not sent to enterprises of the inspector's own district (a local
    /// setting, not from DOMAIN.md; off by default).
    #[serde(default)]
    pub exclude_home_district: bool,
}

impl Default for DrawRules {
    fn default() -> Self {
        DrawRules::city()
    }
}

impl DrawRules {
    /// City-level defaults: 重点 5 %, 特殊 100 %, 一般 1:5 (20 %), all per quarter; class ×
    /// district strata rounded up; teams of 2; 10 days of at most 4 visits.
    pub fn city() -> Self {
        let q = |num, den| ClassRule {
            proportion: Ratio { num, den },
            per: Period::Quarter,
        };
        DrawRules {
            preset: "city".to_string(),
            period: Period::Quarter,
            classes: ClassRules {
                key: q(1, 20),
                special: q(1, 1),
                general: q(1, 5),
            },
            stratify_by_district: true,
            allocation: Allocation::CeilPerStratum,
            team_size: 2,
            teams: None,
            days: 10,
            max_per_team_per_day: 4,
            exclude_home_district: false,
        }
    }

    /// County-level defaults: as [`DrawRules::city`] with 重点 25 % per quarter.
    pub fn county() -> Self {
        let mut r = DrawRules::city();
        r.preset = "county".to_string();
        r.classes.key.proportion = Ratio { num: 1, den: 4 };
        r
    }

    /// The preset of a name (`city`/`市级`, `county`/`县级`).
    pub fn preset(name: &str) -> Option<Self> {
        match name.trim().to_lowercase().as_str() {
            "city" | "市级" | "市" => Some(DrawRules::city()),
            "county" | "县级" | "县" | "区县" => Some(DrawRules::county()),
            _ => None,
        }
    }

    /// Reads rules from JSON text; missing optional fields take their defaults.
    pub fn from_json(text: &str) -> Result<Self, Issue> {
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            Issue::error(
                "E_DRAW_RULES_FORMAT",
                format!("抽查规则 JSON 无法读取：{e}"),
                "参照默认规则（zouhang draw --print-rules）修改，比例写成 \"5%\"、\"1:5\" 等",
            )
        })
    }

    /// Most enterprises one team may get in the period (`days × max_per_team_per_day`).
    pub fn max_per_team(&self) -> u64 {
        u64::from(self.days) * u64::from(self.max_per_team_per_day)
    }

    /// The share of a class to draw in one draw period: the class proportion scaled from its
    /// own period to [`DrawRules::period`], at most 1, as an exact fraction `(num, den)`.
    pub fn effective_fraction(&self, class: Supervision) -> (u128, u128) {
        let rule = self.classes.of(class);
        let num = u128::from(rule.proportion.num) * u128::from(self.period.months());
        let den = u128::from(rule.proportion.den) * u128::from(rule.per.months());
        if num >= den {
            (1, 1)
        } else {
            (num, den)
        }
    }

    /// Every problem with the rules' values, each with a code and what to do.
    pub fn validate(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        if self.team_size < 2 {
            out.push(
                Issue::error(
                    "E_DRAW_TEAM_SIZE",
                    format!(
                        "每组人数为 {}：双随机检查每组至少 2 名执法人员",
                        self.team_size
                    ),
                    "把“每组人数”（team_size）设为 2 或以上",
                )
                .at_field("team_size"),
            );
        }
        if self.teams == Some(0) {
            out.push(
                Issue::error(
                    "E_DRAW_RULE_VALUE",
                    "检查组数为 0",
                    "填写 1 以上的组数，或留空（null）按工作量自动计算",
                )
                .at_field("teams"),
            );
        }
        if self.days == 0 {
            out.push(
                Issue::error(
                    "E_DRAW_RULE_VALUE",
                    "工作天数为 0",
                    "填写本期每组的检查天数（1 以上）",
                )
                .at_field("days"),
            );
        }
        if self.max_per_team_per_day == 0 {
            out.push(
                Issue::error(
                    "E_DRAW_RULE_VALUE",
                    "每组每日检查企业数上限为 0",
                    "填写 1 以上的数",
                )
                .at_field("max_per_team_per_day"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_parse_and_print_exactly() {
        let r = |s: &str| s.parse::<Ratio>().unwrap();
        assert_eq!(r("12.5%"), Ratio::new(1, 8).unwrap());
        assert_eq!(r("12.5%").to_string(), "12.5%");
        assert_eq!(r("0.05"), Ratio::new(1, 20).unwrap());
        assert_eq!(r("１：５"), Ratio::new(1, 5).unwrap());
        assert_eq!(r("100%").to_string(), "100%");
        assert_eq!(r("0").to_string(), "0%");
        assert_eq!(r("2/3").to_string(), "2/3");
        assert_eq!(r(".5").to_string(), "50%");
        for bad in [
            "",
            "%",
            "-5%",
            "1:0",
            "3/2",
            "abc",
            "1e-3",
            "5%%",
            "99999999999999%",
        ] {
            assert!(bad.parse::<Ratio>().is_err(), "{bad}");
        }
    }

    #[test]
    fn rules_round_trip_through_json_and_accept_numbers_and_chinese_periods() {
        let r = DrawRules::county();
        let text = serde_json::to_string_pretty(&r).unwrap();
        assert!(text.contains("\"25%\""), "{text}");
        assert_eq!(DrawRules::from_json(&text).unwrap(), r);
        let edited = text
            .replace("\"25%\"", "0.3")
            .replace("\"period\": \"quarter\"", "\"period\": \"月\"");
        let e = DrawRules::from_json(&edited).unwrap();
        assert_eq!(e.classes.key.proportion, Ratio::new(3, 10).unwrap());
        assert_eq!(e.period, Period::Month);
        // 30 % per quarter, drawn monthly: 10 % per month
        assert_eq!(e.effective_fraction(Supervision::Key), (3, 30));
        assert_eq!(
            DrawRules::from_json("{").unwrap_err().code,
            "E_DRAW_RULES_FORMAT"
        );
    }

    #[test]
    fn validation_names_every_bad_value() {
        let mut r = DrawRules::city();
        r.team_size = 1;
        r.days = 0;
        r.teams = Some(0);
        let codes: Vec<_> = r.validate().into_iter().map(|i| i.code).collect();
        assert_eq!(
            codes,
            ["E_DRAW_TEAM_SIZE", "E_DRAW_RULE_VALUE", "E_DRAW_RULE_VALUE"]
        );
        assert!(DrawRules::city().validate().is_empty());
    }
}
