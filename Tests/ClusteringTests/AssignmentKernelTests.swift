import Foundation
import Testing
import PropertyBased
import NumericCore
@testable import Clustering

/// Every C assignment kernel this CPU runs (AVX2, AVX-512) must give the portable Swift
/// kernel's bits: labels, centres, per-iteration and final inertia. On a CPU without AVX2 there
/// is nothing to compare (the first test records which kernels ran).
@Suite struct AssignmentKernelTests {
    @Test func bestKernelIsReported() {
        // Not an assertion on the machine: documents in the log which kernel was compared.
        print("AssignmentKernelTests: compared the portable kernel with \(nativeKernels)")
        #expect(nativeKernels.allSatisfy { $0 > .portable && $0 <= AssignmentKernel.best })
    }

    /// Random shapes (n, d, k not multiples of 4), weights or none, and values on a coarse grid
    /// with duplicated rows and duplicated centres, so exact score ties are common.
    @Test func lloydRunsAreBitIdentical() async {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...300),
                            Gen.int(in: 1...11), Gen.int(in: 1...20), Gen.bool) { seed, rows, columns, clusters, weighted in
            // KMeans requires rows >= k (empty-cluster relocation needs a row per cluster).
            let problem = RandomProblem(seed: seed, rows: rows, columns: columns, clusters: min(clusters, rows),
                                        weighted: weighted)
            let portable = problem.lloyd(kernel: .portable, workers: 1)
            for kernel in nativeKernels {
                let native = problem.lloyd(kernel: kernel, workers: 1)
                #expect(firstDifference(native.labels, portable.labels) == nil, "\(kernel)")
                #expect(native.iterations == portable.iterations && native.converged == portable.converged)
                #expect(firstDifference(native.centers, portable.centers) == nil, "\(kernel)")
                #expect(native.inertia.bitPattern == portable.inertia.bitPattern, "\(kernel)")
                #expect(firstDifference(native.inertiaHistory, portable.inertiaHistory) == nil, "\(kernel)")
            }
        }
    }

    /// The labelling-only entry point the mini-batch steps use.
    @Test func nearestCentersAreIdentical() async {
        await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...200),
                            Gen.int(in: 1...11), Gen.int(in: 1...20)) { seed, rows, columns, clusters in
            let problem = RandomProblem(seed: seed, rows: rows, columns: columns, clusters: clusters, weighted: false)
            let padded = paddedWidth(clusters)
            var centersT = [Double](repeating: 0, count: columns * padded)
            var norms = [Double](repeating: 0, count: padded)
            var scratch = [Double](repeating: 0, count: 4 * padded)
            prepareCenters(problem.initial, k: clusters, d: columns, padded: padded, centersT: &centersT, norms: &norms)
            func labels(_ kernel: AssignmentKernel) -> [Int] {
                var out = [Int](repeating: -1, count: rows)
                nearestCenters(problem.x.storage, count: rows, d: columns, k: clusters, centersT: centersT, norms: norms,
                               padded: padded, scratch: &scratch, labels: &out, kernel: kernel)
                return out
            }
            let portable = labels(.portable)
            for kernel in nativeKernels {
                #expect(firstDifference(labels(kernel), portable) == nil, "\(kernel)")
            }
        }
    }

    /// Several row tasks (4096 rows each) on two workers, the last task's rows not a multiple of 4.
    @Test func manyTasksOnTwoWorkersAreBitIdentical() {
        let problem = RandomProblem(seed: 11, rows: 9_003, columns: 16, clusters: 8, weighted: true)
        let portable = problem.lloyd(kernel: .portable, workers: 2)
        for kernel in nativeKernels {
            let native = problem.lloyd(kernel: kernel, workers: 2)
            #expect(firstDifference(native.labels, portable.labels) == nil, "\(kernel)")
            #expect(firstDifference(native.centers, portable.centers) == nil, "\(kernel)")
            #expect(firstDifference(native.inertiaHistory, portable.inertiaHistory) == nil, "\(kernel)")
        }
    }

    /// Overflowing and non-finite data give infinite and NaN scores: the C kernel falls back to
    /// the scalar scan for such rows and must still pick the portable labels and sums.
    @Test func nonFiniteScoresMatch() {
        var rows: [[Double]] = [[1, 2, 3], [1e300, -1e300, 2], [.infinity, 0, 1], [.nan, 1, 1],
                                [-1e300, 1e300, 0], [0, 0, 0], [3, -1, 2]]
        rows += rows.reversed()
        let x = Matrix(rows)
        let centers: [Double] = [1, 2, 3, 1e300, 1e300, 0, 0, 0, 0, -5, 1, 1e-300, 2, 2, 2]
        var results = [(labels: [Int], sums: [Double], weights: [Double], inertia: Double, changed: Int)]()
        for kernel in [AssignmentKernel.portable] + nativeKernels {
            let workspace = KMeansWorkspace(x, weights: nil, clusters: 5, workers: 1, kernel: kernel)
            // The workspace centres its data; assign against fixed centres in that frame.
            centers.withUnsafeBufferPointer { workspace.prepare(centers: $0.baseAddress!) }
            let (inertia, changed) = workspace.assign(accumulate: true)
            results.append((Array(UnsafeBufferPointer(start: workspace.labels, count: x.rows)),
                            Array(UnsafeBufferPointer(start: workspace.partialSums, count: 5 * 3)),
                            Array(UnsafeBufferPointer(start: workspace.partialWeights, count: 5)), inertia, changed))
        }
        let portable = results[0]
        for (kernel, native) in zip(nativeKernels, results.dropFirst()) {
            #expect(native.labels == portable.labels, "\(kernel)")
            #expect(native.changed == portable.changed, "\(kernel)")
            #expect(sameBits(native.sums, portable.sums), "\(kernel)")
            #expect(sameBits(native.weights, portable.weights), "\(kernel)")
            #expect(sameBits([native.inertia], [portable.inertia]), "\(kernel)")
        }
    }
}

