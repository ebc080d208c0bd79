import Testing
import PropertyBased
import NumericCore
import TestSupport
@testable import Clustering

/// The k-means++ candidate evaluation on every C kernel this CPU runs must pick the same
/// centroids as the portable Swift path, bit for bit: distances and potentials feed the random
/// draws, so one differing bit would change every later choice.
@Suite struct KMeansPlusPlusKernelTests {
    private static let kernels = [AssignmentKernel.avx2, .avx512].filter { $0 <= AssignmentKernel.best }

    private static func seeding(_ x: Matrix, weights: [Double]?, k: Int, seed: UInt64, workers: Int,
                                kernel: AssignmentKernel) -> [Double] {
        let workspace = KMeansWorkspace(x, weights: weights, clusters: k, workers: workers, kernel: kernel)
        var rng = SplitMix64(seed: seed)
        return workspace.kMeansPlusPlus(using: &rng)
    }

    /// Random shapes (d not a multiple of 4; k up to 40, so 2 + ln k candidates fill one or two
    /// groups of four lanes), weights or none, values on a coarse grid so distances tie.
    @Test func seedingIsBitIdentical() async {
        await propertyCheck(count: 50, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...400),
                            Gen.int(in: 1...11), Gen.int(in: 1...40), Gen.bool) { seed, rows, columns, clusters, weighted in
            var rng = SplitMix64(seed: seed)
            let x = Matrix(rows: rows, columns: columns,
                           storage: (0..<(rows * columns)).map { _ in Double(rng.nextInt(below: 17) - 8) / 2 })
            let weights = weighted ? (0..<rows).map { _ in Double(rng.nextInt(below: 6) + 1) / 2 } : nil
            let k = min(clusters, rows)
            let portable = Self.seeding(x, weights: weights, k: k, seed: seed, workers: 1, kernel: .portable)
            for kernel in Self.kernels {
                let native = Self.seeding(x, weights: weights, k: k, seed: seed, workers: 1, kernel: kernel)
                #expect(native.map(\.bitPattern) == portable.map(\.bitPattern), "\(kernel)")
            }
        }
    }

    /// Several 4096-row tasks on two workers.
    @Test func manyTasksOnTwoWorkers() {
        let (x, _) = gaussianBlobs(rows: 10_001, columns: 13, clusters: 6, seed: 4)
        let portable = Self.seeding(x, weights: nil, k: 9, seed: 5, workers: 2, kernel: .portable)
        for kernel in Self.kernels {
            #expect(Self.seeding(x, weights: nil, k: 9, seed: 5, workers: 2, kernel: kernel) == portable, "\(kernel)")
        }
    }
}
