import Foundation
import Testing
@testable import Clustering

/// Kneedle against the reference implementation `kneed` 0.9.0:
/// `KneeLocator(x, y, curve="convex", direction="decreasing", S=1.0, online=False).knee`,
/// with x = 2, 3, ... (the expected knees below were printed by that call).
@Suite struct SelectionKneedleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let y: [Double]
        let knee: Int?
        var testDescription: String { name }
    }

    static let kneedCases: [Case] = [
        Case(name: "four blobs", y: [5000, 2400, 900, 300, 270, 245, 225, 210, 198], knee: 4),
        Case(name: "100/k", y: (1...9).map { 100 / Double($0) }, knee: 4),
        Case(name: "exponential", y: (1...11).map { 1000 * exp(-0.7 * Double($0)) + 10 }, knee: 5),
        Case(name: "straight line", y: (1...9).map { 100 - 5 * Double($0) }, knee: nil),
        Case(name: "two elbows", y: [1000, 400, 350, 120, 100, 90, 85, 82, 80], knee: 5),
        Case(name: "plateau", y: [1000, 500, 500, 200, 190, 185, 180], knee: 3),
    ]

    @Test(arguments: kneedCases)
    func agreesWithKneed(_ c: Case) {
        let x = c.y.indices.map { Double($0 + 2) }
        let index = Kneedle().knee(x: x, y: c.y)
        #expect(index.map { Int(x[$0]) } == c.knee)
    }

    @Test func tooFewOrFlatPointsHaveNoKnee() {
        #expect(Kneedle().knee(x: [1, 2], y: [10, 1]) == nil)
        #expect(Kneedle().knee(x: [1, 2, 3, 4], y: [5, 5, 5, 5]) == nil)
    }

    @Test func kneeIsInvariantToAffineRescalingOfY() {
        let y: [Double] = [5000, 2400, 900, 300, 270, 245, 225, 210, 198]
        let x = y.indices.map { Double($0 + 2) }
        let k = Kneedle().knee(x: x, y: y)
        #expect(k != nil)
        #expect(Kneedle().knee(x: x, y: y.map { 0.001 * $0 + 7 }) == k)
    }
}
