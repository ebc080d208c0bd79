import Testing
import NumericCore

@Suite struct MatrixTests {
    @Test func rowMajorLayout() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m[1, 0] == 4)
        #expect(Array(m.row(1)) == [4, 5, 6])
        #expect(m.column(2) == [3, 6])
        #expect(m.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect(m.selectingRows([1, 1]).rowArrays == [[4, 5, 6], [4, 5, 6]])
        #expect(m.selectingColumns([2, 0]).rowArrays == [[3, 1], [6, 4]])
    }

    @Test func splitMixIsDeterministicAndUniform() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xs = (0..<1000).map { _ in a.nextUniform() }
        #expect(xs == (0..<1000).map { _ in b.nextUniform() })
        #expect(xs != (0..<1000).map { _ in c.nextUniform() })
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = xs.reduce(0, +) / 1000
        #expect(abs(mean - 0.5) < 0.05)
    }

    @Test func blasReportsACore() {
        #expect(!BLASInfo.coreName.isEmpty)
        #expect(BLASInfo.threadCount >= 1)
    }
}
