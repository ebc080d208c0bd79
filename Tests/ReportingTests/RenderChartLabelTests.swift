import Clustering
import Testing
@testable import Reporting

@Suite("Chart mark labels")
struct RenderChartLabelTests {
    typealias Point = Charts.Point
    let plot = PlotArea(left: 70, top: 60, width: 470, height: 230)

    /// The box `labelPlacement` reserves for a 12 px label at `place` (as in the function).
    func box(_ label: String, _ place: (x: Double, y: Double, anchor: SVG.Anchor)) -> (left: Double, top: Double, right: Double, bottom: Double) {
        let width = TextMetrics.width(label, fontSize: 12)
        let left = place.anchor == .start ? place.x : place.x - width
        return (left - 2, place.y - 11, left + width + 2, place.y + 3)
    }

    @Test("a falling curve keeps the label at the upper right of the ring")
    func fallingCurve() {
        let ring = Point(x: 200, y: 200)
        let segments = [(Point(x: 150, y: 120), ring), (ring, Point(x: 250, y: 230))]
        let place = Charts.labelPlacement("elbow k = 4", ring: ring, plot: plot, avoiding: segments)
        #expect(place.x == 211 && place.y == 191 && place.anchor == .start)
    }

    @Test("a curve rising into a point near the right edge moves the label off the line")
    func risingIntoRightEdge() {
        // The Davies-Bouldin shape: the index climbs to its last k, which sits by the right edge.
        let ring = Point(x: 520, y: 100)
        let segments = [(Point(x: 460, y: 180), Point(x: 490, y: 140)), (Point(x: 490, y: 140), ring)]
        let label = "votes k = 7"
        let place = Charts.labelPlacement(label, ring: ring, plot: plot, avoiding: segments)
        let b = box(label, place)
        #expect(!segments.contains { Charts.segmentCrossesBox($0.0, $0.1, b) }, "label \(place) crosses the line")
        #expect(b.left >= plot.left && b.right <= plot.right && b.top >= plot.top && b.bottom <= plot.bottom)
    }

    @Test("segment and box intersection", arguments: [
        (Point(x: 0, y: 0), Point(x: 10, y: 10), true),    // diagonal through the box
        (Point(x: 0, y: 20), Point(x: 20, y: 20), false),  // passes below
        (Point(x: 3, y: 3), Point(x: 4, y: 4), true),      // inside
        (Point(x: 7, y: 0), Point(x: 20, y: 13), false),   // passes the corner (8, 2) outside
    ])
    func crossing(a: Point, b: Point, expected: Bool) {
        #expect(Charts.segmentCrossesBox(a, b, (left: 2, top: 2, right: 8, bottom: 8)) == expected)
    }
}

@Suite("Discovery charts ring every vote")
struct DiscoveryVoteRingTests {
    /// `discover` names its votes by `SelectionIndex.displayName`; every voting index with a
    /// value per k (all but the elbow, which the inertia chart marks as its knee) needs a chart
    /// whose `vote` is that name, or its ring silently disappears.
    @Test func everyVotingIndexHasAChart() {
        let charted = Set(DiscoveryIndex.judges.compactMap(\.vote))
        for index in SelectionIndex.allCases where index != .elbow {
            #expect(charted.contains(index.displayName), "no chart rings the \(index.displayName) vote")
        }
    }
}
