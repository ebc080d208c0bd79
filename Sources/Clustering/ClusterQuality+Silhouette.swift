import NumericCore

extension ClusterQuality {
    /// Silhouette coefficient of every row (Rousseeuw 1987), exact:
    /// `s_i = (b_i - a_i) / max(a_i, b_i)`, where `a_i` is the mean Euclidean distance from row `i`
    /// to the other rows of its cluster and `b_i` the smallest mean distance to the rows of another
    /// cluster. In `[-1, 1]`; 0 for a row alone in its cluster and when `a_i = b_i = 0`
    /// (scikit-learn's `nan_to_num`). All NaN when the labels are not scorable (see the type).
    ///
    /// Cost `O(n^2 d)` time, `O(n k)` memory: distances are formed block by block as
    /// `||x_i||^2 + ||x_j||^2 - 2 x_i.x_j` (DGEMM, clamped at 0, on column-centred data for
    /// accuracy), never stored whole; the reduction runs on all cores and does not depend on the
    /// thread count.
    public static func silhouetteSamples(_ x: Matrix, labels: [Int]) -> [Double] {
        let coding = LabelCoding(labels, rows: x.rows)
        guard coding.isScorable else { return [Double](repeating: .nan, count: x.rows) }
        return SilhouetteKernel(x, coding: coding).samples(workers: Workers.resolve(nil))
    }

    /// Mean silhouette coefficient over all rows (NaN when the labels are not scorable).
    public static func silhouetteScore(_ x: Matrix, labels: [Int]) -> Double {
        let s = silhouetteSamples(x, labels: labels)
        return s.reduce(0, +) / Double(s.count)
    }

    /// Mean silhouette of a seeded random subset of `sampleSize` rows drawn without replacement
    /// (all rows when `sampleSize >= x.rows`), as scikit-learn's `silhouette_score(sample_size=)`.
    /// The same seed picks the same rows.
    public static func silhouetteScore(_ x: Matrix, labels: [Int], sampleSize: Int, seed: UInt64) -> Double {
        precondition(labels.count == x.rows, "silhouetteScore: \(labels.count) labels for \(x.rows) rows")
        precondition(sampleSize >= 1, "silhouetteScore: sampleSize must be at least 1")
        guard sampleSize < x.rows else { return silhouetteScore(x, labels: labels) }
        var rng = SplitMix64(seed: seed)
        var order = Array(0..<x.rows)
        for i in 0..<sampleSize {          // partial Fisher-Yates shuffle
            order.swapAt(i, i + rng.nextInt(below: x.rows - i))
        }
        let chosen = order[0..<sampleSize]
        return silhouetteScore(x.selectingRows(chosen), labels: chosen.map { labels[$0] })
    }
}

/// Blocked all-pairs distances reduced to per-row, per-cluster sums.
///
/// Rows are reordered by cluster so that each cluster is a contiguous run of columns; a block
/// of dot products comes from one DGEMM (`-2 X_rows X_cols^T`), and each row then sums
/// `sqrt(max(0, ||x_i||^2 + ||x_j||^2 - 2 x_i.x_j))` over each cluster's run with SIMD lanes.
/// The self-distance is forced to exactly 0 (as scikit-learn zeroes the diagonal). Every row's
/// sums are formed in the same order whatever the thread count.
private struct SilhouetteKernel {
    static let rowBlock = 256
    static let columnBlock = 2048

    let n: Int
    let d: Int
    let coding: LabelCoding
    /// Row indices ordered by cluster (stable).
    let order: [Int]
    /// Column-centred rows in `order`, row-major.
    let sorted: [Double]
    /// Squared norms of `sorted` rows, padded with 4 zeros.
    let norms: [Double]
    /// `segments[c] ..< segments[c + 1]` are the sorted positions of cluster `c`.
    let segments: [Int]

