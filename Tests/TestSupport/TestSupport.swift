import NumericCore

/// `true` when `a` and `b` agree to `relative` tolerance (or `absolute` near zero).
public func approxEqual(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    if a == b { return true }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// Element-wise `approxEqual` over two equally long arrays.
public func approxEqual(_ a: [Double], _ b: [Double], relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { approxEqual($0, $1, relative: relative, absolute: absolute) }
}

/// Seeded Gaussian blobs: `clusters` centres spread on a grid of side `spread`, `rows` points
/// assigned round-robin, unit-variance noise. Returns the matrix and the true labels.
public func gaussianBlobs(rows: Int, columns: Int, clusters: Int, spread: Double = 10, seed: UInt64) -> (Matrix, [Int]) {
    var rng = SplitMix64(seed: seed)
    let centres = (0..<clusters).map { _ in (0..<columns).map { _ in (rng.nextUniform() - 0.5) * 2 * spread } }
    var x = Matrix(rows: rows, columns: columns)
    var labels = [Int](repeating: 0, count: rows)
    for i in 0..<rows {
        let c = i % clusters
        labels[i] = c
        for j in 0..<columns { x[i, j] = centres[c][j] + rng.nextGaussian() }
    }
    return (x, labels)
}
