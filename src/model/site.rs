//! Sites on the map: national control stations, pollution sources and fire detections.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::model::LonLat;

/// A national air-quality control station (国控点).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    /// CNEMC station code, e.g. `1161A`.
    pub code: String,
    /// Station name, e.g. `南门`.
    pub name: String,
    /// City or county-level city.
    pub city: String,
    /// WGS-84 position.
    pub location: LonLat,
    /// True for a background (对照点) station.
    pub background: bool,
}

/// What kind of thing a pollution source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceKind {
    /// An enterprise, shop or site from an enterprise register.
    #[serde(rename = "企业")]
    Enterprise,
    /// A power plant (WRI Global Power Plant Database).
    #[serde(rename = "电厂")]
    PowerPlant,
}

/// The source categories a station-surroundings list is counted by.
///
/// Local practice lists sources near a station in five categories (restaurants, car repair,
/// enterprises, petrol stations, building sites); power plants get their own category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SourceCategory {
    /// 工业企业: industrial enterprises.
    #[serde(rename = "工业企业")]
    Industry,
    /// 餐饮: restaurants (cooking fumes).
    #[serde(rename = "餐饮")]
    Restaurant,
    /// 汽修: car repair and paint shops.
    #[serde(rename = "汽修")]
    CarRepair,
    /// 加油站: petrol stations.
    #[serde(rename = "加油站")]
    PetrolStation,
    /// 建筑工地: building sites.
    #[serde(rename = "建筑工地")]
    ConstructionSite,
    /// 电厂: power plants.
    #[serde(rename = "电厂")]
    PowerPlant,
}

impl SourceCategory {
    /// All categories, in display order.
    pub const ALL: [SourceCategory; 6] = [
        SourceCategory::Industry,
        SourceCategory::Restaurant,
        SourceCategory::CarRepair,
        SourceCategory::PetrolStation,
        SourceCategory::ConstructionSite,
        SourceCategory::PowerPlant,
    ];

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            SourceCategory::Industry => "工业企业",
            SourceCategory::Restaurant => "餐饮",
            SourceCategory::CarRepair => "汽修",
            SourceCategory::PetrolStation => "加油站",
            SourceCategory::ConstructionSite => "建筑工地",
            SourceCategory::PowerPlant => "电厂",
        }
    }

    /// The category an industry name falls in (餐饮 → Restaurant, 汽修 → CarRepair, …;
    /// anything else is Industry).
    pub fn of_industry(industry: &str) -> Self {
        let s = industry.trim();
        let has = |keys: &[&str]| keys.iter().any(|k| s.contains(k));
        if has(&["餐饮", "饭店", "餐馆", "酒店", "食堂", "restaurant"]) {
            SourceCategory::Restaurant
        } else if has(&["汽修", "汽车维修", "修理", "钣喷", "car repair"]) {
            SourceCategory::CarRepair
        } else if has(&["加油", "油库", "petrol", "gas station"]) {
            SourceCategory::PetrolStation
        } else if has(&["工地", "建筑", "施工", "construction"]) {
            SourceCategory::ConstructionSite
        } else if has(&["电厂", "发电", "热电", "power"]) {
            SourceCategory::PowerPlant
        } else {
            SourceCategory::Industry
        }
    }
}

/// The main pollutant class a source is supervised for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EmissionClass {
    /// Volatile organic compounds.
    #[serde(rename = "VOCs")]
    Vocs,
    /// Nitrogen oxides (combustion).
    #[serde(rename = "NOx")]
    Nox,
    /// Dust (扬尘).
    #[serde(rename = "扬尘")]
    Dust,
    /// Cooking fumes (油烟).
    #[serde(rename = "油烟")]
    Fumes,
    /// Anything else, or not a significant air source.
    #[serde(rename = "其他")]
    Other,
}

impl EmissionClass {
    /// Parses `VOCs`, `NOx`, `扬尘`, `油烟` and common variants; anything else is `Other`.
    pub fn parse(s: &str) -> Option<Self> {
        let k = s.trim().to_lowercase();
        match k.as_str() {
            "vocs" | "voc" | "挥发性有机物" => Some(EmissionClass::Vocs),
            "nox" | "氮氧化物" | "so2" | "二氧化硫" | "废气" => Some(EmissionClass::Nox),
            "扬尘" | "dust" | "颗粒物" | "pm" => Some(EmissionClass::Dust),
            "油烟" | "fumes" | "餐饮油烟" => Some(EmissionClass::Fumes),
            "其他" | "other" | "无" | "" => Some(EmissionClass::Other),
            _ => None,
        }
    }

