/// How much of the variation of an outcome lies between groups of accounts: the correlation
/// ratio squared, eta squared (Pearson 1905; in one-way ANOVA `SS_between / SS_total`), with
/// weights.
///
/// For values `y_i` with weights `w_i > 0` in groups `g`:
///
///     W_g = sum over g of w_i              ybar_g = sum over g of w_i y_i / W_g
///     W   = sum of w_i                     ybar   = sum of w_i y_i / W
///     SS_total   = sum of w_i (y_i - ybar)^2
///     SS_between = sum over groups of W_g (ybar_g - ybar)^2
///     SS_within  = sum of w_i (y_i - ybar_{g(i)})^2 = SS_total - SS_between
///     eta^2      = SS_between / SS_total, in [0, 1]
///
/// 0: every group has the same (weighted) mean; 1: the groups explain all of it (every account
/// has its group's mean). With all weights 1 it is the textbook eta squared (the R^2 of
/// regressing `y` on group dummies).
///
/// For the backtest's collected share (`discover --horizon`) `y_i = collected_i / overdue_i` and
/// `w_i = overdue_i`, the amount account i had overdue at T. Then `W_g ybar_g` is the group's
/// collected amount, so `ybar_g` is the group's collected share exactly as the backtest reports
/// it (collected / overdue of the group), and `ybar` the portfolio's. See `collectedShare(_:groups:groupCount:)`.
public struct OutcomeSeparation: Sendable, Equatable {
    /// Accounts counted, and the groups holding at least one of them.
    public var accounts: Int
    public var groups: Int
    /// `W`, `ybar`, `SS_total`, `SS_between` as above.
    public var totalWeight: Double
    public var mean: Double
    public var totalSumOfSquares: Double
    public var betweenSumOfSquares: Double
    /// `ybar_g` per group index (`nil` for a group without accounts).
    public var groupMeans: [Double?]

    /// `SS_between / SS_total`; `nil` when `SS_total` is 0 (no account, or every account has the
    /// same value: there is no variance to split). Clamped to [0, 1] against rounding.
    public var etaSquared: Double? {
        guard totalSumOfSquares > 0 else { return nil }
        return min(1, max(0, betweenSumOfSquares / totalSumOfSquares))
    }

    /// The decomposition of `values` (weights `weights`, each > 0) over `groups` (each in
    /// `0..<groupCount`). Two passes (means first, then squared deviations), so no cancellation
    /// of large sums.
    public init(values: [Double], weights: [Double], groups: [Int], groupCount: Int) {
        precondition(values.count == weights.count && values.count == groups.count, "one weight and group per value")
        var groupWeight = [Double](repeating: 0, count: groupCount)
        var groupSum = [Double](repeating: 0, count: groupCount)
        var weight = 0.0, sum = 0.0
        for i in values.indices {
            precondition(weights[i] > 0 && values[i].isFinite, "weights must be positive and values finite")
            groupWeight[groups[i]] += weights[i]
            groupSum[groups[i]] += weights[i] * values[i]
            weight += weights[i]
            sum += weights[i] * values[i]
        }
        let mean = weight > 0 ? sum / weight : 0
        let means = zip(groupSum, groupWeight).map { $1 > 0 ? Optional($0 / $1) : nil }
        var total = 0.0
        for i in values.indices {
            let d = values[i] - mean
            total += weights[i] * d * d
        }
        var between = 0.0
        for g in 0..<groupCount {
            guard let m = means[g] else { continue }
            between += groupWeight[g] * (m - mean) * (m - mean)
        }
        accounts = values.count
        self.groups = means.compactMap { $0 }.count
        totalWeight = weight
        self.mean = mean
        totalSumOfSquares = total
        betweenSumOfSquares = between
        groupMeans = means
    }

    /// The separation of the H-day collected share by the groups: over the accounts overdue at T
    /// (`AccountOutcome`, one definition with the backtest), `y = collected / overdueAtAsOf`
    /// weighted by `overdueAtAsOf`. `groups(accountId)` gives an account's group in
    /// `0..<groupCount`, or `nil` to leave it out (counted in `leftOut`).
    public static func collectedShare(_ outcomes: [AccountOutcome], groups: (String) -> Int?,
                                      groupCount: Int) -> (separation: OutcomeSeparation, leftOut: Int) {
        var values: [Double] = [], weights: [Double] = [], members: [Int] = []
        values.reserveCapacity(outcomes.count)
        weights.reserveCapacity(outcomes.count)
        members.reserveCapacity(outcomes.count)
        var leftOut = 0
        for outcome in outcomes {
            guard let group = groups(outcome.accountId) else { leftOut += 1; continue }
            values.append(outcome.collected / outcome.overdueAtAsOf)
            weights.append(outcome.overdueAtAsOf)
            members.append(group)
        }
        return (OutcomeSeparation(values: values, weights: weights, groups: members, groupCount: groupCount), leftOut)
    }
}
