//! What the month's runs go to: VOCs targets (parks, enterprise clusters, key enterprises,
//! station surroundings, high-value grid cells) and the road-dust road selection.
//!
//! Saved and loaded as JSON (`format: "zouhang-month-targets"`). [`demo_targets`] derives the
//! demo set of the embedded Suzhou data (documented as demo data in `data/README.md`).

use serde::{Deserialize, Serialize};

use crate::demo::PARK_ANCHORS;
use crate::error::Issue;
use crate::layers::Layers;
use crate::model::{EmissionClass, LonLat, Supervision};

/// Kind of a VOCs target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// An industrial park: driven as a perimeter loop plus a downwind pass.
    Park,
    /// An enterprise cluster or a supervised town: driven as a loop.
    Cluster,
    /// A key enterprise: a pass at its gate.
    Enterprise,
    /// A national control station's surroundings: a pass by the station.
    Station,
    /// A high-value grid cell given as a weighted point.
    Grid,
}

impl TargetKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Park => "园区",
            TargetKind::Cluster => "企业集群",
            TargetKind::Enterprise => "重点企业",
            TargetKind::Station => "国控站点周边",
            TargetKind::Grid => "高值网格",
        }
    }
}

/// A VOCs 走航 target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocsTarget {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: TargetKind,
    /// Class for frequency rules (`重点园区`, `挂牌督办`, …).
    #[serde(default)]
    pub class: String,
    /// Anchor longitude (WGS-84).
    pub lon: f64,
    /// Anchor latitude (WGS-84).
    pub lat: f64,
    /// Loop radius around the anchor, metres (0: a point pass).
    #[serde(default)]
    pub radius_m: f64,
    /// Priority weight (higher first when a month cannot visit everything).
    #[serde(default = "one")]
    pub weight: f64,
    /// Fixed-point monitoring stop (dwell) at the target.
    #[serde(default)]
    pub dwell: bool,
}

fn one() -> f64 {
    1.0
}

impl VocsTarget {
    /// Anchor position.
    pub fn location(&self) -> LonLat {
        LonLat::new(self.lon, self.lat)
    }
}

/// Which roads the road-dust runs must cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DustSpec {
    /// Source categories whose neighbourhood roads are required (`建筑工地`, …).
    pub site_categories: Vec<String>,
    /// Roads within this distance of such a site are required, metres.
    pub near_site_m: f64,
    /// Roads required by name.
    pub named_roads: Vec<String>,
    /// Every road of these classes is required (OSM `highway` value such as `primary`, or the
    /// Chinese class name such as `主干路`); combine with `bbox` for "all trunk roads of a
    /// district".
    pub classes: Vec<String>,
    /// Area `[min_lon, min_lat, max_lon, max_lat]` the selection is limited to (none: anywhere).
    pub bbox: Option<[f64; 4]>,
    /// Stop adding roads (most sites nearby first) beyond this total length, km.
    pub max_total_km: f64,
}

impl Default for DustSpec {
    fn default() -> Self {
        DustSpec {
            site_categories: vec!["建筑工地".into()],
            near_site_m: 500.0,
            named_roads: Vec::new(),
            classes: Vec::new(),
            bbox: None,
            max_total_km: 150.0,
        }
    }
}

/// Where the vehicles start and end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Depot {
    /// Name.
    pub name: String,
    /// Longitude (WGS-84).
    pub lon: f64,
    /// Latitude (WGS-84).
    pub lat: f64,
}

/// The month's targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthTargets {
    /// Always `zouhang-month-targets`.
    pub format: String,
    /// True for demo data.
    #[serde(default)]
    pub demo: bool,
    /// Free note (source of the targets).
    #[serde(default)]
    pub note: String,
    /// Start and end of every run.
    pub depot: Depot,
    /// VOCs targets.
    #[serde(default)]
    pub vocs: Vec<VocsTarget>,
    /// Road-dust road selection.
    #[serde(default)]
    pub road_dust: DustSpec,
}

impl MonthTargets {
    /// Reads a target set from JSON and checks it; each problem is located.
    pub fn from_json(text: &str) -> Result<MonthTargets, Vec<Issue>> {
        let t: MonthTargets = serde_json::from_str(text).map_err(|e| {
            vec![Issue::error(
                "E_TARGETS_JSON",
                format!("目标文件不是有效的 JSON：{e}"),
                "按导出的目标文件格式修改后重新载入",
            )
            .at_row(e.line() as u64)]
        })?;
        let problems = t.validate();
        if problems.is_empty() {
            Ok(t)
        } else {
            Err(problems)
        }
    }

