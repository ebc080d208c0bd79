import Segmentation
/// How each segment looks in every chart and table of one report: its colour and marker shape
/// come from its position in the report's segment list, so they agree across charts.
struct SegmentStyle {
    private let positions: [Int: Int]
    private let segments: [SegmentSummary]

    init(_ segments: [SegmentSummary]) {
        self.segments = segments
        var positions: [Int: Int] = [:]
        for (position, segment) in segments.enumerated() where positions[segment.id] == nil {
            positions[segment.id] = position
        }
        self.positions = positions
    }

    func segment(_ id: Int) -> SegmentSummary? { positions[id].map { segments[$0] } }

    /// The segment's colour; grey for an id the report does not list.
    func colour(_ id: Int) -> String {
        positions[id].map(Palette.segment) ?? Palette.unknown
    }

    /// 0 circle, 1 square, 2 triangle: changes each time the palette wraps around.
    func shape(_ id: Int) -> Int {
        (positions[id] ?? 0) / Palette.categorical.count
    }

    /// The segment's display name (`"Segment 7"` for an id the report does not list).
    func name(_ id: Int) -> String {
        segment(id)?.name ?? "Segment \(id)"
    }
}
