import Foundation
import Testing
import PropertyBased
import NumericCore
import TestSupport
import Clustering

/// Invariants of k-means on seeded random data of varied shape.
@Suite struct KMeansPropertyTests {
    @Test func fittedModelIsConsistent() async {
        await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 10...300),
                            Gen.int(in: 1...6), Gen.int(in: 1...8)) { seed, rows, columns, clusters in
            let k = min(clusters, rows)
            let (x, _) = gaussianBlobs(rows: rows, columns: columns, clusters: max(1, k - 1), spread: 4, seed: seed)
            let model = try KMeans(clusterCount: k, restarts: 2, seed: seed).fit(x)

            #expect(model.labels.count == rows)
            #expect(model.labels.allSatisfy { (0..<k).contains($0) })
            #expect(model.centroids.rows == k && model.centroids.columns == columns)
            #expect(model.centroids.isFinite)
            #expect(model.iterations == model.inertiaHistory.count)
            for (before, after) in zip(model.inertiaHistory, model.inertiaHistory.dropFirst()) {
                #expect(after <= before * (1 + 1e-12) + 1e-12, "inertia rose from \(before) to \(after)")
            }
            if let last = model.inertiaHistory.last {
                #expect(model.inertia <= last * (1 + 1e-12) + 1e-12)
            }
            expectSameNearestCentroid(x, predicted: model.predict(x), labels: model.labels, centroids: model.centroids)
            #expect(approxEqual(model.inertia, ClusterQuality.inertia(x, labels: model.labels, centroids: model.centroids),
                                relative: 1e-9, absolute: 1e-9))
            let distances = model.transform(x)
            for i in 0..<rows {
                let row = Array(distances.row(i))
                #expect(row[model.labels[i]] == row.min())
            }
        }
    }

    @Test func sameSeedGivesIdenticalModel() async {
        await propertyCheck(count: 10, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let (x, _) = gaussianBlobs(rows: 400, columns: 3, clusters: 5, spread: 3, seed: seed)
            for initialization in [KMeans.Initialization.kMeansPlusPlus, .random] {
                let a = try KMeans(clusterCount: 5, initialization: initialization, restarts: 3, seed: seed).fit(x)
                let b = try KMeans(clusterCount: 5, initialization: initialization, restarts: 3, seed: seed).fit(x)
                #expect(a == b)
            }
        }
    }

    /// Enough rows for several parallel tasks: one and two threads must agree bit for bit.
    @Test func threadCountDoesNotChangeTheResult() throws {
        // 9000 rows = 3 tasks of 4096 rows (a debug build runs the SIMD kernel slowly).
        let (x, _) = gaussianBlobs(rows: 9000, columns: 3, clusters: 4, spread: 2, seed: 77)
        let weights = (0..<x.rows).map { Double($0 % 7) + 0.5 }
        for initialization in [KMeans.Initialization.kMeansPlusPlus, .random] {
            let one = try KMeans(clusterCount: 4, initialization: initialization, restarts: 1, seed: 3, threadCount: 1)
                .fit(x, sampleWeights: weights)
            let two = try KMeans(clusterCount: 4, initialization: initialization, restarts: 1, seed: 3, threadCount: 2)
                .fit(x, sampleWeights: weights)
            #expect(one == two)
            #expect(one.iterations > 1)
        }
    }

    /// Centring the data in place (the `kmeans` command's path) gives the copy's model bit for
    /// bit, on one and two threads, with and without weights; the data is left centred.
    @Test func centringInPlaceGivesTheSameModel() throws {
        let (x, _) = gaussianBlobs(rows: 9000, columns: 3, clusters: 4, spread: 2, seed: 78)
        let weights = (0..<x.rows).map { Double($0 % 5) + 0.25 }
        for (threads, sampleWeights) in [(1, nil), (2, nil), (2, weights)] as [(Int, [Double]?)] {
            let kmeans = KMeans(clusterCount: 4, restarts: 2, seed: 5, threadCount: threads)
            let copied = try kmeans.fit(x, sampleWeights: sampleWeights)
            var data = Matrix(rows: x.rows, columns: x.columns, storage: Array(x.storage))
            let inPlace = try kmeans.fit(centringInPlace: &data, sampleWeights: sampleWeights)
            #expect(inPlace == copied)
            #expect(inPlace.centroids.storage.map(\.bitPattern) == copied.centroids.storage.map(\.bitPattern))
            #expect(inPlace.inertia.bitPattern == copied.inertia.bitPattern)
            let mean = (0..<x.columns).map { j in (0..<x.rows).reduce(0.0) { $0 + x[$1, j] } / Double(x.rows) }
            #expect(abs(data[17, 1] - (x[17, 1] - mean[1])) < 1e-9)
        }
    }

    @Test func recoversWellSeparatedBlobs() throws {
        let (x, truth) = gaussianBlobs(rows: 600, columns: 4, clusters: 4, spread: 30, seed: 12)
        for initialization in [KMeans.Initialization.kMeansPlusPlus, .random] {
            let model = try KMeans(clusterCount: 4, initialization: initialization, seed: 4).fit(x)
            #expect(ClusterQuality.adjustedRandIndex(model.labels, truth) == 1)
            #expect(model.converged)
        }
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let (x, _) = gaussianBlobs(rows: 100, columns: 3, clusters: 3, seed: 2)
        let model = try KMeans(clusterCount: 3, seed: 8).fit(x)
        let decoded = try JSONDecoder().decode(KMeansModel.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
    }

    @Test func maxIterationsStopsWithoutConvergence() throws {
        let (x, _) = gaussianBlobs(rows: 500, columns: 2, clusters: 1, seed: 5)
        let model = try KMeans(clusterCount: 12, restarts: 1, maxIterations: 1, tolerance: 0, seed: 1).fit(x)
        #expect(model.iterations == 1)
        #expect(!model.converged)
        expectSameNearestCentroid(x, predicted: model.predict(x), labels: model.labels, centroids: model.centroids)
    }
}
