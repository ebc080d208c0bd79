import NumericCore

extension ClusterQuality {
    /// Silhouette coefficient of every row (Rousseeuw 1987), exact:
    /// `s_i = (b_i - a_i) / max(a_i, b_i)`, where `a_i` is the mean Euclidean distance from row `i`
    /// to the other rows of its cluster and `b_i` the smallest mean distance to the rows of another
    /// cluster. In `[-1, 1]`; 0 for a row alone in its cluster and when `a_i = b_i = 0`
    /// (scikit-learn's `nan_to_num`). All NaN when the labels are not scorable (see the type).
    ///
    /// Cost `O(n^2 d)`: distances are formed on the fly as `||x_i||^2 + ||x_j||^2 - 2 x_i.x_j`
    /// (clamped at 0, on column-centred data for accuracy) in blocks of 4 x 4 rows, never stored;
    /// rows are split over all cores. Each row's sums run over the other rows in order, so the
    /// result does not depend on the thread count.
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
private struct SilhouetteKernel {
    let n: Int
    let d: Int
    let coding: LabelCoding
    /// Column-centred rows, row-major.
    let centred: [Double]
    let norms: [Double]
    /// Rows packed transposed in panels of 4: panel `p` holds rows `4p..<4p+4` as `d x 4`.
    let panels: [Double]

    init(_ x: Matrix, coding: LabelCoding) {
        let n = x.rows, d = x.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += x[i, f] } }
        for f in 0..<d { mean[f] /= Double(n) }
        var rows = [Double](repeating: 0, count: n * d)
        var squaredNorms = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for f in 0..<d {
                let v = x[i, f] - mean[f]
                rows[i * d + f] = v
                squaredNorms[i] += v * v
            }
        }
        let panelCount = (n + 3) / 4
        var packed = [Double](repeating: 0, count: panelCount * 4 * d)
        rows.withUnsafeBufferPointer { src in
            packed.withUnsafeMutableBufferPointer { dst in
                for p in 0..<panelCount {
                    packTransposed(src.baseAddress! + p * 4 * d, rows: min(4, n - 4 * p), d: d,
                                   into: dst.baseAddress! + p * 4 * d, padded: 4)
                }
            }
        }
        self.n = n
        self.d = d
        self.coding = coding
        self.centred = rows
        self.norms = squaredNorms
        self.panels = packed
    }

    func samples(workers: Int) -> [Double] {
        var result = [Double](repeating: 0, count: n)
        let tasks = RowTasks(rows: n, rowsPerTask: 64)
        result.withUnsafeMutableBufferPointer { out in
            let output = out.baseAddress!
            centred.withUnsafeBufferPointer { xs in
                panels.withUnsafeBufferPointer { ps in
                    tasks.run(workers: workers) { _, t in
                        scoreRows(tasks.range(t), x: xs.baseAddress!, panels: ps.baseAddress!, into: output)
                    }
                }
            }
        }
        return result
    }

    private func scoreRows(_ rows: Range<Int>, x: UnsafePointer<Double>, panels: UnsafePointer<Double>,
                           into output: UnsafeMutablePointer<Double>) {
        let m = coding.count
        var sums = [Double](repeating: 0, count: rows.count * m)
        var dots = [Double](repeating: 0, count: 16)
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            dots.withUnsafeMutableBufferPointer { dotBuffer in
                let s = sumBuffer.baseAddress!, dp = dotBuffer.baseAddress!
                var i = rows.lowerBound
                while i < rows.upperBound {
                    let block = min(4, rows.upperBound - i)
                    for p in 0..<((n + 3) / 4) {
                        let panel = panels + p * 4 * d
                        if block == 4 {
                            dotsFourRows(x + i * d, d: d, panel, padded: 4, dp)
                        } else {
                            for r in 0..<block { dotsOneRow(x + (i + r) * d, d: d, panel, padded: 4, dp + r * 4) }
                        }
                        for r in 0..<block {
                            let row = i + r
                            let rowSums = s + (row - rows.lowerBound) * m
                            for c in 0..<min(4, n - 4 * p) {
                                let j = 4 * p + c
                                guard j != row else { continue }
                                let squared = max(0, norms[row] + norms[j] - 2 * dp[r * 4 + c])
                                rowSums[coding.codes[j]] += squared.squareRoot()
                            }
                        }
                    }
                    i += block
                }
                for row in rows {
                    output[row] = silhouette(row: row, sums: s + (row - rows.lowerBound) * m)
                }
            }
        }
    }

    private func silhouette(row: Int, sums: UnsafePointer<Double>) -> Double {
        let own = coding.codes[row]
        let a = sums[own] / Double(coding.sizes[own] - 1)
        var b = Double.infinity
        for c in 0..<coding.count where c != own { b = min(b, sums[c] / Double(coding.sizes[c])) }
        let s = (b - a) / max(a, b)
        return s.isFinite ? s : 0
    }
}
