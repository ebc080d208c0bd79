import PropertyBased
import Testing
@testable import Receivables

@Suite struct MedianTests {
    @Test func agreesWithSortingOnSamplesFullOfTies() async {
        // Small value ranges give long runs of equal values, the case that breaks naive
        // partitioning; lengths cover odd, even and single-element samples.
        await propertyCheck(count: 400, input: Gen.int(in: 1...400), Gen.int(in: 1...50), Gen.uint64(in: 0...UInt64.max)) {
            count, distinct, seed in
            var state = seed
            let values = (0..<count).map { _ -> Double in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double(Int(state >> 33) % distinct) * 0.5 - 3
            }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            #expect(median(values) == expected)

            let rank = Int(seed % UInt64(count))
            var work = values
            work.withUnsafeMutableBufferPointer { buffer in
                #expect(select(rank, in: buffer) == sorted[rank])
                #expect(buffer[..<rank].allSatisfy { $0 <= buffer[rank] })
                #expect(buffer[(rank + 1)...].allSatisfy { $0 >= buffer[rank] })
            }
            #expect(work.sorted() == sorted)
        }
    }

    @Test func handlesSortedReversedAndConstantInput() {
        let ascending = (0..<1001).map(Double.init)
        #expect(median(ascending) == 500)
        #expect(median(ascending.reversed()) == 500)
        #expect(median(Array(repeating: 7.25, count: 10_000)) == 7.25)
        #expect(median([2, 1]) == 1.5)
        #expect(median([-0.5]) == -0.5)
    }
}
