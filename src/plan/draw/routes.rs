//! Inspection routes for the drawn teams over their working days, as a
//! [`PlanDocument`] of kind `inspection`.
//!
//! [`plan_routes`] validates the route settings (every problem at once), asks a
//! [`TeamRouter`] to order each team's enterprises into days, then checks the answer
//! independently of the router (every drawn enterprise exactly once, in its own team, within the
//! days; per-day limits reported as warnings) and adds times: leave the depot at the day's start,
//! drive at the straight-line estimate ([`StraightLine`]), stay the service time at each site.
//! Nothing here touches a network: the plan leaves the browser only when the user exports it.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::Issue;
use crate::model::{LonLat, PlanDocument, RouteSheet, SheetStop, StraightLine, TravelCost};
use crate::plan::draw::register::{EnterpriseRegister, InspectorRegister, RegisterEnterprise};
use crate::plan::draw::router::{route_travel_s, DayLimits, InterimRouter, TeamRouter};
use crate::plan::draw::run::DrawResult;
use crate::plan::draw::solver_router::SolverRouter;

/// Route settings; every field has a default, so `{}` is a valid request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouteRequest {
    /// Where every team starts and ends each day (WGS-84); `null` = each team's own centre
    /// (the mean position of its enterprises), with a warning.
    pub depot: Option<LonLat>,
    /// Name of the depot on the route sheets.
    pub depot_name: String,
    /// First working day, `YYYY-MM-DD`; `null` = days are numbered only.
    pub start_date: Option<String>,
    /// Skip Saturdays and Sundays when dating the days.
    pub skip_weekends: bool,
    /// Leaving time each day, `HH:MM`.
    pub day_start: String,
    /// Longest working day (travel + on site), minutes.
    pub workday_min: u32,
    /// Time on site per enterprise, minutes.
    pub service_min: u32,
    /// Average driving speed for the straight-line estimate, km/h.
    pub speed_kmh: f64,
    /// Which router the adapters (CLI, browser) use: `solver` (default) or `interim`.
    /// [`plan_routes`] itself takes the router as an argument ([`RouterChoice::router`]).
    pub router: RouterChoice,
}

/// The routers offered by the adapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RouterChoice {
    /// [`SolverRouter::for_draw`]: the route solver, seeded from the draw.
    #[default]
    Solver,
    /// [`InterimRouter`]: nearest neighbour + 2-opt, optimal day split.
    Interim,
}

impl RouterChoice {
    /// The router for the routes of `result`.
    pub fn router(self, result: &DrawResult) -> Box<dyn TeamRouter> {
        match self {
            RouterChoice::Solver => Box::new(SolverRouter::for_draw(result)),
            RouterChoice::Interim => Box::new(InterimRouter),
        }
    }
}

impl std::str::FromStr for RouterChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "solver" => Ok(RouterChoice::Solver),
            "interim" => Ok(RouterChoice::Interim),
            other => Err(format!("未知排线方法「{other}」：可用 solver、interim")),
        }
    }
}

impl Default for RouteRequest {
    fn default() -> Self {
        RouteRequest {
            depot: None,
            depot_name: "出发点".to_string(),
            start_date: None,
            skip_weekends: true,
            day_start: "08:30".to_string(),
            workday_min: 480,
            service_min: 60,
            speed_kmh: 30.0,
            router: RouterChoice::Solver,
        }
    }
}

/// The planned routes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionRoutes {
    /// The route sheets, one per team and day.
    pub plan: PlanDocument,
    /// How the visits were ordered ([`TeamRouter::label`]) and costed.
    pub method: String,
    /// Which router ordered them ([`TeamRouter::id`]: `solver`, `interim`, …).
    pub router: String,
    /// Limits that could not be met, the depot assumption (codes `W_ROUTE_*`).
    pub warnings: Vec<Issue>,
}

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn clock(minutes_of_day: f64) -> String {
    let m = minutes_of_day.round().max(0.0) as u64;
    let (d, h, mm) = (m / 1440, (m % 1440) / 60, m % 60);
    if d == 0 {
        format!("{h:02}:{mm:02}")
    } else {
        format!("{h:02}:{mm:02}（+{d}天）")
    }
}

