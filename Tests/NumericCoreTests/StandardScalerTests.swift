import Testing
import PropertyBased
import NumericCore
import TestSupport

@Suite struct StandardScalerTests {
    @Test func handComputedPopulationAndSampleConventions() {
        let x = Matrix([[1, 10], [2, 10], [3, 10], [6, 10]])
        let population = StandardScaler(ddof: 0).fit(x)
        #expect(population.mean == [3, 10])
        // sum of squares about 3: 4 + 1 + 0 + 9 = 14
        #expect(approxEqual(population.variance[0], 14.0 / 4, relative: 1e-15))
        #expect(approxEqual(population.scale[0], (14.0 / 4).squareRoot(), relative: 1e-15))
        #expect(population.constantColumns == [1])
        #expect(population.scale[1] == 1)
        #expect(population.warnings.count == 1)
        let sample = StandardScaler(ddof: 1).fit(x)
        #expect(sample.ddof == 1)
        #expect(approxEqual(sample.variance[0], 14.0 / 3, relative: 1e-15))
        let z = population.transform(x)
        #expect(z.column(1) == [0, 0, 0, 0])
    }

    @Test func largeOffsetsKeepPrecision() {
        // Around 1e6 with unit spread: the one-pass formula would lose ~1e-4 of the variance.
        let x = Matrix((0..<1000).map { i in [1e6 + Double(i % 7) - 3] })
        let fitted = StandardScaler().fit(x)
        let reference = Matrix((0..<1000).map { i in [Double(i % 7) - 3] })
        #expect(approxEqual(fitted.variance[0], StandardScaler().fit(reference).variance[0], relative: 1e-9))
    }

    @Test func standardizedColumnsHaveMeanZeroAndUnitDeviation() async {
        await propertyCheck(input: Gen.int(in: 2...60), Gen.int(in: 1...6), Gen.int(in: 0...1_000_000)) { rows, columns, seed in
            var rng = SplitMix64(seed: UInt64(seed))
            var x = Matrix(rows: rows, columns: columns)
            for i in 0..<rows { for j in 0..<columns { x[i, j] = rng.nextGaussian() * Double(j + 1) * 1000 + Double(j) * 1e5 } }
            let scaler = StandardScaler().fit(x)
            let z = scaler.transform(x)
            for j in 0..<columns {
                let col = z.column(j)
                let mean = col.reduce(0, +) / Double(rows)
                let variance = col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rows)
                #expect(abs(mean) < 1e-9)
                #expect(abs(variance - 1) < 1e-9)
            }
            let back = scaler.inverseTransform(z)
            #expect(approxEqual(back.storage, x.storage, relative: 1e-12, absolute: 1e-9))
        }
    }
}
