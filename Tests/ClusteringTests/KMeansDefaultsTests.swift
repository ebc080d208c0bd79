import Testing
import NumericCore
import Clustering

/// The estimators own their defaults and scikit-learn's `n_init="auto"` rule (sklearn >= 1.4).
@Suite struct KMeansDefaultsTests {
    @Test func defaultsAreScikitLearns() {
        let kmeans = KMeans(clusterCount: 3)
        #expect(kmeans.restarts == KMeans.defaultRestarts && KMeans.defaultRestarts == 10)
        #expect(kmeans.maxIterations == KMeans.defaultMaxIterations && KMeans.defaultMaxIterations == 300)
        #expect(kmeans.tolerance == KMeans.defaultTolerance && KMeans.defaultTolerance == 1e-4)
        #expect(kmeans.seed == KMeans.defaultSeed && KMeans.defaultSeed == 0)
        let miniBatch = MiniBatchKMeans(clusterCount: 3)
        #expect(miniBatch.batchSize == MiniBatchKMeans.defaultBatchSize && MiniBatchKMeans.defaultBatchSize == 1024)
        #expect(miniBatch.maxIterations == MiniBatchKMeans.defaultMaxIterations && MiniBatchKMeans.defaultMaxIterations == 100)
        #expect(miniBatch.tolerance == MiniBatchKMeans.defaultTolerance && MiniBatchKMeans.defaultTolerance == 0)
        #expect(miniBatch.restarts == 1)
    }

    @Test func autoRestartsDependOnTheInitialization() {
        let centroids = Matrix([[0, 0], [1, 1]])
        #expect(KMeans.Restarts.auto.count(for: .kMeansPlusPlus) == 1)
        #expect(KMeans.Restarts.auto.count(for: .centroids(centroids)) == 1)
        #expect(KMeans.Restarts.auto.count(for: .random) == 10)
        #expect(KMeans.Restarts.count(4).count(for: .random) == 4)
        #expect(KMeans(clusterCount: 2, initialization: .random, restarts: .auto).restarts == 10)
        #expect(KMeans(clusterCount: 2, restarts: .auto).restarts == 1)
        #expect(KMeans(clusterCount: 2, initialization: .centroids(centroids), restarts: .count(3)).restarts == 3)
    }

    @Test func autoWithExplicitCentroidsRunsOnceWithoutWarning() throws {
        let x = Matrix([[0, 0], [0, 1], [10, 10], [10, 11]])
        let centroids = Matrix([[0, 0], [10, 10]])
        let auto = try KMeans(clusterCount: 2, initialization: .centroids(centroids), restarts: .auto).fit(x)
        #expect(auto.warnings.isEmpty)
        let three = try KMeans(clusterCount: 2, initialization: .centroids(centroids), restarts: .count(3)).fit(x)
        #expect(three.warnings == ["explicit initial centroids given: performing only one run instead of 3"])
        #expect(auto.labels == three.labels)
    }
}
