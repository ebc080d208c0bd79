internal import CKernels
import Foundation

/// Which implementation runs the fused Lloyd assignment pass (`KMeansWorkspace.assignTask`).
///
/// `portable` is the Swift SIMD code in DistanceKernels.swift: SSE2 on x86-64, since the
/// default binary must run on any x86-64 CPU (and Swift cannot target one function at a newer
/// instruction set). `avx2` and `avx512` are the same arithmetic in C (Sources/CKernels), each
/// function compiled for its instruction set and chosen at run time from the CPU's flags
/// (`avx512` runs the AVX-512 code for 4 < k <= 16 and the AVX2 code otherwise). All give the
/// same bits (labels, sums, inertia): assign.c explains how, and AssignmentKernelTests compare
/// them on random data. One Lloyd iteration over 1M x 16 with k = 8 on one thread of this
/// project's AMD EPYC (Zen 4) build machine: 12.5-13.5 ms of CPU on AVX-512, 14.7-15.1 on AVX2,
/// 23.8-23.9 on the portable path.
enum AssignmentKernel: Int, Comparable, Sendable {
    case portable, avx2, avx512

    /// The fastest kernel this CPU runs, capped by `AR_SEGMENT_KERNEL` (`portable`, `avx2` or
    /// `avx512`: to compare, or to rule the C kernels out when chasing a problem). Read once.
    static let preferred: AssignmentKernel = {
        let requested = ProcessInfo.processInfo.environment["AR_SEGMENT_KERNEL"].flatMap(AssignmentKernel.init(name:))
        return min(best, requested ?? best)
    }()

    /// The fastest kernel this CPU (and OS) supports, ignoring the environment.
    static let best: AssignmentKernel = switch ck_best_level() {
    case CK_LEVEL_AVX512: .avx512
    case CK_LEVEL_AVX2: .avx2
    default: .portable
    }

    init?(name: String) {
        switch name {
        case "portable": self = .portable
        case "avx2": self = .avx2
        case "avx512": self = .avx512
        default: return nil
        }
    }

    static func < (a: AssignmentKernel, b: AssignmentKernel) -> Bool { a.rawValue < b.rawValue }

    /// The name `AR_SEGMENT_KERNEL` takes.
    var name: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avx512: "avx512"
        }
    }

    fileprivate var level: ck_level {
        switch self {
        case .portable: CK_LEVEL_NONE
        case .avx2: CK_LEVEL_AVX2
        case .avx512: CK_LEVEL_AVX512
        }
    }
}

/// Which k-means kernels this process runs, for `ar-segment doctor` and bug reports.
public enum KMeansKernels {
    /// The kernel in use: `avx512`, `avx2` or `portable` (after `AR_SEGMENT_KERNEL`).
    public static var selected: String { AssignmentKernel.preferred.name }
    /// The fastest kernel the CPU and OS support.
    public static var best: String { AssignmentKernel.best.name }
}

/// Writes into `labels[r]` the nearest prepared centre of each of `count` contiguous rows at
/// `x` (`argmin_j ||c_j||^2 - 2 x.c_j`, first of equal scores), on `kernel`: the labelling half
/// of the Lloyd pass, for the mini-batch steps. `scratch` holds `4 * padded` values.
func nearestCenters(_ x: UnsafePointer<Double>, count: Int, d: Int, k: Int, centersT: UnsafePointer<Double>,
                    norms: UnsafePointer<Double>, padded: Int, scratch: UnsafeMutablePointer<Double>,
                    labels: UnsafeMutablePointer<Int>, kernel: AssignmentKernel = .preferred) {
    guard kernel != .portable else {
        forEachNearestCenter(x, count: count, d: d, k: k, centersT: centersT, norms: norms, padded: padded,
                             scratch: scratch) { r, label, _ in labels[r] = label }
        return
    }
    var task = ck_assign_task(x: x, x_norms: nil, weights: nil, centers_t: centersT, center_norms: norms,
                              rows: count, d: d, k: k, padded: padded, labels: labels,
                              sums: nil, cluster_weights: nil, scratch: scratch, accumulate: 0)
    _ = ck_assign(&task, kernel.level)
}

extension KMeansWorkspace {
    /// `assignTask` through the C kernel (`kernel != .portable`): same inputs, same outputs.
    func assignTaskNative(_ t: Int, worker: Int, accumulate: Bool) -> (inertia: Double, changed: Int) {
        let range = tasks.range(t)
        let start = range.lowerBound
        var task = ck_assign_task(
            x: x + start * d, x_norms: xNorms + start, weights: weights.map { UnsafePointer($0 + start) },
            centers_t: centersT, center_norms: centerNorms,
            rows: range.count, d: d, k: k, padded: padded,
            labels: labels + start,
            sums: partialSums + t * sumsStride, cluster_weights: partialWeights + t * weightsStride,
            scratch: scratch + worker * scratchStride, accumulate: accumulate ? 1 : 0)
        let result = ck_assign(&task, kernel.level)
        return (result.inertia, result.changed)
    }
}

extension KMeansWorkspace {
    /// k-means++ candidate evaluation of task `t` through the C kernel (`kernel != .portable`):
    /// the same distances and potentials as the portable `evaluateCandidates`, bit for bit.
    func evaluateCandidatesNative(task t: Int, packed: UnsafePointer<Double>, lanes: Int,
                                  closest: UnsafePointer<Double>, distances: UnsafeMutablePointer<Double>,
                                  stride: Int, potentials: UnsafeMutablePointer<Double>) {
        let range = tasks.range(t)
        let start = range.lowerBound
        var task = ck_candidates_task(
            x: x + start * d, weights: weights.map { UnsafePointer($0 + start) }, closest: closest + start,
            packed: packed, rows: range.count, d: d, lanes: lanes,
            distances: distances + start, stride: stride, potentials: potentials)
        ck_kmeanspp_candidates(&task, kernel.level)
    }
}
