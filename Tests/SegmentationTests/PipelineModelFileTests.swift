import Foundation
import NumericCore
import Testing
import TestSupport
@testable import Segmentation

/// `model.json`: deterministic encoding, and load errors that say what differs.
@Suite struct PipelineModelFileTests {
    static func model(pca: Bool = false) throws -> SegmentationModel {
        var options = SegmentationOptions(segmentCount: .fixed(3), seed: 42, toolVersion: "0.1.0")
        options.pcaComponents = pca ? 2 : nil
        options.features = ["avg_days_late", "overdue_balance", "dispute_rate"]
        return try SegmentationPipeline.run(PipelineFixtures.accounts(perGroup: 10), accountsPath: "accounts.csv",
                                            options: options).model
    }

    static func json(_ model: SegmentationModel) throws -> String {
        String(decoding: try model.encodedJSON(), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> SegmentationModel {
        try SegmentationModel.decode(Data(text.utf8), path: "model.json")
    }

    @Test(arguments: [false, true])
    func roundTripsExactly(pca: Bool) throws {
        let model = try Self.model(pca: pca)
        let text = try Self.json(model)
        #expect(try Self.decode(text) == model)
        #expect(try Self.json(Self.decode(text)) == text)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"modelVersion\" : 1"))
        #expect(text.contains("\"ddof\" : 0"))
    }

    @Test func truncatedFileIsNamedTruncated() throws {
        let text = try Self.json(Self.model())
        for cut in [1, text.count / 3, text.count - 3] {
            #expect(throws: ModelError.truncated(path: "model.json")) {
                try Self.decode(String(text.prefix(cut)))
            }
        }
        #expect(throws: ModelError.truncated(path: "model.json")) { try Self.decode("") }
    }

    @Test func corruptByteIsLocated() throws {
        let text = try Self.json(Self.model())
        let broken = text.replacingOccurrences(of: "\"seed\" : 42", with: "\"seed\" : 4x2")
        let line = broken.components(separatedBy: "\n").firstIndex { $0.contains("4x2") }! + 1
        do {
            _ = try Self.decode(broken)
            Issue.record("a corrupt file decoded")
        } catch let ModelError.invalidJSON(path, errorLine, column, _) {
            #expect(path == "model.json")
            #expect(errorLine == line)
            #expect(column != nil)
        }
    }

    @Test func otherVersionIsRefusedWithBothNumbers() throws {
        let text = try Self.json(Self.model()).replacingOccurrences(of: "\"modelVersion\" : 1", with: "\"modelVersion\" : 2")
        #expect(throws: ModelError.unsupportedVersion(path: "model.json", found: 2, supported: 1)) {
            try Self.decode(text)
        }
        // A future version need not decode as this one: the version is reported, not a missing key.
        #expect(throws: ModelError.unsupportedVersion(path: "model.json", found: 7, supported: 1)) {
            try Self.decode(#"{"format": "ar-segment-model", "modelVersion": 7, "layers": []}"#)
        }
    }

    @Test func otherJSONIsNotAModel() {
        #expect(throws: ModelError.notAModel(path: "model.json", format: nil)) {
            try Self.decode(#"{"labels": [0, 1]}"#)
        }
        #expect(throws: ModelError.notAModel(path: "model.json", format: "pmml")) {
            try Self.decode(#"{"format": "pmml", "modelVersion": 1}"#)
        }
    }

