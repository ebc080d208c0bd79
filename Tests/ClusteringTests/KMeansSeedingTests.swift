import Testing
import Clustering
import NumericCore
import TestSupport

@Suite struct KMeansSeedingTests {
    @Test func initialCentroidsAreWhereFitStarts() throws {
        let (x, _) = gaussianBlobs(rows: 400, columns: 5, clusters: 6, seed: 11)
        for initialization in [KMeans.Initialization.kMeansPlusPlus, .random] {
            let seeded = KMeans(clusterCount: 6, initialization: initialization, restarts: 1, seed: 5)
            let start = try seeded.initialCentroids(x)
            #expect(start.rows == 6 && start.columns == 5)
            // Every seed is a data row.
            for c in 0..<6 {
                #expect((0..<x.rows).contains { i in approxEqual(Array(x.row(i)), Array(start.row(c)), relative: 1e-12) })
            }
            let fromSeeds = try seeded.fit(x)
            let fromExplicit = try KMeans(clusterCount: 6, initialization: .centroids(start), restarts: 1).fit(x)
            #expect(fromSeeds.labels == fromExplicit.labels)
            #expect(approxEqual(fromSeeds.inertia, fromExplicit.inertia, relative: 1e-12))
        }
    }
}
