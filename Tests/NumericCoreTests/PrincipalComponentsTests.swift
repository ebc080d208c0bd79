import Testing
import PropertyBased
import NumericCore
import TestSupport

@Suite struct PrincipalComponentsTests {
    @Test func axisAlignedDataGivesAxesByVariance() throws {
        // Column 0 has variance 2/3, column 1 has 8/3 (ddof = 1): PC1 is the y axis.
        let x = Matrix([[1, 0], [-1, 0], [0, 2], [0, -2]])
        let pca = try PrincipalComponents().fit(x)
        #expect(approxEqual(pca.explainedVariance, [8.0 / 3, 2.0 / 3], relative: 1e-12))
        #expect(approxEqual(pca.explainedVarianceRatio, [0.8, 0.2], relative: 1e-12))
        #expect(approxEqual(pca.singularValues, [Double(8).squareRoot(), Double(2).squareRoot()], relative: 1e-12))
        #expect(approxEqual(pca.components.storage, [0, 1, 1, 0], relative: 1e-12, absolute: 1e-14))
    }

    @Test func varianceFractionKeepsFewestComponents() throws {
        let x = Matrix([[1, 0], [-1, 0], [0, 2], [0, -2]])
        #expect(try PrincipalComponents(count: .varianceFraction(0.5)).fit(x).components.rows == 1)
        #expect(try PrincipalComponents(count: .varianceFraction(0.8)).fit(x).components.rows == 2)
        #expect(try PrincipalComponents(count: .varianceFraction(0.79)).fit(x).components.rows == 1)
    }

    @Test func refusesBadRequests() {
        let x = Matrix([[1, 2], [3, 4], [5, 7]])
        #expect(throws: PCAError.invalidComponentCount(requested: 3, maximum: 2)) {
            try PrincipalComponents(count: .count(3)).fit(x)
        }
        #expect(throws: PCAError.tooFewSamples(1)) { try PrincipalComponents().fit(Matrix([[1, 2]])) }
        #expect(throws: PCAError.invalidVarianceFraction(1.5)) {
            try PrincipalComponents(count: .varianceFraction(1.5)).fit(x)
        }
        #expect(throws: LinearAlgebraError.self) {
            try PrincipalComponents().fit(Matrix([[1, .nan], [2, 3], [4, 5]]))
        }
    }

    @Test func tellsNonFiniteInputFromOverflow() {
        // The finiteness check is folded into the covariance pass; the error still says which.
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "PCA")) {
            try PrincipalComponents().fit(Matrix([[1, 2], [.infinity, 3], [4, 5]]))
        }
        #expect(throws: LinearAlgebraError.nonFiniteResult(routine: "PCA covariance")) {
            try PrincipalComponents().fit(Matrix([[1e200, 1], [-1e200, 2], [3e200, 3]]))
        }
    }

    @Test func covarianceStaysAccurateFarFromTheOrigin() throws {
        // Sorted data 1e6 from the origin: the first task's rows (the provisional shift) sit
        // 5 units from the overall mean. Without a shift, X^T X - n mean mean^T cancels about
        // 11 of 16 digits here; the reference below centres exactly, in two passes.
        var rng = SplitMix64(seed: 11)
        let n = 10_000, d = 3
        let x = Matrix((0..<n).map { i -> [Double] in
            let level = i < n / 2 ? 0.0 : 10.0
            return (0..<d).map { j in 1e6 + level * Double(j + 1) + rng.nextGaussian() }
        })
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x[i, j] } }
        mean = mean.map { $0 / Double(n) }
        var covariance = Matrix(rows: d, columns: d)
        for i in 0..<n {
            for a in 0..<d { for b in 0..<d { covariance[a, b] += (x[i, a] - mean[a]) * (x[i, b] - mean[b]) } }
        }
        let pca = try PrincipalComponents().fit(x)
        #expect(approxEqual(pca.mean, mean, relative: 1e-14))
        // Rayleigh quotients of the fitted components under the exact covariance.
        for c in 0..<d {
            let v = Array(pca.components.row(c))
            var quotient = 0.0
            for a in 0..<d { for b in 0..<d { quotient += v[a] * covariance[a, b] * v[b] } }
            #expect(approxEqual(quotient / Double(n - 1), pca.explainedVariance[c], relative: 1e-10))
        }
    }

    @Test func rankDeficientDataClipsToZero() throws {
        // Third column = first + second: one eigenvalue is 0 up to rounding, never negative.
        var rng = SplitMix64(seed: 7)
        let x = Matrix((0..<50).map { _ in let a = rng.nextGaussian(), b = rng.nextGaussian(); return [a, b, a + b] })
        let pca = try PrincipalComponents().fit(x)
        #expect(pca.explainedVariance.allSatisfy { $0 >= 0 })
        #expect(pca.explainedVariance[2] < 1e-12)
    }

    @Test func propertiesOfTheDecomposition() async {
        await propertyCheck(input: Gen.int(in: 3...80), Gen.int(in: 1...8), Gen.int(in: 0...1_000_000)) { rows, columns, seed in
            let (x, _) = gaussianBlobs(rows: rows, columns: columns, clusters: 3, seed: UInt64(seed))
            let pca = try PrincipalComponents().fit(x)
            let k = pca.components.rows
            #expect(k == min(rows, columns))
            // Ratios sorted descending and summing to at most 1.
            #expect(zip(pca.explainedVarianceRatio, pca.explainedVarianceRatio.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(pca.explainedVarianceRatio.reduce(0, +) <= 1 + 1e-12)
            // Orthonormal rows with the largest loading positive.
            for a in 0..<k {
                let row = Array(pca.components.row(a))
                #expect(row.max(by: { abs($0) < abs($1) })! > 0)
                for b in 0..<k {
                    let dot = zip(row, pca.components.row(b)).map(*).reduce(0, +)
                    #expect(abs(dot - (a == b ? 1 : 0)) < 1e-10)
                }
            }
            // Projected variances equal the explained variances.
            let projected = pca.transform(x)
            for a in 0..<k {
                let col = projected.column(a)
                let variance = col.map { $0 * $0 }.reduce(0, +) / Double(rows - 1)
                #expect(approxEqual(variance, pca.explainedVariance[a], relative: 1e-9, absolute: 1e-9))
            }
            // With every component kept, inverse transform restores the data.
            if k == columns {
                #expect(approxEqual(pca.inverseTransform(projected).storage, x.storage, relative: 1e-9, absolute: 1e-9))
            }
        }
    }
}

@Suite(.serialized) struct PrincipalComponentsDeterminismTests {
    @Test func sameBitsWhateverTheOpenBLASThreadCount() throws {
        // More rows than one task, so the parallel reduction is exercised.
        let (x, _) = gaussianBlobs(rows: 20_000, columns: 12, clusters: 4, seed: 3)
        let previous = BLASInfo.threadCount
        defer { BLASInfo.setThreadCount(previous) }
        BLASInfo.setThreadCount(1)
        let one = try PrincipalComponents(count: .count(5)).fit(x)
        let projectedOne = one.transform(x)
        BLASInfo.setThreadCount(2)
        let two = try PrincipalComponents(count: .count(5)).fit(x)
        #expect(one == two)
        #expect(projectedOne == two.transform(x))
        #expect(one.inverseTransform(projectedOne) == two.inverseTransform(projectedOne))
    }
}
