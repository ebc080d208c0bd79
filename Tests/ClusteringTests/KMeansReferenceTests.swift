import Testing
import NumericCore
import TestSupport
import Clustering

/// k-means against scikit-learn 1.9: its own known answer and the committed fixtures.
@Suite struct KMeansReferenceTests {
    /// scikit-learn's `test_kmeans_results` (sklearn/cluster/tests/test_k_means.py).
    @Test func scikitLearnKnownAnswer() throws {
        let x = Matrix([[0, 0], [0.5, 0], [0.5, 1], [1, 1]])
        let model = try KMeans(clusterCount: 2, initialization: .centroids(Matrix([[0, 0], [1, 1]])), restarts: 1)
            .fit(x, sampleWeights: [3, 1, 1, 3])
        #expect(model.labels == [0, 0, 1, 1])
        #expect(approxEqual(model.inertia, 0.375))
        #expect(approxEqual(model.centroids.storage, [0.125, 0, 0.875, 1]))
        #expect(model.iterations == 2)
        #expect(model.converged)
        #expect(model.warnings.isEmpty)
    }

    /// Same explicit initial centroids: identical labels and iteration count, centroids and
    /// inertia within 1e-9 relative.
    @Test func explicitInitializationMatchesScikitLearn() throws {
        let fixture = try Fixture.load("kmeans_explicit", as: ExplicitKMeansFixture.self)
        #expect(fixture.cases.count >= 8)
        for c in fixture.cases {
            let x = Matrix(c.x)
            let initial = Matrix(c.`init`)
            for threads in [1, 2] {
                let model = try KMeans(clusterCount: initial.rows, initialization: .centroids(initial), restarts: 1,
                                       maxIterations: c.max_iter, tolerance: c.tol, threadCount: threads)
                    .fit(x, sampleWeights: c.sample_weight)
                #expect(model.labels == c.labels, "\(c.name): labels")
                #expect(model.iterations == c.n_iter, "\(c.name): n_iter \(model.iterations) vs \(c.n_iter)")
                #expect(approxEqual(model.inertia, c.inertia, relative: 1e-9, absolute: 1e-12),
                        "\(c.name): inertia \(model.inertia) vs \(c.inertia)")
                #expect(approxEqual(model.centroids.storage, Matrix(c.cluster_centers).storage,
                                    relative: 1e-9, absolute: 1e-12), "\(c.name): centers")
            }
        }
    }

    /// Greedy k-means++ with 10 restarts reaches scikit-learn's inertia within 1% (random streams
    /// differ, so labels are not compared).
    @Test func kMeansPlusPlusReachesScikitLearnInertia() throws {
        let fixture = try Fixture.load("kmeans_plusplus", as: PlusPlusFixture.self)
        #expect(!fixture.cases.isEmpty)
        for c in fixture.cases {
            let model = try KMeans(clusterCount: c.k, restarts: c.n_init, maxIterations: c.max_iter,
                                   tolerance: c.tol, seed: 2026)
                .fit(Matrix(c.x), sampleWeights: c.sample_weight)
            #expect(model.inertia <= c.inertia * 1.01, "\(c.name): inertia \(model.inertia) vs sklearn \(c.inertia)")
            #expect(Set(model.labels).count == c.k, "\(c.name)")
        }
    }

    /// Fewer distinct points than clusters: a warning naming both numbers, no NaN centroid.
    @Test func duplicatePointsWarn() throws {
        let x = Matrix((0..<12).map { [Double($0 % 3), 1] })
        let model = try KMeans(clusterCount: 5, seed: 1).fit(x)
        #expect(model.centroids.isFinite)
        #expect(model.warnings.contains { $0.contains("(3)") && $0.contains("(5)") })
        #expect(model.inertia < 1e-20)
    }
}
