//! The monthly report (月报) in the bureau's table form: runs and kilometres (measured 走航 vs
//! transit), staff dispatched (人次), enterprises inspected (厂次), incidents verified and key
//! cases (straw fires ≥ 200 m², garbage fires ≥ 20 m²), cases filed, fines (万元),
//! administrative decisions and serious cases.
//!
//! It is built from typed inputs ([`MonthlyInput`]): the month's plans ([`PlanDocument`]s, whose
//! dated routes are the runs), the verification records of fire points and other incidents
//! ([`VerificationRecord`]) and the results of enterprise inspections ([`InspectionRecord`]).
//! The workflows that produce those records hand them over in these shapes; [`monthly_report`]
//! only counts, so every figure can be traced to the records (each row says which).

mod build;
mod records;
mod render;

pub use build::{monthly_report, MonthlyReport, ReportRow, KEY_GARBAGE_M2, KEY_STRAW_M2};
pub use records::{IncidentType, InspectionRecord, MonthlyInput, VerificationRecord};
pub use render::{monthly_report_csv, monthly_report_html};
