/// How one ordered list of feature names differs from another: names missing, names extra, or the
/// same names in another order. Used to say exactly why a model cannot be applied or compared.
public struct FeatureListDifference: Sendable, Equatable {
    /// Names `expected` has and `actual` lacks, in `expected`'s order.
    public var missing: [String]
    /// Names `actual` has and `expected` lacks, in `actual`'s order.
    public var extra: [String]
    /// `true` when both hold the same names in a different order.
    public var reordered: Bool

    public init(expected: [String], actual: [String]) {
        let expectedSet = Set(expected)
        let actualSet = Set(actual)
        missing = expected.filter { !actualSet.contains($0) }
        extra = actual.filter { !expectedSet.contains($0) }
        reordered = missing.isEmpty && extra.isEmpty && expected != actual
    }

    /// `true` when the lists are equal.
    public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && !reordered }

    /// The difference in words, e.g. `missing open_balance, dispute_rate; extra credit_score`.
    public func describe(expected: [String], actual: [String]) -> String {
        var parts = [String]()
        if !missing.isEmpty { parts.append("missing " + missing.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("extra " + extra.joined(separator: ", ")) }
        if reordered {
            parts.append("same features in another order (expected \(expected.joined(separator: ",")); "
                         + "found \(actual.joined(separator: ",")))")
        }
        return parts.joined(separator: "; ")
    }
}