    @Test func missingOrMistypedFieldIsNamed() throws {
        let model = try Self.model()
        let text = try Self.json(model)
        var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var scaler = object["scaler"] as! [String: Any]
        scaler.removeValue(forKey: "mean")
        object["scaler"] = scaler
        let missing = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        #expect(throws: ModelError.malformed(path: "model.json", field: "scaler.mean", detail: "missing")) {
            try Self.decode(missing)
        }
        let mistyped = text.replacingOccurrences(of: "\"k\" : 3", with: "\"k\" : \"three\"")
        #expect(throws: ModelError.malformed(path: "model.json", field: "kmeans.k", detail: "expected Int")) {
            try Self.decode(mistyped)
        }
    }

    @Test func outOfRangeNumberIsRefused() throws {
        let text = try Self.json(Self.model()).replacingOccurrences(of: "\"seed\" : 42", with: "\"seed\" : 1e400")
        do {
            _ = try Self.decode(text)
            Issue.record("1e400 decoded")
        } catch let ModelError.invalidJSON(_, _, _, detail) {
            #expect(detail.contains("1e400"))
        }
    }

    @Test func nonFiniteValuesInAModelBuiltInCodeAreRefused() throws {
        var model = try Self.model()
        model.centroids[1, 2] = .nan
        #expect(throws: ModelError.nonFinite(path: "m", field: "centroids[5]")) { try model.check(path: "m") }
    }

    @Test func nonFiniteNumbersInTheFileAreRefused() throws {
        var model = try Self.model()
        model.scaler.scale[1] = .infinity
        // The encoder writes non-finite numbers as strings; the loader reads them back and refuses them.
        let text = try Self.json(model)
        #expect(text.contains("\"Infinity\""))
        #expect(throws: ModelError.nonFinite(path: "model.json", field: "scaler.scale[1]")) { try Self.decode(text) }
    }

    @Test func editedDimensionsAreInconsistent() throws {
        var dropped = try Self.model()
        dropped.features.removeLast()
        #expect(throws: ModelError.inconsistent(path: "model.json",
                                                detail: "scaler.mean has 3 values for 2 features")) {
            try Self.decode(Self.json(dropped))
        }
        var twice = try Self.model()
        twice.features[2].name = "avg_days_late"
        #expect(throws: ModelError.inconsistent(path: "model.json", detail: "feature avg_days_late is listed twice")) {
            try Self.decode(Self.json(twice))
        }
        var extraCentroid = try Self.model(pca: true)
        extraCentroid.centroids = Matrix(rows: 3, columns: 3)
        #expect(throws: ModelError.inconsistent(
            path: "model.json", detail: "centroids have 3 columns, expected 2 (one per principal component)")) {
            try Self.decode(Self.json(extraCentroid))
        }
        var renumbered = try Self.model()
        renumbered.segments[1].id = 5
        #expect(throws: ModelError.inconsistent(path: "model.json",
                                                detail: "segments must be numbered 0..<3 in order, found 0,5,2")) {
            try Self.decode(Self.json(renumbered))
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ModelError.unreadable(path: "/nonexistent/model.json", reason: "no such file")) {
            try SegmentationModel.load(path: "/nonexistent/model.json")
        }
    }

    @Test func featureListDifferencesAreDescribed() {
        let expected = ["a", "b", "c"]
        let missing = FeatureListDifference(expected: expected, actual: ["a", "c", "d"])
        #expect(missing.missing == ["b"] && missing.extra == ["d"] && !missing.reordered)
        #expect(missing.describe(expected: expected, actual: ["a", "c", "d"]) == "missing b; extra d")
        let reordered = FeatureListDifference(expected: expected, actual: ["c", "a", "b"])
        #expect(reordered.reordered && !reordered.isEmpty)
        #expect(reordered.describe(expected: expected, actual: ["c", "a", "b"])
                == "same features in another order (expected a,b,c; found c,a,b)")
        #expect(FeatureListDifference(expected: expected, actual: expected).isEmpty)
    }

    @Test func signedLog1pMatchesLog1pAndKeepsCredits() {
        for x in [0.0, 1e-12, 0.5, 1, 1_000, 1e6] {
            #expect(FeatureTransform.log1p.apply(x) == Foundation.log1p(x))
            #expect(FeatureTransform.log1p.apply(-x) == -Foundation.log1p(x))
        }
        #expect(FeatureTransform.log1p.apply(-5_000).isFinite)
        #expect(FeatureTransform.none.apply(-3.5) == -3.5)
    }
}
