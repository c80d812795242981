//! Can the open team places still be filled? A bipartite matching question: every open place of
//! team `g` needs its own unused inspector who may serve in team `g`. Answered exactly with
//! augmenting paths (Kuhn 1955, "The Hungarian method for the assignment problem"); the sizes
//! here (tens of inspectors) make the simple `O(places × edges)` method instant.

/// True when every open place (`open[g]` places of team `g`) can get a distinct unused
/// inspector `i` with `allowed[g][i]`.
pub(crate) fn can_fill(open: &[u32], allowed: &[Vec<bool>], used: &[bool]) -> bool {
    let places: Vec<usize> = open
        .iter()
        .enumerate()
        .flat_map(|(g, &k)| std::iter::repeat_n(g, k as usize))
        .collect();
    let free = used.iter().filter(|u| !**u).count();
    if places.len() > free {
        return false;
    }
    // holder[i] = the place inspector i currently fills
    let mut holder: Vec<Option<usize>> = vec![None; used.len()];
    for p in 0..places.len() {
        let mut seen = vec![false; used.len()];
        if !augment(p, &places, allowed, used, &mut holder, &mut seen) {
            return false;
        }
    }
    true
}

fn augment(
    p: usize,
    places: &[usize],
    allowed: &[Vec<bool>],
    used: &[bool],
    holder: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    let Some(row) = places.get(p).and_then(|&g| allowed.get(g)) else {
        return false;
    };
    for i in 0..used.len() {
        if used[i] || seen[i] || !row.get(i).copied().unwrap_or(false) {
            continue;
        }
        seen[i] = true;
        let free = match holder[i] {
            None => true,
            Some(q) => augment(q, places, allowed, used, holder, seen),
        };
        if free {
            holder[i] = Some(p);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: try every assignment of places to inspectors.
    fn brute(open: &[u32], allowed: &[Vec<bool>], used: &[bool]) -> bool {
        let places: Vec<usize> = open
            .iter()
            .enumerate()
            .flat_map(|(g, &k)| std::iter::repeat_n(g, k as usize))
            .collect();
        fn go(p: usize, places: &[usize], allowed: &[Vec<bool>], taken: &mut Vec<bool>) -> bool {
            if p == places.len() {
                return true;
            }
            for i in 0..taken.len() {
                if !taken[i] && allowed[places[p]][i] {
                    taken[i] = true;
                    if go(p + 1, places, allowed, taken) {
                        return true;
                    }
                    taken[i] = false;
                }
            }
            false
        }
        let mut taken = used.to_vec();
        go(0, &places, allowed, &mut taken)
    }

    #[test]
    fn agrees_with_brute_force_on_seeded_random_cases() {
        let mut rng = crate::demo::DemoRng::new(5);
        for case in 0..400 {
            let teams = 1 + rng.below(3);
            let n = 2 + rng.below(6);
            let open: Vec<u32> = (0..teams).map(|_| rng.below(3) as u32).collect();
            let density = rng.unit();
            let allowed: Vec<Vec<bool>> = (0..teams)
                .map(|_| (0..n).map(|_| rng.unit() < density).collect())
                .collect();
            let used: Vec<bool> = (0..n).map(|_| rng.unit() < 0.2).collect();
            assert_eq!(
                can_fill(&open, &allowed, &used),
                brute(&open, &allowed, &used),
                "case {case}: open {open:?} allowed {allowed:?} used {used:?}"
            );
        }
    }
}
