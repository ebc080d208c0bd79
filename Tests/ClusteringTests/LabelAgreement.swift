import Testing
import NumericCore
import TestSupport
import Clustering

/// `predict` (NearestCentroid, coordinate-order sums) against a fit's labels (its kernel's
/// grouped sums): equal except where the two centroids are equally near up to rounding.
func expectSameNearestCentroid(_ x: Matrix, predicted: [Int], labels: [Int], centroids: Matrix,
                               sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(predicted.count == labels.count, sourceLocation: sourceLocation)
    for (i, (p, l)) in zip(predicted, labels).enumerated() where p != l {
        func distance(_ c: Int) -> Double {
            (0..<x.columns).reduce(0) { $0 + (x[i, $1] - centroids[c, $1]) * (x[i, $1] - centroids[c, $1]) }
        }
        #expect(approxEqual(distance(p), distance(l), relative: 1e-12, absolute: 1e-12),
                "row \(i): predict \(p) vs fit \(l) is not a rounding-level tie", sourceLocation: sourceLocation)
    }
}
