import NumericCore
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

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

/// Tiled all-pairs distances reduced to per-row, per-cluster sums, each pair computed once.
///
/// Rows are reordered by cluster so that each cluster is a contiguous run. The `n x n` distance
/// matrix is cut into `tile x tile` blocks and only blocks on or above the diagonal are formed:
/// an off-diagonal block adds each distance both to its row's sum (by the column's cluster) and
/// to its column's sum (by the row's cluster), which halves the square roots, the dominant cost.
/// A block of squared distances comes straight from one DGEMM on augmented rows,
/// `[x_i, ||x_i||^2, 1] . [-2 x_j, 1, ||x_j||^2] = ||x_i||^2 + ||x_j||^2 - 2 x_i.x_j` (data
/// column-centred first for accuracy), clamped at 0; the self-distance is forced to exactly 0
/// (scikit-learn zeroes the diagonal). A block is small enough to stay in the core's cache while
/// it is reduced.
///
/// Work is split into a fixed number of groups of block rows, each with its own sums buffer,
/// added in group order at the end: results do not depend on the thread count or on which
/// worker ran which group.
private struct SilhouetteKernel {
    static let tile = 256
    /// Fixed number of work groups (memory: one `n x clusters` buffer each).
    static let groups = 8

    let n: Int
    let d: Int
    let coding: LabelCoding
    /// Row indices ordered by cluster (stable).
    let order: [Int]
    /// Cluster code of each sorted position.
    let sortedCodes: [Int]
    /// `[x_i, ||x_i||^2, 1]` and `[-2 x_i, 1, ||x_i||^2]` of the centred rows in `order`,
    /// row-major, `d + 2` wide.
    let left: [Double]
    let right: [Double]
    /// `segments[c] ..< segments[c + 1]` are the sorted positions of cluster `c`.
    let segments: [Int]