impl RouteRequest {
    /// Every problem with the settings, at once (codes `E_ROUTE_*`, located by field).
    pub fn problems(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        let mut bad = |field: &str, message: String, action: &str| {
            out.push(Issue::error("E_ROUTE_SETTING", message, action).at_field(field));
        };
        if let Some(d) = self.depot {
            let ok = d.lon.is_finite()
                && d.lat.is_finite()
                && d.lon.abs() <= 180.0
                && d.lat.abs() <= 90.0;
            if !ok {
                bad(
                    "depot",
                    format!("出发点坐标 {}, {} 不是有效的经纬度", d.lon, d.lat),
                    "填写 WGS-84 经度（−180…180）和纬度（−90…90），或留空",
                );
            }
        }
        if let Some(s) = &self.start_date {
            if NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_err() {
                bad(
                    "start_date",
                    format!("开始日期「{s}」无法识别"),
                    "写成 YYYY-MM-DD，如 2026-07-01，或留空",
                );
            }
        }
        if parse_hhmm(&self.day_start).is_none() {
            bad(
                "day_start",
                format!("出发时间「{}」无法识别", self.day_start),
                "写成 HH:MM，如 08:30",
            );
        }
        if self.workday_min == 0 || self.workday_min > 1440 {
            bad(
                "workday_min",
                format!("每日工作时长 {} 分钟不合理", self.workday_min),
                "填写 1–1440 分钟，如 480",
            );
        }
        if self.service_min > 1440 {
            bad(
                "service_min",
                format!("每家检查时长 {} 分钟不合理", self.service_min),
                "填写 0–1440 分钟，如 60",
            );
        }
        if !(self.speed_kmh.is_finite() && self.speed_kmh > 0.0 && self.speed_kmh <= 150.0) {
            bad(
                "speed_kmh",
                format!("车速 {} km/h 不合理", self.speed_kmh),
                "填写 1–150 km/h，如 30",
            );
        }
        out
    }
}

