import Foundation
import Testing
import TestSupport

/// GUIDE section 4 / issue 4: `assign` refuses a model file that is truncated, edited, of
/// another version, for other features, or holding non-finite numbers, saying what differs,
/// and writes nothing.
@Suite("Bad input: model files", .tags(.cli))
struct BadInputModelTests {
    /// A trained run, its model bytes, and `assign`'s output on the training accounts.
    struct Trained {
        let cli: BinaryRunner
        let scratch: ScratchDirectory
        let accounts: String
        let model: [UInt8]
    }

    func trained() throws -> Trained {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let (accounts, directory) = try trainedModel(cli, in: scratch)
        return Trained(cli: cli, scratch: scratch, accounts: accounts,
                       model: try #require(bytes(directory + "/model.json")))
    }

    /// Runs `assign` with `model` (bytes) on `accounts`; checks the one-line error and that no
    /// output appeared.
    func expectRefused(_ t: Trained, model: [UInt8], accounts: String? = nil, _ fragments: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try t.scratch.write("edited-model.json", model)
        let output = t.scratch.path("assigned.csv")
        let result = try t.cli.run(["assign", "--model", path, accounts ?? t.accounts, "-o", output])
        expectOneLineError(result, fragments, sourceLocation: sourceLocation)
        #expect(bytes(output) == nil, "output written", sourceLocation: sourceLocation)
    }

    /// The model as a JSON object, edited by `change`, serialized again.
    func edited(_ model: [UInt8], _ change: (inout [String: Any]) throws -> Void) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(model)) as? [String: Any])
        try change(&object)
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    @Test("the untouched model is accepted and reproduces segment's assignments")
    func untouchedModelAccepted() throws {
        let t = try trained()
        let output = t.scratch.path("assigned.csv")
        expectSuccess(try t.cli.run(["assign", "--model", t.scratch.path("run/model.json"), t.accounts, "-o", output]))
        #expect(bytes(output) == bytes(t.scratch.path("run/assignments.csv")))
        // Serializing again (other whitespace and number spelling) must not matter either.
        let reserialized = try edited(t.model) { _ in }
        let path = try t.scratch.write("reserialized.json", reserialized)
        let again = t.scratch.path("assigned-again.csv")
        expectSuccess(try t.cli.run(["assign", "--model", path, t.accounts, "-o", again]))
        #expect(bytes(again) == bytes(output))
    }

    @Test("truncated model files are refused as truncated, at any cut")
    func truncated() throws {
        let t = try trained()
        for fraction in [0.1, 0.5, 0.9, 0.999] {
            let cut = Array(t.model.prefix(Int(Double(t.model.count) * fraction)))
            try expectRefused(t, model: cut, ["edited-model.json", "truncated"])
        }
        try expectRefused(t, model: [], ["edited-model.json"])
    }

    @Test("another model version is refused naming both versions")
    func otherVersion() throws {
        let t = try trained()
        let model = try edited(t.model) { $0["modelVersion"] = 99 }
        try expectRefused(t, model: model, ["edited-model.json", "99", "version"])
    }

    @Test("a JSON file that is not a model is refused")
    func notAModel() throws {
        let t = try trained()
        try expectRefused(t, model: Array(#"{"labels": [0, 1]}"#.utf8), ["edited-model.json", "not an ar-segment model"])
        try expectRefused(t, model: Array("[1, 2, 3]".utf8), ["edited-model.json"])
    }

    @Test("a model whose feature the accounts lack is refused naming the feature")
    func differentFeatureNames() throws {
        let t = try trained()
        let model = try edited(t.model) { object in
            var features = try #require(object["features"] as? [[String: Any]])
            features[0]["name"] = "renamed_feature"
            object["features"] = features
        }
        try expectRefused(t, model: model, ["renamed_feature"])
    }

    @Test("accounts missing a model feature are refused naming it")
    func accountsMissingFeature() throws {
        let t = try trained()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(t.model)) as? [String: Any])
        let features = try #require(object["features"] as? [[String: Any]])
        let name = try #require(features.last?["name"] as? String)
        // Drop that column from the accounts file.
        let text = String(decoding: try #require(bytes(t.accounts)), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let index = try #require(lines[0].firstIndex { $0 == name })
        let dropped = lines.map { line in line.enumerated().filter { $0.offset != index }.map(\.element)
            .joined(separator: ",") }.joined(separator: "\n") + "\n"
        let accounts = try t.scratch.write("fewer-columns.csv", dropped)
        try expectRefused(t, model: t.model, accounts: accounts, [name])
    }

    @Test("accounts with the model's columns in another order and extra columns assign the same")
    func columnOrderDoesNotMatter() throws {
        let t = try trained()
        let rows = parseCSV(String(decoding: try #require(bytes(t.accounts)), as: UTF8.self))
        // Reverse the columns after the id and add one the model does not know.
        let shuffled = rows.enumerated().map { index, row in
            ([row[0]] + row.dropFirst().reversed() + [index == 0 ? "unused_extra" : "1"])
                .map(quoteCSV).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let accounts = try t.scratch.write("shuffled.csv", shuffled)
        let output = t.scratch.path("assigned.csv")
        expectSuccess(try t.cli.run(["assign", "--model", t.scratch.path("run/model.json"), accounts, "-o", output]))
        #expect(bytes(output) == bytes(t.scratch.path("run/assignments.csv")))
    }

    @Test("an edited model whose parts disagree is refused")
    func inconsistentEdit() throws {
        let t = try trained()
        // Drop one feature but leave the scaler and centroids sized for all of them.
        let model = try edited(t.model) { object in
            var features = try #require(object["features"] as? [[String: Any]])
            features.removeLast()
            object["features"] = features
        }
        try expectRefused(t, model: model, ["edited-model.json"])
    }

    @Test("non-finite numbers in a model are refused naming the field", arguments: ["NaN", "Infinity", "1e999"])
    func nonFinite(spelling: String) throws {
        let t = try trained()
        // Replace the first number of the scaler's means textually: JSONSerialization cannot write these.
        let text = String(decoding: t.model, as: UTF8.self)
        let replaced = try #require(replacingFirstNumber(after: "\"scaler\"", in: text,
                                                         with: spelling == "1e999" ? spelling : "\"\(spelling)\""))
        try expectRefused(t, model: Array(replaced.utf8), ["edited-model.json"])
    }

    /// `text` with the first JSON number after `marker` replaced by `replacement`.
    func replacingFirstNumber(after marker: String, in text: String, with replacement: String) -> String? {
        guard let start = text.range(of: marker)?.upperBound else { return nil }
        let pattern = try! NSRegularExpression(pattern: #"(?<=[\[:,\s])-?[0-9][0-9.eE+-]*"#)
        let range = NSRange(start..<text.endIndex, in: text)
        guard let match = pattern.firstMatch(in: text, range: range),
              let swiftRange = Range(match.range, in: text) else { return nil }
        return text.replacingCharacters(in: swiftRange, with: replacement)
    }
}
