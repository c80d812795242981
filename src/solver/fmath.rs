//! `exp` and `ln` from additions, multiplications and divisions only, so that simulated
//! annealing makes the same decisions natively and in wasm (the platforms' `f64::exp` and
//! `f64::ln` may differ in the last bit; IEEE-754 basic operations do not).

const LN2: f64 = std::f64::consts::LN_2;

/// Natural logarithm; `-∞` for 0 and NaN for negative input.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    // x = m · 2^e with m in [1, 2); subnormals are scaled up first
    let (x, extra) = if x < f64::MIN_POSITIVE {
        (x * 18_014_398_509_481_984.0, -54i64) // 2^54
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023 + extra;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1) ∈ [0, 1/3)
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    for _ in 0..24 {
        sum += term / k;
        term *= s2;
        k += 2.0;
    }
    e as f64 * LN2 + 2.0 * sum
}

/// Exponential; 0 below −745 and ∞ above 709.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let n = (x / LN2).round();
    let r = x - n * LN2; // |r| ≤ 0.35
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=20 {
        term *= r / f64::from(k);
        sum += term;
    }
    // multiply by 2^n in steps that stay normal
    let mut n = n as i32;
    while n > 0 {
        let step = n.min(1000);
        sum *= pow2(step);
        n -= step;
    }
    while n < 0 {
        let step = (-n).min(1000);
        sum /= pow2(step);
        n += step;
    }
    sum
}

/// 2^k for 0 ≤ k ≤ 1000, exactly.
fn pow2(k: i32) -> f64 {
    f64::from_bits(((1023 + i64::from(k)) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_to_std() {
        for &x in &[1e-300, 1e-10, 0.001, 0.5, 1.0, 2.0, 3.7, 1e5, 1e300] {
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= 1e-13 * b.abs().max(1.0),
                "ln {x}: {a} vs {b}"
            );
        }
        for &x in &[-700.0, -20.0, -1.0, -1e-9, 0.0, 0.3, 1.0, 10.0, 300.0] {
            let (a, b) = (exp(x), x.exp());
            assert!((a - b).abs() <= 1e-13 * b.abs(), "exp {x}: {a} vs {b}");
        }
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
        assert_eq!(exp(-800.0), 0.0);
    }
}
