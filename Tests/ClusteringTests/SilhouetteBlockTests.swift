import Testing
import PropertyBased
import NumericCore
import TestSupport
import Clustering

/// The blocked silhouette kernel against a direct `O(n^2)` evaluation of the definition, on
/// sizes that cross block boundaries (blocks are 256 rows) with unsorted, unevenly sized labels.
@Suite struct SilhouetteBlockTests {
    @Test func blockedSilhouetteMatchesDirectDefinition() async {
        await propertyCheck(count: 6, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 2...700),
                            Gen.int(in: 1...5), Gen.int(in: 2...6)) { seed, rows, columns, clusters in
            var rng = SplitMix64(seed: seed)
            let (x, blobs) = gaussianBlobs(rows: rows, columns: columns, clusters: clusters, spread: 3, seed: seed)
            // Blob labels (round-robin, so clusters are not contiguous runs), a quarter of them
            // moved to the next cluster, relabelled to non-consecutive values.
            let labels = blobs.map { (($0 + (rng.nextInt(below: 4) == 0 ? 1 : 0)) % clusters) * 7 }
            let samples = ClusterQuality.silhouetteSamples(x, labels: labels)
            let expected = directSilhouette(x, labels: labels)
            // NaN where the definition gives NaN (as many labels as rows, e.g. 2 rows in 2 clusters).
            #expect(samples.map(\.isNaN) == expected.map(\.isNaN))
            #expect(approxEqual(samples.filter { !$0.isNaN }, expected.filter { !$0.isNaN }, relative: 1e-9, absolute: 1e-9))
        }
    }
}

/// The definition, straight: `a_i` mean distance to the rest of its cluster, `b_i` smallest
/// mean distance to another cluster, `s_i = (b_i - a_i) / max(a_i, b_i)`, 0 when alone or 0/0;
/// NaN for all rows when there are fewer than 2 or as many labels as rows.
private func directSilhouette(_ x: Matrix, labels: [Int]) -> [Double] {
    let n = x.rows
    let distinct = Array(Set(labels)).sorted()
    guard distinct.count > 1 && distinct.count < n else { return [Double](repeating: .nan, count: n) }
    return (0..<n).map { i in
        var sums = [Int: Double](), sizes = [Int: Int]()
        for j in 0..<n {
            sizes[labels[j], default: 0] += 1
            guard j != i else { continue }
            var s = 0.0
            for f in 0..<x.columns { let t = x[i, f] - x[j, f]; s += t * t }
            sums[labels[j], default: 0] += s.squareRoot()
        }
        let own = labels[i]
        guard sizes[own]! > 1 else { return 0 }
        let a = sums[own, default: 0] / Double(sizes[own]! - 1)
        let b = distinct.filter { $0 != own }.map { sums[$0, default: 0] / Double(sizes[$0]!) }.min()!
        let s = (b - a) / max(a, b)
        return s.isFinite ? s : 0
    }
}
