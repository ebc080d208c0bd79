import Testing
import NumericCore
import TestSupport
import Clustering

/// Quality indices against scikit-learn 1.9 fixtures (within 1e-9) and their edge cases.
@Suite struct ClusterQualityTests {
    @Test func metricsMatchScikitLearn() throws {
        let fixture = try Fixture.load("metrics", as: MetricsFixture.self)
        #expect(fixture.cases.count >= 4)
        for c in fixture.cases {
            let x = Matrix(c.x)
            let samples = ClusterQuality.silhouetteSamples(x, labels: c.labels)
            #expect(approxEqual(samples, c.silhouette_samples, relative: 1e-9, absolute: 1e-9), "\(c.name): silhouette samples")
            #expect(approxEqual(ClusterQuality.silhouetteScore(x, labels: c.labels), c.silhouette_score,
                                relative: 1e-9, absolute: 1e-9), "\(c.name): silhouette")
            #expect(approxEqual(ClusterQuality.calinskiHarabasz(x, labels: c.labels), c.calinski_harabasz, relative: 1e-9),
                    "\(c.name): Calinski-Harabasz")
            #expect(approxEqual(ClusterQuality.daviesBouldin(x, labels: c.labels), c.davies_bouldin, relative: 1e-9),
                    "\(c.name): Davies-Bouldin")
        }
    }

    @Test func singletonClusterScoresZero() throws {
        let fixture = try Fixture.load("metrics", as: MetricsFixture.self)
        let c = try #require(fixture.cases.first { $0.name.contains("singleton") })
        let samples = ClusterQuality.silhouetteSamples(Matrix(c.x), labels: c.labels)
        let lonely = try #require(c.labels.firstIndex(of: 3))
        #expect(samples[lonely] == 0)
        #expect(c.silhouette_samples[lonely] == 0)
    }

    @Test func adjustedRandIndexMatchesScikitLearn() throws {
        let fixture = try Fixture.load("metrics", as: MetricsFixture.self)
        #expect(!fixture.ari.isEmpty)
        for c in fixture.ari {
            #expect(approxEqual(ClusterQuality.adjustedRandIndex(c.a, c.b), c.ari, relative: 1e-9, absolute: 1e-12))
        }
        #expect(ClusterQuality.adjustedRandIndex([0, 0, 1, 1], [5, 5, 2, 2]) == 1)
        #expect(ClusterQuality.adjustedRandIndex([], []) == 1)
    }

    @Test func undefinedLabelCountsGiveNaN() {
        let x = Matrix([[0, 0], [1, 0], [0, 1]])
        #expect(ClusterQuality.silhouetteScore(x, labels: [0, 0, 0]).isNaN)
        #expect(ClusterQuality.silhouetteScore(x, labels: [0, 1, 2]).isNaN)
        #expect(ClusterQuality.calinskiHarabasz(x, labels: [4, 4, 4]).isNaN)
        #expect(ClusterQuality.daviesBouldin(x, labels: [0, 1, 2]).isNaN)
    }

    @Test func inertiaIsTheWeightedSumOfSquares() {
        let x = Matrix([[0, 0], [0.5, 0], [0.5, 1], [1, 1]])
        let centroids = Matrix([[0.125, 0], [0.875, 1]])
        // scikit-learn's test_kmeans_results answer.
        #expect(approxEqual(ClusterQuality.inertia(x, labels: [0, 0, 1, 1], centroids: centroids,
                                                   sampleWeights: [3, 1, 1, 3]), 0.375))
        let unweighted: Double = 2 * (0.125 * 0.125) + 2 * (0.375 * 0.375)
        #expect(approxEqual(ClusterQuality.inertia(x, labels: [0, 0, 1, 1], centroids: centroids), unweighted))
    }

    @Test func sampledSilhouetteIsSeededAndCloseToExact() {
        let (x, labels) = gaussianBlobs(rows: 1200, columns: 4, clusters: 3, seed: 9)
        let exact = ClusterQuality.silhouetteScore(x, labels: labels)
        let a = ClusterQuality.silhouetteScore(x, labels: labels, sampleSize: 400, seed: 5)
        let b = ClusterQuality.silhouetteScore(x, labels: labels, sampleSize: 400, seed: 5)
        let c = ClusterQuality.silhouetteScore(x, labels: labels, sampleSize: 400, seed: 6)
        #expect(a == b)
        #expect(a != c)
        #expect(abs(a - exact) < 0.05)
        #expect(ClusterQuality.silhouetteScore(x, labels: labels, sampleSize: 5000, seed: 1) == exact)
    }
}