    init(_ x: Matrix, coding: LabelCoding) {
        let n = x.rows, d = x.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += x[i, f] } }
        for f in 0..<d { mean[f] /= Double(n) }
        let order = (0..<n).sorted { (coding.codes[$0], $0) < (coding.codes[$1], $1) }
        var sorted = [Double](repeating: 0, count: n * d)
        var norms = [Double](repeating: 0, count: n + 4)
        for (position, i) in order.enumerated() {
            for f in 0..<d {
                let v = x[i, f] - mean[f]
                sorted[position * d + f] = v
                norms[position] += v * v
            }
        }
        var segments = [0]
        for size in coding.sizes { segments.append(segments.last! + size) }
        self.n = n
        self.d = d
        self.coding = coding
        self.order = order
        self.sorted = sorted
        self.norms = norms
        self.segments = segments
    }

    func samples(workers: Int) -> [Double] {
        let m = coding.count
        var sums = [Double](repeating: 0, count: n * m)          // by sorted position
        var block = [Double](repeating: 0, count: Self.rowBlock * Self.columnBlock)
        sorted.withUnsafeBufferPointer { xs in
            sums.withUnsafeMutableBufferPointer { sumBuffer in
                block.withUnsafeMutableBufferPointer { blockBuffer in
                    let x = xs.baseAddress!, out = sumBuffer.baseAddress!, products = blockBuffer.baseAddress!
                    for rowStart in stride(from: 0, to: n, by: Self.rowBlock) {
                        let rows = min(Self.rowBlock, n - rowStart)
                        for columnStart in stride(from: 0, to: n, by: Self.columnBlock) {
                            let columns = min(Self.columnBlock, n - columnStart)
                            blasGemm(m: rows, n: columns, k: d, alpha: -2, a: x + rowStart * d, lda: d,
                                     b: x + columnStart * d, ldb: d, transposeB: true,
                                     beta: 0, c: products, ldc: columns)
                            // Fixed 32-row tasks: the split never depends on the thread count.
                            RowTasks(rows: rows, rowsPerTask: 32).run(workers: workers) { _, t in
                                for r in RowTasks(rows: rows, rowsPerTask: 32).range(t) {
                                    accumulate(row: rowStart + r, products: products + r * columns,
                                               columnStart: columnStart, columns: columns, into: out + (rowStart + r) * m)
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: n)
        for (position, i) in order.enumerated() {
            result[i] = silhouette(cluster: coding.codes[i], sums: Array(sums[(position * m)..<((position + 1) * m)]))
        }
        return result
    }

    /// Adds this row's distances to columns `columnStart ..< columnStart + columns` into its
    /// per-cluster sums. `products[j] = -2 x_row . x_j`.
    private func accumulate(row: Int, products: UnsafeMutablePointer<Double>, columnStart: Int, columns: Int,
                            into sums: UnsafeMutablePointer<Double>) {
        norms.withUnsafeBufferPointer { normBuffer in
            let norm = normBuffer.baseAddress!
            let own = norm[row]
            if row >= columnStart && row < columnStart + columns {
                products[row - columnStart] = -(own + own)        // distance to itself: exactly 0
            }
            let end = columnStart + columns
            var c = 0
            while segments[c + 1] <= columnStart { c += 1 }
            var j = columnStart
            while j < end {
                let stop = min(end, segments[c + 1])
                var lanes = SIMD4<Double>()
                let ownLanes = SIMD4<Double>(repeating: own)
                while j + 4 <= stop {
                    let p = UnsafeRawPointer(products + (j - columnStart)).loadUnaligned(as: SIMD4<Double>.self)
                    let q = UnsafeRawPointer(norm + j).loadUnaligned(as: SIMD4<Double>.self)
                    lanes += pointwiseMax(SIMD4<Double>(), ownLanes + q + p).squareRoot()
                    j += 4
                }
                var total = lanes.sum()
                while j < stop {
                    total += max(0, own + norm[j] + products[j - columnStart]).squareRoot()
                    j += 1
                }
                sums[c] += total
                c += 1
            }
        }
    }

    private func silhouette(cluster own: Int, sums: [Double]) -> Double {
        let a = sums[own] / Double(coding.sizes[own] - 1)
        var b = Double.infinity
        for c in 0..<coding.count where c != own { b = min(b, sums[c] / Double(coding.sizes[c])) }
        let s = (b - a) / max(a, b)
        return s.isFinite ? s : 0
    }
}
