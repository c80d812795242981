//! Path geometry: turning a found path (start place, whole edges, end place) into one
//! polyline for drawing, cutting the first and last edges at the snapped positions.

use crate::geodesy::haversine_m;
use crate::model::LonLat;
use crate::roads::endpoint::{Place, RawPath};
use crate::roads::graph::RoadGraph;

/// The part of a polyline between fractions `f0` and `f1` of its length (reversed when
/// `f1 < f0`).
pub fn slice(poly: &[LonLat], f0: f64, f1: f64) -> Vec<LonLat> {
    if poly.is_empty() {
        return Vec::new();
    }
    if f1 < f0 {
        let mut s = slice(poly, f1, f0);
        s.reverse();
        return s;
    }
    let cum: Vec<f64> = std::iter::once(0.0)
        .chain(poly.windows(2).scan(0.0, |acc, w| {
            *acc += haversine_m(w[0], w[1]);
            Some(*acc)
        }))
        .collect();
    let total = cum.last().copied().unwrap_or(0.0);
    let at = |f: f64| -> LonLat {
        let target = f.clamp(0.0, 1.0) * total;
        for (i, w) in poly.windows(2).enumerate() {
            let (a, b) = (
                cum.get(i).copied().unwrap_or(0.0),
                cum.get(i + 1).copied().unwrap_or(0.0),
            );
            if target <= b || i + 2 == poly.len() {
                let t = if b > a {
                    ((target - a) / (b - a)).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                return LonLat::new(
                    w[0].lon + t * (w[1].lon - w[0].lon),
                    w[0].lat + t * (w[1].lat - w[0].lat),
                );
            }
        }
        poly.first().copied().unwrap_or_default()
    };
    let mut out = vec![at(f0)];
    let (d0, d1) = (f0.clamp(0.0, 1.0) * total, f1.clamp(0.0, 1.0) * total);
    for (p, &c) in poly.iter().zip(&cum) {
        if c > d0 && c < d1 {
            out.push(*p);
        }
    }
    out.push(at(f1));
    out
}

fn push_all(out: &mut Vec<LonLat>, pts: impl IntoIterator<Item = LonLat>) {
    for p in pts {
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
}

/// The polyline of a path from `from` to `to`.
pub(crate) fn path_polyline(
    g: &RoadGraph,
    from: &Place,
    to: &Place,
    path: &RawPath,
) -> Vec<LonLat> {
    let mut out = Vec::new();
    let edge_poly = |e: u32| g.edge_polyline(e);
    let Some(first) = path.first else {
        // a direct path along one edge, or a node to itself
        match (*from, *to) {
            (Place::OnEdge { edge, fraction: a }, Place::OnEdge { fraction: b, .. }) => {
                push_all(&mut out, slice(&edge_poly(edge), a, b));
            }
            (Place::Node(n), _) => push_all(&mut out, g.node(n)),
            _ => {}
        }
        return out;
    };
    match *from {
        Place::Node(n) => push_all(&mut out, g.node(n)),
        Place::OnEdge { edge, fraction } => {
            let to_end = g.edges.get(edge as usize).is_some_and(|e| e.to.0 == first);
            push_all(
                &mut out,
                slice(&edge_poly(edge), fraction, if to_end { 1.0 } else { 0.0 }),
            );
        }
    }
    for s in &path.steps {
        let mut p = edge_poly(s.edge);
        if s.reverse {
            p.reverse();
        }
        push_all(&mut out, p);
    }
    match (*to, path.last) {
        (Place::Node(n), _) => push_all(&mut out, g.node(n)),
        (Place::OnEdge { edge, fraction }, Some(last)) => {
            let from_start = g.edges.get(edge as usize).is_some_and(|e| e.from.0 == last);
            push_all(
                &mut out,
                slice(
                    &edge_poly(edge),
                    if from_start { 0.0 } else { 1.0 },
                    fraction,
                ),
            );
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cut_at_fractions_both_ways() {
        let poly = [
            LonLat::new(0.0, 0.0),
            LonLat::new(1.0, 0.0),
            LonLat::new(2.0, 0.0),
        ];
        let s = slice(&poly, 0.25, 0.75);
        assert_eq!(s.len(), 3);
        assert!((s[0].lon - 0.5).abs() < 1e-9 && (s[2].lon - 1.5).abs() < 1e-9);
        let r = slice(&poly, 0.75, 0.25);
        assert!((r[0].lon - 1.5).abs() < 1e-9 && (r[2].lon - 0.5).abs() < 1e-9);
        assert_eq!(slice(&poly, 0.0, 1.0).len(), 3);
        assert!(slice(&[], 0.0, 1.0).is_empty());
    }
}
