import Testing
import PropertyBased
import NumericCore
import TestSupport
import Clustering

/// Mini-batch k-means: seeded and thread-count independent, self-consistent, and close to full
/// k-means where both apply.
@Suite struct MiniBatchKMeansTests {
    @Test func recoversWellSeparatedBlobs() throws {
        let (x, truth) = gaussianBlobs(rows: 6000, columns: 3, clusters: 4, spread: 40, seed: 11)
        let model = try MiniBatchKMeans(clusterCount: 4, batchSize: 256, seed: 3).fit(x)
        #expect(ClusterQuality.adjustedRandIndex(model.labels, truth) == 1)
        let full = try KMeans(clusterCount: 4, seed: 3).fit(x)
        #expect(model.inertia <= full.inertia * 1.01, "mini-batch \(model.inertia) vs full \(full.inertia)")
        #expect(model.inertia >= full.inertia * (1 - 1e-9))
    }

    @Test func modelIsConsistentAndSeeded() async {
        await propertyCheck(count: 12, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 5...900),
                            Gen.int(in: 1...5), Gen.int(in: 1...6)) { seed, rows, columns, clusters in
            let k = min(clusters, rows)
            let (x, _) = gaussianBlobs(rows: rows, columns: columns, clusters: max(1, k - 1), spread: 5, seed: seed)
            let weights = (0..<rows).map { Double(($0 * 7) % 3) + 0.5 }
            let estimator = MiniBatchKMeans(clusterCount: k, batchSize: 64, maxIterations: 20, tolerance: 1e-4,
                                            seed: seed, threadCount: 1)
            let model = try estimator.fit(x, sampleWeights: weights)
            #expect(model.centroids.rows == k && model.centroids.columns == columns)
            #expect(model.centroids.isFinite)
            #expect(model.labels.count == rows)
            expectSameNearestCentroid(x, predicted: model.predict(x), labels: model.labels, centroids: model.centroids)
            #expect(approxEqual(model.inertia, ClusterQuality.inertia(x, labels: model.labels, centroids: model.centroids,
                                                                      sampleWeights: weights),
                                relative: 1e-9, absolute: 1e-9))
            #expect(model.iterations >= 1 && model.iterations <= 20)
            var threaded = estimator
            threaded.threadCount = 2
            #expect(try threaded.fit(x, sampleWeights: weights) == model)
            #expect(try estimator.fit(x, sampleWeights: weights) == model)
        }
    }

    @Test func stopsEarlyWithoutImprovement() throws {
        let (x, _) = gaussianBlobs(rows: 20_000, columns: 2, clusters: 3, spread: 30, seed: 2)
        let model = try MiniBatchKMeans(clusterCount: 3, batchSize: 100, maxIterations: 100, seed: 1).fit(x)
        #expect(model.converged)
        #expect(model.inertiaHistory.count < 100 * 20_000 / 100)
    }

    @Test func rejectsBadOptions() {
        let x = Matrix([[0, 0], [1, 1], [2, 2]])
        #expect(throws: ClusteringError.self) { try MiniBatchKMeans(clusterCount: 2, batchSize: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try MiniBatchKMeans(clusterCount: 2, reassignmentRatio: -1).fit(x) }
        #expect(throws: ClusteringError.self) { try MiniBatchKMeans(clusterCount: 2, maxNoImprovement: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try MiniBatchKMeans(clusterCount: 4).fit(x) }
        #expect(throws: ClusteringError.self) { try MiniBatchKMeans(clusterCount: 2).fit(x, sampleWeights: [1, -1, 1]) }
    }
}
