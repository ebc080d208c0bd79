// The inner kernels of the Lloyd step.
//
// Scores `||c_j||^2 - 2 x.c_j` of a few rows against a packed, transposed block of centroids
// pre-scaled by -2: the block is `d x padded` with `padded` a multiple of 4, so each feature
// contributes one broadcast multiply-add into SIMD4 accumulators, and four rows at a time give
// eight independent SSE chains, enough to hide the add latency without FMA. Scaling by -2 is
// exact, so `sum_f x_f (-2 c_f) + ||c||^2` equals scikit-learn's `-2 (x.c) + ||c||^2` bit for
// bit in the same summation order. Measured on this machine (1M x 16, k = 8, one thread):
// faster than OpenBLAS DGEMM on 256- or 2048-row chunks even before DGEMM's argmin.
//
// This is the portable path: Swift cannot target one function at AVX2, so on x86-64 it runs
// on SSE2. The Lloyd pass itself runs in C (Sources/CKernels, AVX2 or AVX-512, chosen at run
// time, see AssignmentKernel) where the CPU allows; that code follows these kernels' summation
// order exactly, and the tests compare the two bit for bit.

#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

typealias Lanes = SIMD4<Double>

/// Rounds `n` up to a multiple of the SIMD width.
@inline(__always)
func paddedWidth(_ n: Int) -> Int { (n + 3) & ~3 }

/// Writes `scale * source[j][f]` for rows `j < rows` of `source` (row-major, `d` wide)
/// transposed into `dest` (`d x padded`, row-major), with zeros in the padding columns.
func packTransposed(_ source: UnsafePointer<Double>, rows: Int, d: Int, scale: Double,
                    into dest: UnsafeMutablePointer<Double>, padded: Int) {
    for f in 0..<d {
        let out = dest + f * padded
        for j in 0..<rows { out[j] = scale * source[j * d + f] }
        for j in rows..<padded { out[j] = 0 }
    }
}

/// Prepares `centers` (`k x d`, row-major) for the scoring kernels: `-2 c` packed transposed
/// into `centersT` (`d x padded`) and `||c_j||^2` into `norms`, +infinity in the padding so a
/// padding column never has the smallest score (the C kernels take a vector minimum over all
/// `padded` columns; the portable `argmin` only reads the first `k`).
func prepareCenters(_ centers: UnsafePointer<Double>, k: Int, d: Int, padded: Int,
                    centersT: UnsafeMutablePointer<Double>, norms: UnsafeMutablePointer<Double>) {
    packTransposed(centers, rows: k, d: d, scale: -2, into: centersT, padded: padded)
    for j in 0..<padded {
        var s = 0.0
        if j < k { for f in 0..<d { s += centers[j * d + f] * centers[j * d + f] } } else { s = .infinity }
        norms[j] = s
    }
}

/// Calls `body(r, label, score)` for each of `count` contiguous rows at `x`: the nearest
/// prepared centre (`argmin_j ||c_j||^2 - 2 x.c_j`, first of equal scores) and its score.
/// `scratch` holds `4 * padded` values.
@inline(__always)
func forEachNearestCenter(_ x: UnsafePointer<Double>, count: Int, d: Int, k: Int, centersT: UnsafePointer<Double>,
                          norms: UnsafePointer<Double>, padded: Int, scratch: UnsafeMutablePointer<Double>,
                          _ body: (_ row: Int, _ label: Int, _ score: Double) -> Void) {
    var i = 0
    while i < count {
        let block = min(4, count - i)
        if block == 4 {
            scoresFourRows(x + i * d, d: d, centersT, bias: norms, padded: padded, scratch)
        } else {
            for r in 0..<block {
                scoresOneRow(x + (i + r) * d, d: d, centersT, bias: norms, padded: padded, scratch + r * padded)
            }
        }
        for r in 0..<block {
            let (label, score) = argmin(scratch + r * padded, k: k)
            body(i + r, label, score)
        }
        i += block
    }
}

@inline(__always)
private func load(_ p: UnsafePointer<Double>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inline(__always)
private func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
}

/// Stores four lanes at `p` (no alignment needed).
@inline(__always)
func storeLanes(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) { store(v, p) }

/// Per lane `a < b ? a : b`, which is `Swift.min(b, a)` for numbers. On x86-64 two SSE2
/// `minpd`: the generic `pointwiseMin` also orders NaNs and compiles to scalar code.
@inline(__always)
func lanesMin(_ a: Lanes, _ b: Lanes) -> Lanes {
#if arch(x86_64)
    Lanes(lowHalf: _mm_min_pd(a.lowHalf, b.lowHalf), highHalf: _mm_min_pd(a.highHalf, b.highHalf))
#else
    Lanes(a[0] < b[0] ? a[0] : b[0], a[1] < b[1] ? a[1] : b[1], a[2] < b[2] ? a[2] : b[2], a[3] < b[3] ? a[3] : b[3])
#endif
}

