import NumericCore
import Testing
@testable import Clustering

/// The per-cluster best-match Jaccard of fpc::clusterboot, on cases computed by hand.
@Suite struct SelectionJaccardTests {
    @Test func handComputedBestMatches() {
        // Original clusters of the resampled points: A0 = {0,1,2}, A1 = {3,4}, A2 = {5}; A3 absent.
        // Bootstrap clusters: B0 = {2,3,4,5}, B1 = {0,1}.
        // A0: J(B0) = 1/6, J(B1) = 2/3.  A1: J(B0) = 2/4, J(B1) = 0.  A2: J(B0) = 1/4.  A3: 0 (0/0 and 0/n).
        let scores = ClusterBootstrap.bestJaccard(original: [0, 0, 0, 1, 1, 2], originalCount: 4,
                                                  bootstrap: [1, 1, 0, 0, 0, 0], bootstrapCount: 2)
        #expect(scores == [2.0 / 3.0, 0.5, 0.25, 0])
    }

    @Test func identicalPartitionsUpToRelabellingScoreOne() {
        let original = [0, 0, 1, 1, 1, 2, 2, 0]
        let permuted = original.map { [2, 0, 1][$0] }
        #expect(ClusterBootstrap.bestJaccard(original: original, originalCount: 3,
                                             bootstrap: permuted, bootstrapCount: 3) == [1, 1, 1])
    }

    @Test func scoresStayInUnitInterval() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let n = 1 + rng.nextInt(below: 40)
            let a = (0..<n).map { _ in rng.nextInt(below: 4) }
            let b = (0..<n).map { _ in rng.nextInt(below: 3) }
            let scores = ClusterBootstrap.bestJaccard(original: a, originalCount: 4, bootstrap: b, bootstrapCount: 3)
            #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
            // A cluster present in the sample overlaps some bootstrap cluster, so it scores above 0.
            for c in Set(a) { #expect(scores[c] > 0) }
        }
    }

    @Test func resultAveragesOverClusters() {
        let result = ClusterBootstrapResult(replicates: 4, meanJaccard: [1, 0.5, 0.25, 0.25],
                                            dissolved: [0, 2, 4, 4], recovered: [4, 0, 0, 0])
        #expect(result.overallMeanJaccard == 0.5)
    }
}
