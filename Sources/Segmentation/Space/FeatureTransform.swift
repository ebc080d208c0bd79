import Foundation

/// The transform applied to a feature's raw value before standardization.
public enum FeatureTransform: String, Codable, Sendable, CaseIterable {
    /// The value as it is.
    case none
    /// Sign-preserving `log1p`: `sign(x) * ln(1 + |x|)`, which is `ln(1 + x)` for `x >= 0` and keeps
    /// credits (negative balances) finite and ordered. Used for money, whose distribution is
    /// heavy-tailed (a few accounts owe most of the balance).
    case log1p

    /// Applies the transform to one value.
    @inlinable
    public func apply(_ x: Double) -> Double {
        switch self {
        case .none: return x
        case .log1p: return x < 0 ? -Foundation.log1p(-x) : Foundation.log1p(x)
        }
    }
}

/// One clustering feature of a model: its column name and its transform.
public struct ModelFeature: Codable, Sendable, Equatable {
    /// The column name in the accounts file.
    public var name: String
    public var transform: FeatureTransform

    public init(name: String, transform: FeatureTransform) {
        self.name = name
        self.transform = transform
    }
}
