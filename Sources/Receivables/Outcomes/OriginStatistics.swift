import Foundation

/// The statistics that compare backtest origins: rank agreement and drift of the segment mix.
public enum OriginStatistics {
    /// Kendall's tau-b between two paired samples (ties handled as scipy's `kendalltau`):
    /// `(C - D) / sqrt((n0 - n1)(n0 - n2))` over all pairs, with `C`/`D` concordant/discordant
    /// pairs, `n0 = n(n-1)/2`, `n1`/`n2` the pairs tied in `x`/`y`. `nil` with fewer than two
    /// pairs or when either sample is constant. O(n^2): it ranks a handful of strategies.
    public static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "paired samples")
        var concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0
        for i in x.indices {
            for j in x.indices where j > i {
                pairs += 1
                let dx = x[j] - x[i], dy = y[j] - y[i]
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
                if dx == 0 || dy == 0 { continue }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
        return denominator > 0 ? Double(concordant - discordant) / denominator : nil
    }

    /// Shares below this are raised to it in `populationStabilityIndex`, so an empty category
    /// gives a large finite term instead of an infinite one (the usual convention).
    public static let psiFloor = 1e-4

    /// Population stability index between two mixes over the same categories:
    /// `sum (a_i - e_i) ln(a_i / e_i)` with `e` the earlier shares and `a` the later ones, each
    /// count divided by its total and floored at `psiFloor`. Rules of thumb (not tests): below
    /// 0.1 stable, 0.1-0.25 a moderate shift, above 0.25 a major shift. `nil` when a total is 0.
    public static func populationStabilityIndex(expected: [Int], actual: [Int]) -> Double? {
        precondition(expected.count == actual.count, "the same categories")
        let e = Double(expected.reduce(0, +)), a = Double(actual.reduce(0, +))
        guard e > 0, a > 0 else { return nil }
        var psi = 0.0
        for (ei, ai) in zip(expected, actual) {
            let p = max(psiFloor, Double(ei) / e), q = max(psiFloor, Double(ai) / a)
            psi += (q - p) * log(q / p)
        }
        return psi
    }

    /// The band of a PSI value: `stable` (< 0.1), `moderate shift` (0.1-0.25), `major shift` (> 0.25).
    public static func psiBand(_ psi: Double) -> String {
        psi < 0.1 ? "stable" : psi <= 0.25 ? "moderate shift" : "major shift"
    }
}
