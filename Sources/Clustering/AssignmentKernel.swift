internal import CKernels
import Foundation

/// Which implementation runs the fused Lloyd assignment pass (`KMeansWorkspace.assignTask`).
///
/// `portable` is the Swift SIMD code in DistanceKernels.swift: SSE2 on x86-64, since the
/// default binary must run on any x86-64 CPU. `avx2` is the same arithmetic in C compiled for
/// AVX2 (CKernels), chosen at run time when the CPU has it; about twice as fast per row. Both
/// give the same bits (labels, sums, inertia): the C file explains how, and the tests compare
/// the two on random data.
enum AssignmentKernel: Equatable, Sendable {
    case portable
    case avx2

    /// The fastest kernel this CPU runs, unless `AR_SEGMENT_KERNEL=portable` forces the Swift
    /// path (to compare, or to rule the C kernel out when chasing a problem). Read once.
    static let preferred: AssignmentKernel = {
        if ProcessInfo.processInfo.environment["AR_SEGMENT_KERNEL"] == "portable" { return .portable }
        return best
    }()

    /// The fastest kernel this CPU (and OS) supports, ignoring the environment.
    static let best: AssignmentKernel = ck_best_level() == CK_LEVEL_NONE ? .portable : .avx2

    fileprivate var level: ck_level {
        switch self {
        case .portable: CK_LEVEL_NONE
        case .avx2: CK_LEVEL_AVX2
        }
    }
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