    /// The label used in files and on screen.
    pub fn label(self) -> &'static str {
        match self {
            EmissionClass::Vocs => "VOCs",
            EmissionClass::Nox => "NOx",
            EmissionClass::Dust => "扬尘",
            EmissionClass::Fumes => "油烟",
            EmissionClass::Other => "其他",
        }
    }
}

/// Supervision class in the inspection register (双随机 "一单两库").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Supervision {
    /// 重点: key supervised units.
    #[serde(rename = "重点")]
    Key,
    /// 特殊: special supervised units.
    #[serde(rename = "特殊")]
    Special,
    /// 一般: general units.
    #[serde(rename = "一般")]
    General,
}

impl Supervision {
    /// Parses `重点`/`特殊`/`一般` (also `key`/`special`/`general`, and `重点排污单位` etc.).
    pub fn parse(s: &str) -> Option<Self> {
        let k = s.trim().to_lowercase();
        if k.contains('重') || k.starts_with("key") {
            Some(Supervision::Key)
        } else if k.contains('特') || k.starts_with("special") {
            Some(Supervision::Special)
        } else if k.contains('一') || k.contains('般') || k.starts_with("general") || k.is_empty()
        {
            Some(Supervision::General)
        } else {
            None
        }
    }

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Supervision::Key => "重点",
            Supervision::Special => "特殊",
            Supervision::General => "一般",
        }
    }
}

/// A pollution source: an enterprise, a shop, a site or a power plant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Register id (unique within the layer).
    pub id: String,
    /// Name.
    pub name: String,
    /// Enterprise or power plant.
    pub kind: SourceKind,
    /// Industry as written in the register (涂装, 包装印刷, 化工, …).
    pub industry: String,
    /// Category for surroundings lists.
    pub category: SourceCategory,
    /// Main pollutant class.
    pub emission: EmissionClass,
    /// Listed as a key polluter (重点排污单位).
    pub key_polluter: bool,
    /// Supervision class for random inspections.
    pub supervision: Supervision,
    /// District or county (区县).
    pub district: String,
    /// WGS-84 position.
    pub location: LonLat,
    /// Installed capacity in MW (power plants).
    pub capacity_mw: Option<f64>,
    /// Primary fuel (power plants).
    pub fuel: Option<String>,
}

/// Which instrument or channel reported a fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FireSource {
    /// NASA FIRMS MODIS (Terra/Aqua), ~1 km pixels.
    Modis,
    /// NASA FIRMS VIIRS (S-NPP, NOAA-20/21), ~375 m pixels.
    Viirs,
    /// JAXA Himawari L2 wildfire product.
    Himawari,
    /// Typed or pasted by hand (drone, tower camera, phone call).
    Manual,
}

/// Day or night detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DayNight {
    /// Daytime overpass.
    #[serde(rename = "D")]
    Day,
    /// Night-time overpass.
    #[serde(rename = "N")]
    Night,
}

/// One fire detection (a satellite pixel centre or a reported point).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FireDetection {
    /// WGS-84 position (for satellites: the pixel centre, not the fire).
    pub location: LonLat,
    /// Acquisition time in Beijing time (UTC+8).
    pub time_bj: NaiveDateTime,
    /// Instrument or channel.
    pub source: FireSource,
    /// Satellite code as in the file (`T`, `A`, `N`, `1`, …), empty for manual points.
    pub satellite: String,
    /// Confidence normalised to 0–100 (VIIRS low/nominal/high → 30/60/90).
    pub confidence_pct: f64,
    /// Confidence as written in the file (`62`, `nominal`, `h`).
    pub confidence_raw: String,
    /// Fire radiative power in MW.
    pub frp_mw: Option<f64>,
    /// Day or night detection.
    pub daynight: Option<DayNight>,
    /// FIRMS archive `type` (0 vegetation, 1 volcano, 2 static land source, 3 offshore).
    pub fire_type: Option<u8>,
    /// Reported burned or burning area in m² (manual reports, Himawari).
    pub area_m2: Option<f64>,
    /// Free note (manual reports).
    pub note: String,
}
