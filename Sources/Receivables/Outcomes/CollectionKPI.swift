/// The portfolio collection KPIs as pure functions of balances and billing, with the
/// definitions of the Credit Research Foundation (CRF) and the sources in
/// `research/dunning-and-kpis.md` section 2. Money in currency units; every function returns
/// `nil` where its denominator is 0 (a KPI is undefined then, never infinite or NaN).
public enum CollectionKPI {
    /// Standard DSO: `openAR / billing * days`, with `billing` the amount invoiced in the
    /// `days` ending at the key date (the backtest uses 90 days: invoiced in (T-90, T]).
    /// Example: AR 150,000 against 1,800,000 billed in 365 days is 30.42 days.
    public static func daysSalesOutstanding(openAR: Double, billing: Double, days: Int) -> Double? {
        billing > 0 ? openAR / billing * Double(days) : nil
    }

    /// Best possible DSO: `currentAR / billing * days`, the DSO if every past-due amount were
    /// collected; `currentAR` is the open amount not yet past due.
    public static func bestPossibleDSO(currentAR: Double, billing: Double, days: Int) -> Double? {
        daysSalesOutstanding(openAR: currentAR, billing: billing, days: days)
    }

    /// Average days delinquent, portfolio form: `DSO - BPDSO` (both over the same billing).
    public static func averageDaysDelinquent(openAR: Double, currentAR: Double, billing: Double, days: Int) -> Double? {
        guard let dso = daysSalesOutstanding(openAR: openAR, billing: billing, days: days),
              let best = bestPossibleDSO(currentAR: currentAR, billing: billing, days: days) else { return nil }
        return dso - best
    }

    /// Percent current: `100 * currentAR / openAR`.
    public static func percentCurrent(currentAR: Double, openAR: Double) -> Double? {
        openAR > 0 ? 100 * currentAR / openAR : nil
    }

    /// Collection effectiveness index over a period:
    /// `100 * (B + S/N - E) / (B + S/N - Ec)` with `B` the open AR at the start, `S` the
    /// amount invoiced during the period, `E` the open AR at the end, `Ec` the current (not yet
    /// due) part of `E`, and `N` the number of months `S` covers (CRF; `N = 1`, the default,
    /// is the undivided form most sites compute and the backtest uses over its window).
    /// Example (creditguru): B 6,200, S 10,890 over 3 months, E 6,340, Ec 3,590 gives 55.93 with
    /// N = 3 and 79.63 with N = 1.
    public static func collectionEffectivenessIndex(beginningAR: Double, billing: Double, endingAR: Double,
                                                    endingCurrentAR: Double, months: Double = 1) -> Double? {
        let collectable = beginningAR + billing / months - endingCurrentAR
        return collectable > 0 ? 100 * (beginningAR + billing / months - endingAR) / collectable : nil
    }

    /// The `q`-quantile (0-1) of a sample by linear interpolation between the order statistics
    /// (numpy's and pandas' default, Hyndman & Fan type 7): position `q * (n - 1)` in the
    /// sorted sample. `nil` for an empty sample.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        precondition((0...1).contains(q), "quantile \(q) outside 0...1")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }
}
