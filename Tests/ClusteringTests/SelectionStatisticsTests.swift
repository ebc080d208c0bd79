import NumericCore
import Testing
@testable import Clustering

/// Gap statistic, bootstrap stability, seed agreement and the k search on seeded data whose
/// cluster structure is known.
@Suite struct SelectionStatisticsTests {
    /// `perCluster` points around each of `centres`, with Gaussian noise of deviation `noise`.
    static func blobs(_ centres: [[Double]], perCluster: Int, noise: Double = 1, seed: UInt64) -> (Matrix, [Int]) {
        var rng = SplitMix64(seed: seed)
        var rows = [[Double]]()
        var labels = [Int]()
        for _ in 0..<perCluster {
            for (c, centre) in centres.enumerated() {
                rows.append(centre.map { $0 + noise * rng.nextGaussian() })
                labels.append(c)
            }
        }
        return (Matrix(rows), labels)
    }

    static let fourCorners: [[Double]] = [[0, 0], [12, 0], [0, 12], [12, 12]]

    static func kmeans(seed: UInt64 = 42) -> KMeans {
        KMeans(clusterCount: 2, initialization: .kMeansPlusPlus, restarts: 4, maxIterations: 300,
               tolerance: 1e-4, seed: seed)
    }

    static func uniform(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in rng.nextUniform() })
    }

    @Test func gapFindsFourBlobs() throws {
        let (x, _) = Self.blobs(Self.fourCorners, perCluster: 50, seed: 1)
        let result = try GapStatistic(referenceSets: 10, seed: 3)
            .evaluate(x, clusterCounts: Array(1...7), kmeans: Self.kmeans())
        #expect(result.selectedClusterCount == 4)
        // Structure makes the data tighter than uniform reference data: Gap(4) clearly positive
        // and larger than Gap(1), where the data are one lump.
        #expect(result.gap[3] > result.gap[0] + 1)
        #expect(result.standardError.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test func gapOnUniformDataPicksOneCluster() throws {
        let x = Self.uniform(rows: 200, columns: 2, seed: 11)
        let result = try GapStatistic(referenceSets: 10, seed: 5)
            .evaluate(x, clusterCounts: Array(1...6), kmeans: Self.kmeans())
        #expect(result.selectedClusterCount == 1)
    }

    @Test func gapIsReproducibleAndUsesGivenInertia() throws {
        let (x, _) = Self.blobs(Self.fourCorners, perCluster: 20, seed: 2)
        let gap = GapStatistic(referenceSets: 5, seed: 9)
        let a = try gap.evaluate(x, clusterCounts: [2, 3, 4, 5], kmeans: Self.kmeans())
        let b = try gap.evaluate(x, clusterCounts: [2, 3, 4, 5], kmeans: Self.kmeans())
        #expect(a == b)
        let observed = try [2, 3, 4, 5].map { try Self.kmeans().refit(clusterCount: $0, seed: 42).fit(x).inertia }
        let c = try gap.evaluate(x, clusterCounts: [2, 3, 4, 5], kmeans: Self.kmeans(), observedInertia: observed)
        #expect(c == a)
    }

    @Test func bootstrapSeparatesStableFromArbitraryClusters() throws {
        let (x, _) = Self.blobs(Self.fourCorners, perCluster: 40, seed: 4)
        let bootstrap = ClusterBootstrap(replicates: 20, seed: 8)
        let four = try Self.kmeans().refit(clusterCount: 4, seed: 42).fit(x)
        let stable = try bootstrap.evaluate(x, labels: four.labels, clusterCount: 4, kmeans: Self.kmeans())
        #expect(stable.meanJaccard.allSatisfy { $0 > 0.95 })
        #expect(stable.recovered == [20, 20, 20, 20])
        #expect(stable.dissolved == [0, 0, 0, 0])

        // Seven clusters on four blobs split blobs arbitrarily: some cluster is far less stable.
        let seven = try Self.kmeans().refit(clusterCount: 7, seed: 42).fit(x)
        let split = try bootstrap.evaluate(x, labels: seven.labels, clusterCount: 7, kmeans: Self.kmeans())
        #expect(split.meanJaccard.min()! < 0.85)
        #expect(try bootstrap.evaluate(x, labels: seven.labels, clusterCount: 7, kmeans: Self.kmeans()) == split)
    }

    @Test func seedsAgreeOnClearStructureOnly() throws {
        let (x, truth) = Self.blobs(Self.fourCorners, perCluster: 30, seed: 6)
        let clear = try SeedStability(runs: 5, seed: 1)
            .evaluate(x, kmeans: Self.kmeans().refit(clusterCount: 4, seed: 0), referenceLabels: truth)
        #expect(clear.meanPairwiseARI > 0.99)
        #expect(clear.ariToReference!.allSatisfy { $0 > 0.99 })
        #expect(Set(clear.seeds).count == 5)

        // On uniform noise with one restart, different seeds give different partitions.
        let noise = Self.uniform(rows: 300, columns: 2, seed: 3)
        var oneRestart = Self.kmeans().refit(clusterCount: 6, seed: 0)
        oneRestart.restarts = 1
        let vague = try SeedStability(runs: 5, seed: 1).evaluate(noise, kmeans: oneRestart)
        #expect(vague.minPairwiseARI < 0.9)
        #expect(vague.ariToReference == nil)
    }

    @Test func searchRecommendsTheTrueK() throws {
        let (x, _) = Self.blobs(Self.fourCorners, perCluster: 40, seed: 12)
        var search = KSearch(clusterCounts: Array(2...7), kmeans: Self.kmeans())
        search.bootstrapReplicates = 5
        search.gapReferenceSets = 5
        var steps = [Int]()
        let result = try search.run(x) { done, total in
            steps.append(done)
            #expect(total == search.totalSteps)
        }
        #expect(result.recommendedK == 4)
        #expect(result.vote.votes(for: 4) >= 4)
        #expect(result.elbow == 4)
        #expect(steps == Array(1...search.totalSteps))
        let four = result.candidates[2]
        #expect(four.k == 4 && four.clusterSizes == [40, 40, 40, 40])
        #expect(four.stability! > 0.95)
        #expect(four.gap != nil)
        // The stored indices are the Clustering metrics of that fit.
        let fit = try Self.kmeans().refit(clusterCount: 4, seed: 42).fit(x)
        #expect(four.silhouette == ClusterQuality.silhouetteScore(x, labels: fit.labels))
        #expect(four.inertia == fit.inertia)
    }

    @Test func searchRejectsUnusableRanges() {
        let (x, _) = Self.blobs(Self.fourCorners, perCluster: 2, seed: 1)
        #expect(throws: SelectionError.clusterCountBelowTwo(1)) {
            try KSearch(clusterCounts: [1, 2], kmeans: Self.kmeans()).run(x)
        }
        #expect(throws: SelectionError.tooFewRows(rows: 8, largestK: 8)) {
            try KSearch(clusterCounts: [2, 8], kmeans: Self.kmeans()).run(x)
        }
        #expect(throws: SelectionError.unorderedRange([3, 2])) {
            try KSearch(clusterCounts: [3, 2], kmeans: Self.kmeans()).run(x)
        }
    }
}
