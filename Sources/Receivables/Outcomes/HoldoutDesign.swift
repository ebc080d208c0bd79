/// A holdout experiment on a segmentation: in every segment, a share of the accounts goes to
/// `control` (left out of the new treatment) and the rest to `treatment`, so a later
/// `backtest --assignments` can compare their outcomes causally.
///
/// Membership is a stable hash, the same on every run and machine: each account gets
/// `hash = mix(fnv1a64(UTF-8 of salt + "\u{1F}" + account id))` (FNV-1a 64-bit, then the
/// SplitMix64 finalizer so nearby ids spread), and in each segment of `n` accounts the
/// `round(share * n)` accounts with the smallest hash (ties: smaller id) are `control`. So every
/// segment holds the requested share as exactly as its size allows, and an account's group
/// changes only when its segment, the salt or the share changes.
public struct HoldoutDesign: Sendable, Equatable {
    /// Fraction (0-1) of each segment's accounts in control.
    public var share: Double
    public var salt: String

    public init(share: Double, salt: String) {
        precondition((0...1).contains(share), "holdout share \(share) outside 0...1")
        self.share = share
        self.salt = salt
    }

    /// The value `test_group` takes.
    public enum Group: String, Sendable, CaseIterable, Codable {
        case control
        case treatment
    }

    /// The stable hash of one account (definition above).
    public static func hash(accountId: String, salt: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in salt.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3
        for byte in accountId.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        // SplitMix64's finalizer (Steele, Lea & Flood 2014).
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    /// The group of each account, given the accounts' ids and segments (aligned arrays).
    public func groups(ids: [String], segments: [Int]) -> [Group] {
        precondition(ids.count == segments.count, "one segment per account")
        var members: [Int: [Int]] = [:]
        for (row, segment) in segments.enumerated() { members[segment, default: []].append(row) }
        var groups = [Group](repeating: .treatment, count: ids.count)
        let hashes = ids.map { Self.hash(accountId: $0, salt: salt) }
        for rows in members.values {
            let control = Int((share * Double(rows.count)).rounded(.toNearestOrAwayFromZero))
            let ordered = rows.sorted { hashes[$0] != hashes[$1] ? hashes[$0] < hashes[$1] : ids[$0] < ids[$1] }
            for row in ordered.prefix(control) { groups[row] = .control }
        }
        return groups
    }
}
