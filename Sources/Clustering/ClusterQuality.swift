import NumericCore

/// Cluster quality indices, matching scikit-learn 1.9 (`sklearn.metrics`) to rounding.
///
/// Labels may be any integers (they are renumbered internally in increasing order, as
/// scikit-learn's `LabelEncoder`). The silhouette, Calinski-Harabasz and Davies-Bouldin indices
/// are defined only for `2 <= distinct labels <= rows - 1`; outside that range they return NaN
/// (scikit-learn raises). `labels.count` must equal `x.rows` (a programming error otherwise).
public enum ClusterQuality {
    /// Weighted within-cluster sum of squares `sum_i w_i * ||x_i - c_{labels_i}||^2`
    /// (k-means' objective; weights default to 1). `labels` index rows of `centroids`.
    public static func inertia(_ x: Matrix, labels: [Int], centroids: Matrix, sampleWeights: [Double]? = nil) -> Double {
        precondition(labels.count == x.rows, "inertia: \(labels.count) labels for \(x.rows) rows")
        precondition(centroids.columns == x.columns, "inertia: centroids have \(centroids.columns) columns, data \(x.columns)")
        precondition(sampleWeights.map { $0.count == x.rows } ?? true, "inertia: one weight per row")
        let d = x.columns
        var total = 0.0
        x.storage.withUnsafeBufferPointer { xs in
            centroids.storage.withUnsafeBufferPointer { cs in
                for i in 0..<x.rows {
                    precondition(labels[i] >= 0 && labels[i] < centroids.rows, "inertia: label \(labels[i]) has no centroid")
                    total += squaredDistance(xs.baseAddress! + i * d, cs.baseAddress! + labels[i] * d, d: d)
                        * (sampleWeights?[i] ?? 1)
                }
            }
        }
        return total
    }

    /// The mean row of each label: a `distinct labels x features` matrix whose row `r` belongs to
    /// the `r`-th smallest label value (the renumbering every index here uses). Feed it to
    /// `inertia` with the renumbered labels for the within-cluster sum of squares of any labelling.
    public static func clusterMeans(_ x: Matrix, labels: [Int]) -> Matrix {
        let coding = LabelCoding(labels, rows: x.rows)
        return Matrix(rows: coding.count, columns: x.columns, storage: coding.clusterMeans(x))
    }