    init(_ x: Matrix, coding: LabelCoding) {
        let n = x.rows, d = x.columns, width = d + 2
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += x[i, f] } }
        for f in 0..<d { mean[f] /= Double(n) }
        let order = (0..<n).sorted { (coding.codes[$0], $0) < (coding.codes[$1], $1) }
        var left = [Double](repeating: 0, count: n * width)
        var right = [Double](repeating: 0, count: n * width)
        for (position, i) in order.enumerated() {
            var norm = 0.0
            for f in 0..<d {
                let v = x[i, f] - mean[f]
                left[position * width + f] = v
                right[position * width + f] = -2 * v
                norm += v * v
            }
            left[position * width + d] = norm
            left[position * width + d + 1] = 1
            right[position * width + d] = 1
            right[position * width + d + 1] = norm
        }
        var segments = [0]
        for size in coding.sizes { segments.append(segments.last! + size) }
        self.n = n
        self.d = d
        self.coding = coding
        self.order = order
        self.sortedCodes = order.map { coding.codes[$0] }
        self.left = left
        self.right = right
        self.segments = segments
    }

    func samples(workers: Int) -> [Double] {
        let m = coding.count, tile = Self.tile
        let blockRows = (n + tile - 1) / tile
        // Block row b has blockRows - b blocks; pairing b with blockRows - 1 - b gives every pair
        // the same work, and pairs are dealt to groups in turn.
        let pairs = (blockRows + 1) / 2
        let groups = min(Self.groups, pairs)
        var buffers = [Double](repeating: 0, count: groups * n * m)
        let scratchStride = tile * tile + tile
        var scratch = [Double](repeating: 0, count: max(1, workers) * scratchStride)
        // Each worker calls DGEMM on its own small block with one OpenBLAS thread: the library's
        // threads would compete with ours for the same cores, and its split would make the last
        // bits depend on OPENBLAS_NUM_THREADS.
        withSingleThreadedBLAS {
            reduceGroups(groups, pairs: pairs, blockRows: blockRows, workers: workers,
                         into: &buffers, scratch: &scratch, scratchStride: scratchStride)
        }
        var sums = [Double](repeating: 0, count: m)
        var result = [Double](repeating: 0, count: n)
        for (position, i) in order.enumerated() {
            for c in 0..<m {
                var s = 0.0
                for g in 0..<groups { s += buffers[(g * n + position) * m + c] }
                sums[c] = s
            }
            result[i] = silhouette(cluster: sortedCodes[position], sums: sums)
        }
        return result
    }

    /// The group loop of `samples`: group `g` reduces the block rows of pairs `g`, `g + groups`, ...
    /// into its own `n x clusters` slice of `buffers`, each worker in its own slice of `scratch`
    /// (`scratchStride` long: a tile of products, then a tile's column sums). The arrays arrive
    /// as base addresses, lent for the call.
    private func reduceGroups(_ groups: Int, pairs: Int, blockRows: Int, workers: Int,
                              into buffers: UnsafeMutablePointer<Double>,
                              scratch: UnsafeMutablePointer<Double>, scratchStride: Int) {
        let m = coding.count, tile = Self.tile
        RowTasks(rows: groups, rowsPerTask: 1).run(workers: workers) { worker, group in
            let products = scratch + worker * scratchStride
            let columnSums = products + tile * tile
            let sums = buffers + group * n * m
            for pair in stride(from: group, to: pairs, by: groups) {
                for blockRow in Set([pair, blockRows - 1 - pair]).sorted() {
                    for blockColumn in blockRow..<blockRows {
                        reduceBlock(rowStart: blockRow * tile, columnStart: blockColumn * tile,
                                    products: products, columnSums: columnSums, into: sums)
                    }
                }
            }
        }
    }

    /// Forms the squared distances of one block and adds their square roots into `sums`
    /// (`n x clusters`, by sorted position): per row by column cluster and, off the diagonal,
    /// per column by row cluster.
    private func reduceBlock(rowStart: Int, columnStart: Int, products: UnsafeMutablePointer<Double>,
                             columnSums: UnsafeMutablePointer<Double>, into sums: UnsafeMutablePointer<Double>) {
        let m = coding.count, width = d + 2
        let rows = min(Self.tile, n - rowStart), columns = min(Self.tile, n - columnStart)
        let diagonal = rowStart == columnStart
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                blasGemm(m: rows, n: columns, k: width, alpha: 1, a: l.baseAddress! + rowStart * width, lda: width,
                         b: r.baseAddress! + columnStart * width, ldb: width, transposeB: true,
                         beta: 0, c: products, ldc: columns)
            }
        }
        if diagonal {
            for i in 0..<rows { products[i * columns + i] = 0 }
        }
        // Cluster runs of the block's columns: [start, end) in block coordinates, with cluster.
        var runs = [(start: Int, end: Int, cluster: Int)]()
        var c = 0
        while segments[c + 1] <= columnStart { c += 1 }
        var j = columnStart
        while j < columnStart + columns {
            let stop = min(columnStart + columns, segments[c + 1])
            if stop > j { runs.append((j - columnStart, stop - columnStart, c)) }
            j = stop
            c += 1
        }
        var rowCluster = sortedCodes[rowStart]
        if !diagonal { columnSums.update(repeating: 0, count: columns) }
        for i in 0..<rows {
            let row = products + i * columns
            let position = rowStart + i
            if !diagonal && sortedCodes[position] != rowCluster {
                flush(columnSums, columns: columns, columnStart: columnStart, cluster: rowCluster, into: sums, m: m)
                rowCluster = sortedCodes[position]
            }
            for run in runs {
                let total = diagonal
                    ? sumOfRoots(row, from: run.start, to: run.end)
                    : sumOfRoots(row, from: run.start, to: run.end, alsoInto: columnSums)
                sums[position * m + run.cluster] += total
            }
        }
        if !diagonal {
            flush(columnSums, columns: columns, columnStart: columnStart, cluster: rowCluster, into: sums, m: m)
        }
    }

    /// Adds the column sums of one run of same-cluster rows into the columns' sums, then clears them.
    private func flush(_ columnSums: UnsafeMutablePointer<Double>, columns: Int, columnStart: Int, cluster: Int,
                       into sums: UnsafeMutablePointer<Double>, m: Int) {
        for j in 0..<columns {
            sums[(columnStart + j) * m + cluster] += columnSums[j]
            columnSums[j] = 0
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

/// `sum_j sqrt(max(0, squared[j]))` over `start ..< end`, four lanes at a time.
@inline(__always)
private func sumOfRoots(_ squared: UnsafePointer<Double>, from start: Int, to end: Int) -> Double {
    var lanes = SIMD4<Double>()
    var j = start
    while j + 4 <= end {
        lanes += clampedRoots(loadLanes(squared + j))
        j += 4
    }
    var total = lanes.sum()
    while j < end {
        total += max(0, squared[j]).squareRoot()
        j += 1
    }
    return total
}

/// As `sumOfRoots`, also adding each root into `columnSums[j]`.
@inline(__always)
private func sumOfRoots(_ squared: UnsafePointer<Double>, from start: Int, to end: Int,
                        alsoInto columnSums: UnsafeMutablePointer<Double>) -> Double {
    var lanes = SIMD4<Double>()
    var j = start
    while j + 4 <= end {
        let roots = clampedRoots(loadLanes(squared + j))
        lanes += roots
        UnsafeMutableRawPointer(columnSums + j).storeBytes(of: loadLanes(columnSums + j) + roots, as: SIMD4<Double>.self)
        j += 4
    }
    var total = lanes.sum()
    while j < end {
        let root = max(0, squared[j]).squareRoot()
        total += root
        columnSums[j] += root
        j += 1
    }
    return total
}

@inline(__always)
private func loadLanes(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

/// `sqrt(max(0, v))` per lane. On x86-64 two SSE2 `maxpd` + `sqrtpd` pairs: the generic
/// `SIMD4.squareRoot()` and `pointwiseMax` compile to four scalar square roots with a libm call
/// for negative lanes and NaN checks, which made this loop several times slower.
@inline(__always)
private func clampedRoots(_ v: SIMD4<Double>) -> SIMD4<Double> {
#if arch(x86_64)
    let zero = _mm_setzero_pd()
    return SIMD4(lowHalf: _mm_sqrt_pd(_mm_max_pd(v.lowHalf, zero)), highHalf: _mm_sqrt_pd(_mm_max_pd(v.highHalf, zero)))
#else
    return SIMD4(max(0, v[0]).squareRoot(), max(0, v[1]).squareRoot(),
                 max(0, v[2]).squareRoot(), max(0, v[3]).squareRoot())
#endif
}