/// The C kernels this CPU can run, each compared with the portable one.
private let nativeKernels = [AssignmentKernel.avx2, .avx512].filter { $0 <= AssignmentKernel.best }

/// Equal bit patterns, counting any two NaNs as equal (payloads are not part of the contract).
private func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

/// The first index where the arrays differ (or a count mismatch), as a short failure message.
private func firstDifference(_ a: [Int], _ b: [Int]) -> String? {
    guard a.count == b.count else { return "counts \(a.count) vs \(b.count)" }
    return a.indices.first { a[$0] != b[$0] }.map { "index \($0) of \(a.count): \(a[$0]) vs \(b[$0])" }
}

/// As above, on bit patterns (so -0 differs from 0), reporting the values.
private func firstDifference(_ a: [Double], _ b: [Double]) -> String? {
    guard a.count == b.count else { return "counts \(a.count) vs \(b.count)" }
    return a.indices.first { a[$0].bitPattern != b[$0].bitPattern }.map { "index \($0) of \(a.count): \(a[$0]) vs \(b[$0])" }
}

/// Data on a grid of halves in [-4, 4] with every third row a copy of an earlier one, optional
/// weights in (0, 3], and initial centres drawn from the rows (duplicates allowed).
private struct RandomProblem {
    let x: Matrix
    let weights: [Double]?
    let clusters: Int
    let initial: [Double]

    init(seed: UInt64, rows: Int, columns: Int, clusters: Int, weighted: Bool) {
        var rng = SplitMix64(seed: seed)
        var values = [Double]()
        for i in 0..<rows {
            if i >= 3 && i % 3 == 0 {
                let source = rng.nextInt(below: i)
                values += values[(source * columns)..<((source + 1) * columns)]
            } else {
                for _ in 0..<columns { values.append(Double(rng.nextInt(below: 17) - 8) / 2) }
            }
        }
        x = Matrix(rows: rows, columns: columns, storage: values)
        weights = weighted ? (0..<rows).map { _ in Double(rng.nextInt(below: 6) + 1) / 2 } : nil
        self.clusters = clusters
        var initial = [Double]()
        for _ in 0..<clusters {
            let source = rng.nextInt(below: rows)
            initial += values[(source * columns)..<((source + 1) * columns)]
        }
        self.initial = initial
    }

    /// Lloyd from `initial` (in the workspace's centred frame: shifted by the column means) on
    /// `kernel`, at most 6 iterations, tolerance 0.
    func lloyd(kernel: AssignmentKernel, workers: Int) -> LloydRun {
        let workspace = KMeansWorkspace(x, weights: weights, clusters: clusters, workers: workers, kernel: kernel)
        let d = x.columns
        let centred = initial.enumerated().map { $0.element - workspace.mean[$0.offset % d] }
        return workspace.runLloyd(initial: centred, maxIterations: 6, tolerance: 0)
    }
}