/// `||x - c_lane||^2` for four points packed transposed in `cT` (`cT[4 f + lane]`), each lane
/// summed in `squaredDistance`'s order, so lane `j` equals `squaredDistance(x, c_j, d:)` bit for bit.
@inline(__always)
func squaredDistancesToFour(_ x: UnsafePointer<Double>, _ cT: UnsafePointer<Double>, d: Int) -> Lanes {
#if arch(x86_64)
    // Two halves of two lanes, written with SSE2 intrinsics: left to the optimiser, the
    // broadcasts of x[f] became scalar extracts and shuffles, twice the instructions.
    var low = SIMD2<Double>(), high = SIMD2<Double>()
    var f = 0
    @inline(__always) func difference(_ value: SIMD2<Double>, _ f: Int) -> (SIMD2<Double>, SIMD2<Double>) {
        let c = cT + 4 * f
        return (_mm_sub_pd(value, _mm_loadu_pd(c)), _mm_sub_pd(value, _mm_loadu_pd(c + 2)))
    }
    while f + 4 <= d {
        let x01 = _mm_loadu_pd(x + f), x23 = _mm_loadu_pd(x + f + 2)
        let (a0, b0) = difference(_mm_unpacklo_pd(x01, x01), f)
        let (a1, b1) = difference(_mm_unpackhi_pd(x01, x01), f + 1)
        let (a2, b2) = difference(_mm_unpacklo_pd(x23, x23), f + 2)
        let (a3, b3) = difference(_mm_unpackhi_pd(x23, x23), f + 3)
        low = _mm_add_pd(low, _mm_add_pd(_mm_add_pd(_mm_add_pd(_mm_mul_pd(a0, a0), _mm_mul_pd(a1, a1)),
                                                    _mm_mul_pd(a2, a2)), _mm_mul_pd(a3, a3)))
        high = _mm_add_pd(high, _mm_add_pd(_mm_add_pd(_mm_add_pd(_mm_mul_pd(b0, b0), _mm_mul_pd(b1, b1)),
                                                      _mm_mul_pd(b2, b2)), _mm_mul_pd(b3, b3)))
        f += 4
    }
    while f < d {
        let (a, b) = difference(_mm_set1_pd(x[f]), f)
        low = _mm_add_pd(low, _mm_mul_pd(a, a))
        high = _mm_add_pd(high, _mm_mul_pd(b, b))
        f += 1
    }
    return Lanes(lowHalf: low, highHalf: high)
#else
    var result = Lanes()
    var f = 0
    while f + 4 <= d {
        let d0 = Lanes(repeating: x[f]) - load(cT + 4 * f)
        let d1 = Lanes(repeating: x[f + 1]) - load(cT + 4 * f + 4)
        let d2 = Lanes(repeating: x[f + 2]) - load(cT + 4 * f + 8)
        let d3 = Lanes(repeating: x[f + 3]) - load(cT + 4 * f + 12)
        result += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
        f += 4
    }
    while f < d {
        let t = Lanes(repeating: x[f]) - load(cT + 4 * f)
        result += t * t
        f += 1
    }
    return result
#endif
}

/// `out[r * padded + j] = (sum_f x[r * d + f] * bT[f * padded + j]) + bias[j]` for `r < 4`,
/// `j < padded`; each sum runs over `f` in order from 0, like a plain loop.
@inline(__always)
func scoresFourRows(_ x: UnsafePointer<Double>, d: Int, _ bT: UnsafePointer<Double>, bias: UnsafePointer<Double>,
                    padded: Int, _ out: UnsafeMutablePointer<Double>) {
    let x0 = x, x1 = x + d, x2 = x + 2 * d, x3 = x + 3 * d
    var jb = 0
    while jb < padded {
        var a0 = Lanes(), a1 = Lanes(), a2 = Lanes(), a3 = Lanes()
        var p = bT + jb
        for f in 0..<d {
            let c = load(p)
            a0 += c * x0[f]
            a1 += c * x1[f]
            a2 += c * x2[f]
            a3 += c * x3[f]
            p += padded
        }
        let b = load(bias + jb)
        store(a0 + b, out + jb)
        store(a1 + b, out + padded + jb)
        store(a2 + b, out + 2 * padded + jb)
        store(a3 + b, out + 3 * padded + jb)
        jb += 4
    }
}

/// One-row version of `scoresFourRows` (for the last `rows % 4` rows).
@inline(__always)
func scoresOneRow(_ x: UnsafePointer<Double>, d: Int, _ bT: UnsafePointer<Double>, bias: UnsafePointer<Double>,
                  padded: Int, _ out: UnsafeMutablePointer<Double>) {
    var jb = 0
    while jb < padded {
        var a = Lanes()
        var p = bT + jb
        for f in 0..<d {
            a += load(p) * x[f]
            p += padded
        }
        store(a + load(bias + jb), out + jb)
        jb += 4
    }
}

/// Index and value of the smallest of `scores[0..<k]`. The first of equal scores wins, as with
/// scikit-learn's strict `<` scan. Written with selects instead of an `if`: the position of the
/// minimum is data-dependent, so a compare-and-branch scan mispredicts.
@inline(__always)
func argmin(_ scores: UnsafePointer<Double>, k: Int) -> (label: Int, score: Double) {
    var best = scores[0]
    var label = 0
    var j = 1
    while j < k {
        let score = scores[j]
        let less = score < best
        best = less ? score : best
        label = less ? j : label
        j += 1
    }
    return (label, best)
}

/// `y[f] += x[f] * w` for `f < count` (each element rounded as the scalar expression).
@inline(__always)
func addScaled(_ x: UnsafePointer<Double>, _ w: Double, into y: UnsafeMutablePointer<Double>, count: Int) {
    var f = 0
    while f + 4 <= count {
        store(load(y + f) + load(x + f) * w, y + f)
        f += 4
    }
    while f < count {
        y[f] += x[f] * w
        f += 1
    }
}

/// `||a - b||^2`, summed in scikit-learn's order (`_euclidean_dense_dense`: groups of four
/// added left to right, then the remainder), so per-row values match it bit for bit.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, d: Int) -> Double {
    var result = 0.0
    var f = 0
    while f + 4 <= d {
        let d0 = a[f] - b[f], d1 = a[f + 1] - b[f + 1], d2 = a[f + 2] - b[f + 2], d3 = a[f + 3] - b[f + 3]
        result += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
        f += 4
    }
    while f < d {
        let t = a[f] - b[f]
        result += t * t
        f += 1
    }
    return result
}
