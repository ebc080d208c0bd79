import Testing
@testable import Clustering

/// Tibshirani's gap rule and the NbClust-style vote, on numbers chosen by hand.
@Suite struct SelectionVoteTests {
    @Test func gapRulePicksFirstKWithinOneStandardError() {
        // i=0: 0.5 >= 0.9 - 0.1? no.  i=1: 0.9 >= 0.95 - 0.1 = 0.85? yes.
        #expect(GapStatisticResult.firstStandardErrorIndex(gap: [0.5, 0.9, 0.95, 0.7],
                                                           standardError: [0.1, 0.1, 0.1, 0.1]) == 1)
    }

    @Test func gapRuleFallsBackToLargestK() {
        #expect(GapStatisticResult.firstStandardErrorIndex(gap: [0.1, 0.2, 0.3, 0.4],
                                                           standardError: [0.01, 0.01, 0.01, 0.01]) == 3)
        #expect(GapStatisticResult.firstStandardErrorIndex(gap: [0.3], standardError: [0.05]) == 0)
    }

    func candidate(_ k: Int, silhouette: Double, ch: Double, db: Double, inertia: Double) -> KSearchCandidate {
        KSearchCandidate(k: k, inertia: inertia, silhouette: silhouette, calinskiHarabasz: ch, daviesBouldin: db,
                   clusterSizes: [Int](repeating: 1, count: k), iterations: 1, converged: true)
    }

    func gap(_ ks: [Int], _ g: [Double]) -> GapStatisticResult {
        GapStatisticResult(clusterCounts: ks, logW: ks.map { _ in 0 }, expectedLogW: g, gap: g,
                           standardError: ks.map { _ in 0.01 }, referenceSets: 10)
    }

    @Test func majorityWinsWithReasons() {
        let candidates = [
            candidate(2, silhouette: 0.40, ch: 100, db: 0.9, inertia: 900),
            candidate(3, silhouette: 0.55, ch: 180, db: 0.7, inertia: 400),
            candidate(4, silhouette: 0.50, ch: 150, db: 0.6, inertia: 350),
        ]
        let vote = KVote.tally(candidates: candidates, gap: gap([2, 3, 4], [0.2, 0.6, 0.5]), elbow: 3)
        #expect(vote.recommended == 3)
        #expect(vote.votes(for: 3) == 4)
        #expect(vote.votes(for: 4) == 1)
        #expect(vote.ballots.map(\.index) == SelectionIndex.allCases)
        #expect(vote.ballots[2].k == 4)
        #expect(vote.ballots[2].reason.contains("Davies-Bouldin is lowest at k=4"))
        #expect(vote.reason == "k=3: 4 of 5 indices agree (silhouette, Calinski-Harabasz, gap statistic, elbow)")
    }

    @Test func tieGoesToSmallestK() {
        let candidates = [
            candidate(2, silhouette: 0.40, ch: 300, db: 0.5, inertia: 900),
            candidate(5, silhouette: 0.60, ch: 100, db: 0.9, inertia: 100),
        ]
        // silhouette 5, CH 2, DB 2, gap 5, no elbow: 2-2 tie.
        let vote = KVote.tally(candidates: candidates, gap: gap([2, 5], [0.1, 0.5]), elbow: nil)
        #expect(vote.recommended == 2)
        #expect(vote.ballots[4].k == nil)
        #expect(vote.reason.contains("tied with k=5"))
    }

    @Test func nonFiniteValuesNeverWin() {
        let candidates = [
            candidate(2, silhouette: .nan, ch: .infinity, db: 0.5, inertia: 900),
            candidate(3, silhouette: 0.3, ch: 50, db: 0.8, inertia: 500),
        ]
        let vote = KVote.tally(candidates: candidates, gap: nil, elbow: nil)
        #expect(vote.ballots[0].k == 3)
        #expect(vote.ballots[1].k == 3)
        #expect(vote.ballots[3].k == nil)
        #expect(vote.recommended == 3)
        #expect(vote.reason.hasSuffix("it is the largest k searched: a wider range may fit better"))
    }
}