/// The dates of `n` working days from `start` (weekends skipped when asked).
fn day_dates(start: Option<&str>, skip_weekends: bool, n: usize) -> Vec<Option<String>> {
    let Some(mut d) = start.and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
    else {
        return vec![None; n];
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        if !(skip_weekends && matches!(d.weekday(), Weekday::Sat | Weekday::Sun)) {
            out.push(Some(d.format("%Y-%m-%d").to_string()));
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    out.resize(n, None);
    out
}

/// Plans the routes of a draw's teams with `router`.
///
/// Errors (all at once): bad settings (`E_ROUTE_SETTING`), a result drawn from other registers
/// (`E_ROUTE_REGISTER`), a router answer that loses, repeats or swaps an enterprise or uses too
/// many days (`E_ROUTE_ROUTER`, a bug in the router, never a silent fix).
///
/// ```
/// use zouhang::plan::draw::{demo_registers, draw, plan_routes, DrawRequest, DrawRules,
///     RouteRequest, SolverRouter};
/// let (e, i) = demo_registers();
/// let result = draw(&e, &i, &DrawRequest { seed: "2026Q3".into(), rules: DrawRules::city() }).unwrap();
/// let router = SolverRouter::for_draw(&result);
/// let routes = plan_routes(&result, &e, &i, &RouteRequest::default(), &router).unwrap();
/// assert_eq!(routes.router, "solver");
/// let visits: usize = routes.plan.routes.iter()
///     .map(|r| r.stops.iter().filter(|s| s.kind == "visit").count()).sum();
/// assert_eq!(visits, result.selected.len()); // every drawn enterprise once
/// ```
pub fn plan_routes(
    result: &DrawResult,
    enterprises: &EnterpriseRegister,
    inspectors: &InspectorRegister,
    request: &RouteRequest,
    router: &dyn TeamRouter,
) -> Result<InspectionRoutes, Vec<Issue>> {
    let mut problems = request.problems();
    if result.registers.enterprises_sha256 != enterprises.canonical_sha256()
        || result.registers.inspectors_sha256 != inspectors.canonical_sha256()
    {
        problems.push(Issue::error(
            "E_ROUTE_REGISTER",
            "抽取结果不是用当前名录抽出的（名录指纹不同）",
            "载入抽取时的名录，或用当前名录重新抽取",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let find = |id: &str| enterprises.items().iter().find(|e| e.id == id);
    let mut warnings = Vec::new();
    if request.depot.is_none() {
        warnings.push(Issue::warning(
            "W_ROUTE_DEPOT_CENTROID",
            "未指定出发点：各检查组以本组企业的中心为出发点",
            "填写执法单位的经纬度作为出发点",
        ));
    }
    let service_s = f64::from(request.service_min) * 60.0;
    let limits = DayLimits {
        days: result.rules.days as usize,
        max_visits_per_day: result.rules.max_per_team_per_day as usize,
        max_day_s: f64::from(request.workday_min) * 60.0,
        service_s,
    };
    let start_min = f64::from(parse_hhmm(&request.day_start).unwrap_or(510));
    // no team has more days than enterprises: a huge day count must not allocate
    let dates = day_dates(
        request.start_date.as_deref(),
        request.skip_weekends,
        limits.days.min(result.selected.len()),
    );
    let mut plan = PlanDocument::new(
        "inspection",
        &format!("双随机检查路线 · 种子「{}」", result.seed),
    );
    for team in &result.teams {
        let sites: Vec<_> = team.enterprises.iter().filter_map(|id| find(id)).collect();
        if sites.len() != team.enterprises.len() {
            problems.push(Issue::error(
                "E_ROUTE_REGISTER",
                format!("检查组 {} 的企业不在当前企业名录中", team.id),
                "用当前名录重新抽取",
            ));
            continue;
        }
        let depot = request.depot.unwrap_or_else(|| centre(&sites));
        let mut points = vec![depot];
        points.extend(sites.iter().map(|e| e.location()));
        let cost = StraightLine::new(points, request.speed_kmh);
        let days = router.route_team(&cost, &limits);
        if let Some(p) = check_days(&team.id, &days, sites.len(), limits.days) {
            problems.push(p);
            continue;
        }
        for (k, day) in days.iter().enumerate() {
            let day_s = route_travel_s(&cost, day) + day.len() as f64 * service_s;
            let label = format!("检查组 {} · 第{}天", team.id, k + 1);
            if day.len() > limits.max_visits_per_day {
                warnings.push(Issue::warning(
                    "W_ROUTE_DAY_VISITS",
                    format!(
                        "{label}检查 {} 家，超过每日上限 {} 家",
                        day.len(),
                        limits.max_visits_per_day
                    ),
                    "增加工作天数或检查组数后重新抽取",
                ));
            }
            if day.len() > 1 && day_s > limits.max_day_s {
                warnings.push(Issue::warning(
                    "W_ROUTE_DAY_LONG",
                    format!(
                        "{label}约需 {:.0} 分钟，超过每日 {} 分钟",
                        day_s / 60.0,
                        request.workday_min
                    ),
                    "增加工作天数、缩短每家检查时长，或降低每日上限后重新抽取",
                ));
            }
            let date = dates.get(k).cloned().flatten();
            let mut route = sheet(team, k, date, day, &sites, &cost, request, start_min, depot);
            route.team = format!("{}（{}）", team.id, names(&team.inspectors, inspectors));
            plan.routes.push(route);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(InspectionRoutes {
        plan,
        method: format!(
            "{}；直线距离 × {} 估算，车速 {} km/h",
            router.label(),
            cost_detour(),
            request.speed_kmh
        ),
        router: router.id().to_string(),
        warnings,
    })
}

/// The mean longitude and latitude of some enterprises (a team's area is small enough).
fn centre(sites: &[&RegisterEnterprise]) -> LonLat {
    let n = sites.len().max(1) as f64;
    let (lon, lat) = sites
        .iter()
        .map(|e| e.location())
        .fold((0.0, 0.0), |(x, y), p| (x + p.lon, y + p.lat));
    // micro-degrees, like the register
    LonLat::new((lon / n * 1e6).round() / 1e6, (lat / n * 1e6).round() / 1e6)
}

/// Inspector names (id where unknown), joined for a route sheet.
fn names(ids: &[String], inspectors: &InspectorRegister) -> String {
    ids.iter()
        .map(|id| {
            inspectors
                .items()
                .iter()
                .find(|i| &i.id == id)
                .map_or_else(|| id.clone(), |i| i.name.clone())
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn cost_detour() -> f64 {
    crate::model::DEFAULT_DETOUR_FACTOR
}

/// The independent check of a router's answer: `None` when the days cover `1..=n` exactly once
/// within `max_days` days and no day is empty.
fn check_days(team: &str, days: &[Vec<usize>], n: usize, max_days: usize) -> Option<Issue> {
    let mut seen = vec![false; n + 1];
    let mut fault = None;
    if days.len() > max_days.max(1) {
        fault = Some(format!("用了 {} 天，超过 {} 天", days.len(), max_days));
    }
    for v in days.iter().flatten() {
        match seen.get_mut(*v) {
            Some(s) if *v > 0 && !*s => *s = true,
            _ => fault = Some(format!("位置 {v} 无效或重复")),
        }
    }
    if days.iter().any(Vec::is_empty) {
        fault = Some("有空的一天".to_string());
    }
    if seen.iter().skip(1).any(|s| !s) {
        fault = Some("漏排了企业".to_string());
    }
    fault.map(|f| {
        Issue::error(
            "E_ROUTE_ROUTER",
            format!("检查组 {team} 的排线结果有误：{f}"),
            "这是排线程序的错误，请报告",
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn sheet(
    team: &crate::plan::draw::Team,
    k: usize,
    date: Option<String>,
    day: &[usize],
    sites: &[&RegisterEnterprise],
    cost: &StraightLine,
    request: &RouteRequest,
    start_min: f64,
    depot: LonLat,
) -> RouteSheet {
    let depot_stop = |t: f64, leaving: bool| SheetStop {
        id: "depot".to_string(),
        name: request.depot_name.clone(),
        location: depot,
        kind: "depot".to_string(),
        arrival: (!leaving).then(|| clock(t)),
        departure: leaving.then(|| clock(t)),
        service_s: 0.0,
        note: String::new(),
    };
    let mut stops = vec![depot_stop(start_min, true)];
    let (mut t, mut prev, mut distance_m) = (start_min, 0usize, 0.0);
    for &v in day {
        t += cost.duration_s(prev, v) / 60.0;
        distance_m += cost.distance_m(prev, v);
        let arrival = clock(t);
        t += f64::from(request.service_min);
        if let Some(e) = v.checked_sub(1).and_then(|i| sites.get(i)) {
            stops.push(SheetStop {
                id: e.id.clone(),
                name: e.name.clone(),
                location: e.location(),
                kind: "visit".to_string(),
                arrival: Some(arrival),
                departure: Some(clock(t)),
                service_s: f64::from(request.service_min) * 60.0,
                note: format!(
                    "{} · {}",
                    e.class.label(),
                    if e.district.is_empty() {
                        "未填区县"
                    } else {
                        &e.district
                    }
                ),
            });
        }
        prev = v;
    }
    t += cost.duration_s(prev, 0) / 60.0;
    distance_m += cost.distance_m(prev, 0);
    stops.push(depot_stop(t, false));
    let when = date
        .as_deref()
        .map(|d| format!(" · {d}"))
        .unwrap_or_default();
    RouteSheet {
        id: format!("{}-D{}", team.id, k + 1),
        name: format!("检查组 {} · 第{}天{when}", team.id, k + 1),
        team: team.id.clone(),
        date,
        stops,
        geometry: Vec::new(),
        along_roads: false,
        distance_m,
        duration_s: (t - start_min) * 60.0,
        measured_m: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_skip_weekends_and_clock_rolls_over() {
        // 2026-07-03 is a Friday
        let d = day_dates(Some("2026-07-03"), true, 3);
        assert_eq!(
            d,
            vec![
                Some("2026-07-03".into()),
                Some("2026-07-06".into()),
                Some("2026-07-07".into())
            ]
        );
        assert_eq!(
            day_dates(Some("2026-07-03"), false, 2)[1].as_deref(),
            Some("2026-07-04")
        );
        assert_eq!(day_dates(None, true, 2), vec![None, None]);
        assert_eq!(clock(510.0), "08:30");
        assert_eq!(clock(1441.0), "00:01（+1天）");
    }

    #[test]
    fn settings_problems_are_all_reported_with_fields() {
        let r = RouteRequest {
            depot: Some(LonLat::new(f64::NAN, 95.0)),
            start_date: Some("2026-13-01".into()),
            day_start: "8点".into(),
            workday_min: 0,
            service_min: 5000,
            speed_kmh: -1.0,
            ..RouteRequest::default()
        };
        let fields: Vec<_> = r.problems().into_iter().filter_map(|i| i.field).collect();
        assert_eq!(
            fields,
            [
                "depot",
                "start_date",
                "day_start",
                "workday_min",
                "service_min",
                "speed_kmh"
            ]
        );
        assert!(RouteRequest::default().problems().is_empty());
    }

    #[test]
    fn a_router_that_loses_or_repeats_a_visit_is_caught() {
        assert!(check_days("T01", &[vec![1, 2], vec![3]], 3, 2).is_none());
        assert!(check_days("T01", &[vec![1, 2]], 3, 2).is_some());
        assert!(check_days("T01", &[vec![1, 2, 2, 3]], 3, 2).is_some());
        assert!(check_days("T01", &[vec![1], vec![2], vec![3]], 3, 2).is_some());
        assert!(check_days("T01", &[vec![0, 1, 2, 3]], 3, 2).is_some());
        assert!(check_days("T01", &[vec![1, 2, 3, 9]], 3, 2).is_some());
        assert!(check_days("T01", &[vec![1, 2, 3], vec![]], 3, 2).is_some());
    }
}
