import Testing
import NumericCore
import Clustering

/// Bad input gives a typed error whose message names the numbers involved.
@Suite struct KMeansErrorTests {
    let x = Matrix([[0, 0], [1, 1], [2, 2]])

    @Test func moreClustersThanSamples() {
        #expect(throws: ClusteringError.tooFewSamples(samples: 3, clusters: 5)) { try KMeans(clusterCount: 5).fit(x) }
        #expect(ClusteringError.tooFewSamples(samples: 3, clusters: 5).description
                == "number of samples (3) should be at least the number of clusters (5)")
        #expect(throws: ClusteringError.tooFewSamples(samples: 0, clusters: 1)) {
            try KMeans(clusterCount: 1).fit(Matrix(rows: 0, columns: 2))
        }
    }

    @Test func clusterCountBelowOne() {
        #expect(throws: ClusteringError.invalidClusterCount(0)) { try KMeans(clusterCount: 0).fit(x) }
        #expect(throws: ClusteringError.invalidClusterCount(-2)) { try KMeans(clusterCount: -2).fit(x) }
    }

    @Test func nonFiniteInputNamesTheCell() {
        var bad = x
        bad[2, 1] = .nan
        #expect(throws: ClusteringError.self) { try KMeans(clusterCount: 2).fit(bad) }
        do {
            _ = try KMeans(clusterCount: 2).fit(bad)
        } catch let error as ClusteringError {
            guard case let .nonFiniteInput(row, column, value) = error else { Issue.record("\(error)"); return }
            #expect(row == 2 && column == 1 && value.isNaN)
            #expect(error.description.contains("row 2, column 1"))
        } catch { Issue.record("\(error)") }
        bad[2, 1] = .infinity
        #expect(throws: ClusteringError.nonFiniteInput(row: 2, column: 1, value: .infinity)) {
            try KMeans(clusterCount: 2).fit(bad)
        }
    }

    @Test func sampleWeights() {
        #expect(throws: ClusteringError.sampleWeightCount(expected: 3, found: 2)) {
            try KMeans(clusterCount: 2).fit(x, sampleWeights: [1, 1])
        }
        #expect(throws: ClusteringError.invalidSampleWeight(index: 1, value: -1)) {
            try KMeans(clusterCount: 2).fit(x, sampleWeights: [1, -1, 1])
        }
        #expect(throws: ClusteringError.zeroTotalWeight) {
            try KMeans(clusterCount: 2).fit(x, sampleWeights: [0, 0, 0])
        }
        #expect(throws: ClusteringError.tooFewWeightedSamples(positive: 1, clusters: 2)) {
            try KMeans(clusterCount: 2, initialization: .random).fit(x, sampleWeights: [0, 0, 1])
        }
    }

    @Test func initialCentroids() {
        #expect(throws: ClusteringError.initialCentroidShape(rows: 2, columns: 3, expectedRows: 2, expectedColumns: 2)) {
            try KMeans(clusterCount: 2, initialization: .centroids(Matrix(rows: 2, columns: 3))).fit(x)
        }
        #expect(throws: ClusteringError.nonFiniteCentroid(row: 1, column: 0, value: .infinity)) {
            try KMeans(clusterCount: 2, initialization: .centroids(Matrix([[0, 0], [.infinity, 0]]))).fit(x)
        }
    }

    @Test func options() {
        #expect(throws: ClusteringError.self) { try KMeans(clusterCount: 2, restarts: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(clusterCount: 2, maxIterations: 0).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(clusterCount: 2, tolerance: -1).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(clusterCount: 2, tolerance: .nan).fit(x) }
        #expect(throws: ClusteringError.self) { try KMeans(clusterCount: 2, threadCount: 0).fit(x) }
        #expect(throws: ClusteringError.noFeatures) { try KMeans(clusterCount: 1).fit(Matrix(rows: 3, columns: 0)) }
    }
}
