/// Knee (elbow) detection with the Kneedle algorithm (Satopää, Albrecht, Irwin & Raghavan, 2011,
/// "Finding a 'Kneedle' in a Haystack"), offline variant, for a decreasing convex curve such as
/// k-means inertia against k. It follows the reference implementation `kneed`
/// (`KneeLocator(curve="convex", direction="decreasing", online=False)`) step by step.
///
/// For points `(x_i, y_i)` with `x` strictly increasing:
/// 1. normalise both axes to `[0, 1]`: `x' = (x - min x) / (max x - min x)`, likewise `y'`;
/// 2. difference curve `d_i = (1 - y'_i) - x'_i`: how far the point lies below the chord from the
///    first point to the last;
/// 3. local maxima of `d` (ties count, `>=` both neighbours) set a threshold
///    `T = d_i - S * mean(x'_{j+1} - x'_j)`; local minima reset it to 0;
/// 4. walking right from the first local maximum, the first time `d` drops below the threshold, the
///    local maximum that set it is the knee.
///
/// Edge cases: fewer than three points or a flat curve give no knee (`nil`); a curve that keeps
/// bending until its last point gives no knee either, because no drop follows.
public struct Kneedle: Sendable, Equatable {
    /// Sensitivity `S`: larger values need a clearer drop after the knee. Satopää et al. use 1.
    public var sensitivity: Double

    public init(sensitivity: Double = 1) {
        precondition(sensitivity >= 0, "Kneedle sensitivity must be non-negative")
        self.sensitivity = sensitivity
    }

    /// The index (into `x` and `y`) of the knee of a decreasing convex curve, or `nil` when none.
    /// `x` must be strictly increasing and as long as `y`.
    public func knee(x: [Double], y: [Double]) -> Int? {
        precondition(x.count == y.count, "Kneedle needs as many x as y values")
        guard x.count >= 3, let d = Kneedle.differenceCurve(x: x, y: y) else { return nil }
        let n = d.count
        // Neighbours clipped at the ends, as numpy's argrelextrema(mode="clip") does.
        let isMaximum = (0..<n).map { d[$0] >= d[max($0 - 1, 0)] && d[$0] >= d[min($0 + 1, n - 1)] }
        let isMinimum = (0..<n).map { d[$0] <= d[max($0 - 1, 0)] && d[$0] <= d[min($0 + 1, n - 1)] }
        guard let first = isMaximum.firstIndex(of: true) else { return nil }
        // Mean step of the normalised x axis: it runs from 0 to 1 in n - 1 steps.
        let meanStep = 1.0 / Double(n - 1)
        var threshold = 0.0
        var thresholdIndex = 0
        for i in first..<(n - 1) {
            if isMaximum[i] {
                threshold = d[i] - sensitivity * meanStep
                thresholdIndex = i
            }
            if isMinimum[i] { threshold = 0 }
            if d[i + 1] < threshold { return thresholdIndex }
        }
        return nil
    }

    /// The difference curve `d_i = (1 - y'_i) - x'_i`; `nil` when either axis is flat.
    static func differenceCurve(x: [Double], y: [Double]) -> [Double]? {
        guard let x0 = x.first, let x1 = x.last, x1 > x0,
              let yMin = y.min(), let yMax = y.max(), yMax > yMin else { return nil }
        return zip(x, y).map { xi, yi in
            (1 - (yi - yMin) / (yMax - yMin)) - (xi - x0) / (x1 - x0)
        }
    }
}
