import Testing
import NumericCore
import TestSupport
import Clustering

/// The one nearest-centroid path: coordinate-order sums, first of equals, same answer as the model.
@Suite struct NearestCentroidTests {
    /// The documented order, written out: one coordinate at a time, from 0.
    private func coordinateOrder(_ x: ArraySlice<Double>, _ c: ArraySlice<Double>) -> Double {
        var sum = 0.0
        for (a, b) in zip(x, c) { sum += (a - b) * (a - b) }
        return sum
    }

    @Test func distancesAreSummedInCoordinateOrder() {
        // Seven columns: a four-at-a-time sum would group them differently.
        let (x, _) = gaussianBlobs(rows: 300, columns: 7, clusters: 3, spread: 1e3, seed: 11)
        let centroids = x.selectingRows([0, 100, 200, 299])
        let (labels, distances) = NearestCentroid.assign(x, to: centroids)
        let all = NearestCentroid.distances(x, to: centroids)
        for i in 0..<x.rows {
            let sums = (0..<centroids.rows).map { coordinateOrder(x.row(i), centroids.row($0)) }
            let best = sums.indices.min { sums[$0] < sums[$1] }!
            #expect(labels[i] == best)
            #expect(distances[i] == sums[best].squareRoot())
            #expect(Array(all.row(i)) == sums.map { $0.squareRoot() })
        }
        #expect(distances[0] == 0 && distances[100] == 0, "a row equal to a centroid is at exactly 0")
    }

    @Test func tiesGoToTheLowerCentroid() {
        let x = Matrix([[0, 0], [0, 1], [-1, 0]])
        let centroids = Matrix([[1, 0], [-1, 0], [-1, 0]])
        #expect(NearestCentroid.assign(x, to: centroids).labels == [0, 0, 1])
    }

    @Test func modelPredictAndTransformTakeThisPath() throws {
        let (x, _) = gaussianBlobs(rows: 200, columns: 5, clusters: 3, seed: 3)
        let model = try KMeans(clusterCount: 3, seed: 4).fit(x)
        #expect(model.predict(x) == NearestCentroid.assign(x, to: model.centroids).labels)
        #expect(model.transform(x) == NearestCentroid.distances(x, to: model.centroids))
    }
}