    /// Calinski-Harabasz index (variance ratio criterion):
    /// `[sum_k n_k ||m_k - m||^2 / (K - 1)] / [sum_k sum_{i in k} ||x_i - m_k||^2 / (n - K)]`,
    /// higher is better; 1 when every cluster is a single repeated point (zero within-dispersion).
    public static func calinskiHarabasz(_ x: Matrix, labels: [Int]) -> Double {
        let coding = LabelCoding(labels, rows: x.rows)
        guard coding.isScorable else { return .nan }
        let n = x.rows, d = x.columns, m = coding.count
        let means = coding.clusterMeans(x)
        var overall = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { overall[f] += x[i, f] } }
        for f in 0..<d { overall[f] /= Double(n) }
        var extra = 0.0, intra = 0.0
        for c in 0..<m {
            var s = 0.0
            for f in 0..<d { let t = means[c * d + f] - overall[f]; s += t * t }
            extra += Double(coding.sizes[c]) * s
        }
        for i in 0..<n {
            let c = coding.codes[i]
            for f in 0..<d { let t = x[i, f] - means[c * d + f]; intra += t * t }
        }
        if intra == 0 { return 1 }
        return extra * Double(n - m) / (intra * Double(m - 1))
    }

    /// Davies-Bouldin index: the mean over clusters of `max_{j != i} (s_i + s_j) / ||m_i - m_j||`,
    /// with `s_i` the mean distance of cluster `i`'s points to its centroid `m_i`; lower is
    /// better. 0 when all `s_i` or all centroid distances are within 1e-8 of 0 (scikit-learn's
    /// `isclose`); coincident centroids contribute 0 (their distance counts as infinite).
    public static func daviesBouldin(_ x: Matrix, labels: [Int]) -> Double {
        let coding = LabelCoding(labels, rows: x.rows)
        guard coding.isScorable else { return .nan }
        let d = x.columns, m = coding.count
        let means = coding.clusterMeans(x)
        var spread = [Double](repeating: 0, count: m)
        x.storage.withUnsafeBufferPointer { xs in
            means.withUnsafeBufferPointer { ms in
                for i in 0..<x.rows {
                    let c = coding.codes[i]
                    spread[c] += squaredDistance(xs.baseAddress! + i * d, ms.baseAddress! + c * d, d: d).squareRoot()
                }
            }
        }
        for c in 0..<m { spread[c] /= Double(coding.sizes[c]) }
        var between = [Double](repeating: 0, count: m * m)
        means.withUnsafeBufferPointer { ms in
            for a in 0..<m {
                for b in 0..<m where a != b {
                    between[a * m + b] = squaredDistance(ms.baseAddress! + a * d, ms.baseAddress! + b * d, d: d).squareRoot()
                }
            }
        }
        if spread.allSatisfy({ abs($0) <= 1e-8 }) || between.allSatisfy({ abs($0) <= 1e-8 }) { return 0 }
        var total = 0.0
        for a in 0..<m {
            var worst = 0.0
            for b in 0..<m where a != b && between[a * m + b] != 0 {
                worst = max(worst, (spread[a] + spread[b]) / between[a * m + b])
            }
            total += worst
        }
        return total / Double(m)
    }

    /// Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985), from the
    /// pair-confusion counts as scikit-learn: `2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))`.
    /// 1 for identical partitions up to renaming (and for empty or all-singleton agreement),
    /// about 0 for independent ones, negative below chance.
    public static func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count, "adjustedRandIndex: \(a.count) vs \(b.count) labels")
        let n = a.count
        var table = [Pair: Int]()
        var rowSums = [Int: Int](), columnSums = [Int: Int]()
        for (la, lb) in zip(a, b) {
            table[Pair(a: la, b: lb), default: 0] += 1
            rowSums[la, default: 0] += 1
            columnSums[lb, default: 0] += 1
        }
        var sumSquares = 0, byColumn = 0, byRow = 0
        for (pair, count) in table {
            sumSquares += count * count
            byColumn += count * columnSums[pair.b]!
            byRow += count * rowSums[pair.a]!
        }
        let tp = Double(sumSquares - n)
        let fp = Double(byColumn - sumSquares)
        let fn = Double(byRow - sumSquares)
        let tn = Double(n) * Double(n) - fp - fn - Double(sumSquares)
        if fn == 0 && fp == 0 { return 1 }
        return 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
    }

    private struct Pair: Hashable { var a: Int; var b: Int }
}

/// Labels renumbered `0..<count` in increasing order of the original values.
struct LabelCoding {
    let codes: [Int]
    let count: Int
    let sizes: [Int]

    init(_ labels: [Int], rows: Int) {
        precondition(labels.count == rows, "\(labels.count) labels for \(rows) rows")
        let distinct = Set(labels).sorted()
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        codes = labels.map { index[$0]! }
        count = distinct.count
        var sizes = [Int](repeating: 0, count: distinct.count)
        for c in codes { sizes[c] += 1 }
        self.sizes = sizes
    }

    /// scikit-learn's `check_number_of_labels`: `1 < labels < rows`.
    var isScorable: Bool { count > 1 && count < codes.count }

    /// Per-cluster means, `count x d` row-major.
    func clusterMeans(_ x: Matrix) -> [Double] {
        let d = x.columns
        var means = [Double](repeating: 0, count: count * d)
        for i in 0..<x.rows {
            let c = codes[i]
            for f in 0..<d { means[c * d + f] += x[i, f] }
        }
        for c in 0..<count {
            for f in 0..<d { means[c * d + f] /= Double(sizes[c]) }
        }
        return means
    }
}
