import Segmentation
// Values the renderers derive from the model, computed in one place for every format.

extension SegmentationReport {
    /// The names of the worklist's score parts, in first-seen order (the scoring formula's order).
    var scorePartNames: [String] {
        var names: [String] = []
        for row in worklist {
            for part in row.scoreParts where !names.contains(part.name) { names.append(part.name) }
        }
        return names
    }
}

extension WorklistRow {
    /// The value of the score part called `name`, if the row has one.
    func scorePart(_ name: String) -> Double? {
        scoreParts.first { $0.name == name }?.value
    }
}

extension SegmentSilhouette {
    /// The finite values (NaN would mean a bug upstream; it must not break a chart).
    var finiteValues: [Double] { values.filter(\.isFinite) }

    /// The mean of the finite values; NaN when there are none.
    var mean: Double {
        let finite = finiteValues
        return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    }

    /// The fraction of finite values below 0 (accounts closer to another segment); NaN when none.
    var negativeShare: Double {
        let finite = finiteValues
        return finite.isEmpty ? .nan : Double(finite.filter { $0 < 0 }.count) / Double(finite.count)
    }
}

extension SilhouetteSummary {
    /// How many values the summary holds (the plotted sample).
    var sampleCount: Int { segments.reduce(0) { $0 + $1.finiteValues.count } }
}