    /// Checks positions and values.
    pub fn validate(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        if self.format != "zouhang-month-targets" {
            out.push(
                Issue::error(
                    "E_TARGETS_FORMAT",
                    format!("format 为“{}”，不是 zouhang-month-targets", self.format),
                    "确认选择的是走航目标文件",
                )
                .at_field("format"),
            );
        }
        if !LonLat::new(self.depot.lon, self.depot.lat).is_valid() {
            out.push(
                Issue::error("E_TARGETS_VALUE", "出发地坐标无效", "填写 WGS-84 经纬度")
                    .at_field("depot"),
            );
        }
        for (i, t) in self.vocs.iter().enumerate() {
            let row = i as u64 + 1;
            if !t.location().is_valid() {
                out.push(
                    Issue::error(
                        "E_TARGETS_VALUE",
                        format!("目标 {} 的坐标无效", t.id),
                        "填写 WGS-84 经纬度",
                    )
                    .at_field("vocs.lon")
                    .at_row(row),
                );
            }
            if !(t.radius_m.is_finite() && (0.0..=20_000.0).contains(&t.radius_m)) {
                out.push(
                    Issue::error(
                        "E_TARGETS_VALUE",
                        format!("目标 {} 的环线半径 {} m 不合理", t.id, t.radius_m),
                        "写 0（定点经过）到 20000 m",
                    )
                    .at_field("vocs.radius_m")
                    .at_row(row),
                );
            }
            if !(t.weight.is_finite() && t.weight > 0.0 && t.weight <= 1000.0) {
                out.push(
                    Issue::error(
                        "E_TARGETS_VALUE",
                        format!("目标 {} 的权重 {} 不合理", t.id, t.weight),
                        "写 0–1000 之间的正数",
                    )
                    .at_field("vocs.weight")
                    .at_row(row),
                );
            }
        }
        let d = &self.road_dust;
        if !(d.near_site_m.is_finite() && (0.0..=5000.0).contains(&d.near_site_m)) {
            out.push(
                Issue::error("E_TARGETS_VALUE", "工地周边距离不合理", "写 0–5000 m")
                    .at_field("road_dust.near_site_m"),
            );
        }
        if !(d.max_total_km.is_finite() && d.max_total_km >= 0.0) {
            out.push(
                Issue::error(
                    "E_TARGETS_VALUE",
                    "积尘道路总长上限不合理",
                    "写不小于 0 的公里数",
                )
                .at_field("road_dust.max_total_km"),
            );
        }
        out
    }
}

/// Demo supervised towns (挂牌督办): the three 5 km cells with the most VOCs demo enterprises
/// whose centre passes `keep` (e.g. lies near the road network).
fn demo_towns(layers: &Layers, keep: &dyn Fn(LonLat) -> bool) -> Vec<VocsTarget> {
    let mut cells: std::collections::BTreeMap<(i64, i64), (usize, f64, f64)> = Default::default();
    for s in layers.sources.items() {
        if s.emission != EmissionClass::Vocs {
            continue;
        }
        let key = (
            (s.location.lon / 0.05).floor() as i64,
            (s.location.lat / 0.05).floor() as i64,
        );
        let e = cells.entry(key).or_insert((0, 0.0, 0.0));
        e.0 += 1;
        e.1 += s.location.lon;
        e.2 += s.location.lat;
    }
    let mut ranked: Vec<_> = cells.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .filter(|(_, (n, lon, lat))| keep(LonLat::new(lon / *n as f64, lat / *n as f64)))
        .take(3)
        .enumerate()
        .map(|(i, (_, (n, lon, lat)))| VocsTarget {
            id: format!("TOWN-{}", i + 1),
            name: format!(
                "演示-挂牌督办片区{}（{} 家 VOCs 企业）",
                ["甲", "乙", "丙"][i],
                n
            ),
            kind: TargetKind::Cluster,
            class: "挂牌督办".into(),
            lon: round6(lon / n as f64),
            lat: round6(lat / n as f64),
            radius_m: 1200.0,
            weight: 5.0,
            dwell: true,
        })
        .collect()
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The demo target set of the embedded Suzhou data: the park anchors as parks, three demo
/// supervised areas, the key VOCs enterprises under 重点 supervision, every national control
/// station; road-dust roads within 500 m of construction sites. Depot: the Suzhou monitoring
/// station's approximate position (南门 station). Targets whose anchor fails `keep` (e.g. not
/// near the road network) are left out.
pub fn demo_targets(layers: &Layers, keep: &dyn Fn(LonLat) -> bool) -> MonthTargets {
    let mut vocs: Vec<VocsTarget> = PARK_ANCHORS
        .iter()
        .enumerate()
        .map(|(i, (name, lon, lat, _))| VocsTarget {
            id: format!("PARK-{:02}", i + 1),
            name: (*name).to_string(),
            kind: TargetKind::Park,
            class: "重点园区".into(),
            lon: *lon,
            lat: *lat,
            radius_m: 1500.0,
            weight: 3.0,
            dwell: true,
        })
        .collect();
    vocs.extend(demo_towns(layers, keep));
    let mut key: Vec<_> = layers
        .sources
        .items()
        .iter()
        .filter(|s| {
            s.key_polluter
                && s.emission == EmissionClass::Vocs
                && s.supervision == Supervision::Key
                && keep(s.location)
        })
        .collect();
    key.sort_by(|a, b| a.id.cmp(&b.id));
    let step = (key.len() / 20).max(1);
    vocs.extend(key.iter().step_by(step).take(20).map(|s| VocsTarget {
        id: s.id.clone(),
        name: s.name.clone(),
        kind: TargetKind::Enterprise,
        class: "重点企业".into(),
        lon: s.location.lon,
        lat: s.location.lat,
        radius_m: 0.0,
        weight: 2.0,
        dwell: false,
    }));
    vocs.extend(layers.stations.items().iter().map(|s| VocsTarget {
        id: s.code.clone(),
        name: format!("{}站周边", s.name),
        kind: TargetKind::Station,
        class: "国控站点".into(),
        lon: s.location.lon,
        lat: s.location.lat,
        radius_m: 0.0,
        weight: 1.0,
        dwell: false,
    }));
    let depot = layers
        .stations
        .items()
        .iter()
        .find(|s| s.code == "1161A")
        .map(|s| Depot {
            name: "出发地（演示：南门站附近）".into(),
            lon: s.location.lon,
            lat: s.location.lat,
        })
        .unwrap_or(Depot {
            name: "出发地（演示）".into(),
            lon: 120.628,
            lat: 31.2864,
        });
    MonthTargets {
        format: "zouhang-month-targets".into(),
        demo: true,
        note: "演示数据：园区锚点为近似位置，挂牌督办片区与重点企业取自演示企业名录，不是真实名单"
            .into(),
        depot,
        vocs,
        road_dust: DustSpec::default(),
    }
}
