import Foundation

/// A majority vote for the number of clusters across indices, in the manner of R's NbClust
/// (Charrad et al. 2014), which reports the k proposed by the most indices.
///
/// Ballots, one per index that can decide:
/// - silhouette: the k with the highest mean silhouette;
/// - Calinski-Harabasz: the k with the highest variance ratio;
/// - Davies-Bouldin: the k with the lowest index;
/// - gap: Tibshirani's rule (smallest k with `Gap(k) >= Gap(k+1) - s_{k+1}`);
/// - elbow: the knee of inertia against k (Kneedle), when there is one.
/// The recommended k has the most ballots; ties go to the smallest tied k, because fewer segments
/// are easier for a collections team to run and explain. Non-finite index values never win.
/// A winner at the top of the searched range is flagged in the reason: the indices may still be
/// improving beyond it.
public struct KVote: Codable, Sendable, Equatable {
    /// The k with the most ballots.
    public var recommended: Int
    /// Every index's ballot, in the order listed above (an index that could not decide has `k == nil`).
    public var ballots: [KBallot]
    /// Why `recommended` won, in words.
    public var reason: String

    public init(recommended: Int, ballots: [KBallot], reason: String) {
        self.recommended = recommended
        self.ballots = ballots
        self.reason = reason
    }

    /// Number of ballots cast for `k`.
    public func votes(for k: Int) -> Int { ballots.filter { $0.k == k }.count }

    /// Counts the ballots of `candidates` (at least one), the gap result, and the elbow k.
    public static func tally(candidates: [KSearchCandidate], gap: GapStatisticResult?, elbow: Int?) -> KVote {
        precondition(!candidates.isEmpty, "KVote needs at least one candidate")
        var ballots = [KBallot]()
        ballots.append(best(candidates, index: .silhouette, value: \.silhouette, higherIsBetter: true))
        ballots.append(best(candidates, index: .calinskiHarabasz, value: \.calinskiHarabasz, higherIsBetter: true))
        ballots.append(best(candidates, index: .daviesBouldin, value: \.daviesBouldin, higherIsBetter: false))
        if let gap {
            let i = gap.selectedIndex
            let reason: String
            if i + 1 < gap.gap.count {
                reason = "gap statistic: k=\(gap.clusterCounts[i]) is the first k with Gap(k) >= Gap(k+1) - s(k+1) ("
                    + "\(format(gap.gap[i])) >= \(format(gap.gap[i + 1])) - \(format(gap.standardError[i + 1])))"
            } else {
                reason = "gap statistic: no k satisfies Gap(k) >= Gap(k+1) - s(k+1), so the largest k searched (\(gap.clusterCounts[i]))"
            }
            ballots.append(KBallot(index: .gap, k: gap.clusterCounts[i], reason: reason))
        } else {
            ballots.append(KBallot(index: .gap, k: nil, reason: "gap statistic not computed"))
        }
        if let elbow {
            ballots.append(KBallot(index: .elbow, k: elbow,
                                   reason: "elbow: inertia stops falling steeply at k=\(elbow) (Kneedle knee)"))
        } else {
            ballots.append(KBallot(index: .elbow, k: nil, reason: "elbow: the inertia curve has no clear knee"))
        }

        let cast = ballots.compactMap(\.k)
        guard !cast.isEmpty else {
            let k = candidates[0].k
            return KVote(recommended: k, ballots: ballots,
                         reason: "no index could decide; k=\(k), the smallest searched, by default")
        }
        let counts = Dictionary(cast.map { ($0, 1) }, uniquingKeysWith: +)
        let most = counts.values.max()!
        let winner = counts.filter { $0.value == most }.keys.min()!
        let supporters = ballots.filter { $0.k == winner }.map(\.index.displayName)
        var reason = "k=\(winner): \(most) of \(ballots.count) indices agree (\(supporters.joined(separator: ", ")))"
        if counts.filter({ $0.value == most }).count > 1 {
            reason += "; tied with " + counts.filter { $0.value == most && $0.key != winner }.keys.sorted()
                .map { "k=\($0)" }.joined(separator: ", ") + ", the smallest tied k wins"
        }
        if winner == candidates.map(\.k).max()!, candidates.count > 1 {
            reason += "; it is the largest k searched: a wider range may fit better"
        }
        return KVote(recommended: winner, ballots: ballots, reason: reason)
    }

    static func best(_ candidates: [KSearchCandidate], index: SelectionIndex, value: KeyPath<KSearchCandidate, Double>,
                     higherIsBetter: Bool) -> KBallot {
        let finite = candidates.filter { $0[keyPath: value].isFinite }
        // On equal values the smaller k wins.
        let winner = higherIsBetter
            ? finite.max { $0[keyPath: value] < $1[keyPath: value] || ($0[keyPath: value] == $1[keyPath: value] && $0.k > $1.k) }
            : finite.min { $0[keyPath: value] < $1[keyPath: value] || ($0[keyPath: value] == $1[keyPath: value] && $0.k < $1.k) }
        guard let winner else {
            return KBallot(index: index, k: nil, reason: "\(index.displayName): no finite value")
        }
        let word = higherIsBetter ? "highest" : "lowest"
        return KBallot(index: index, k: winner.k,
                       reason: "\(index.displayName) is \(word) at k=\(winner.k) (\(format(winner[keyPath: value])))")
    }

    static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}

/// One index's vote for k, with the reason in words.
public struct KBallot: Codable, Sendable, Equatable {
    public var index: SelectionIndex
    /// The proposed k, or `nil` when the index could not decide.
    public var k: Int?
    public var reason: String

    public init(index: SelectionIndex, k: Int?, reason: String) {
        self.index = index
        self.k = k
        self.reason = reason
    }
}

/// The indices that vote on k.
public enum SelectionIndex: String, Codable, Sendable, CaseIterable {
    case silhouette
    case calinskiHarabasz = "calinski_harabasz"
    case daviesBouldin = "davies_bouldin"
    case gap
    case elbow

    /// The name shown to people.
    public var displayName: String {
        switch self {
        case .silhouette: return "silhouette"
        case .calinskiHarabasz: return "Calinski-Harabasz"
        case .daviesBouldin: return "Davies-Bouldin"
        case .gap: return "gap statistic"
        case .elbow: return "elbow"
        }
    }
}
