import Foundation
import Testing
import TestSupport

/// Helpers shared by the bad-input, injection and reproducibility suites, which all run the
/// built binary on files in a scratch directory.

/// Checks the error contract: exit 65 (bad data) or 73 (output not writable), as README
/// "Errors and exit codes" says, exactly one line on standard error, each of `fragments` in it,
/// nothing on standard output.
func expectOneLineError(_ result: BinaryRunner.Result, _ fragments: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 65 || result.status == 73, "expected exit 65 or 73, got \(result)",
            sourceLocation: sourceLocation)
    #expect(result.stderrLines.count == 1, "expected one error line, got \(result.stderrLines)",
            sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(result.stderr.contains(fragment), "'\(fragment)' not in: \(result.stderr)",
                sourceLocation: sourceLocation)
    }
    #expect(result.stdout.isEmpty, "stdout not empty: \(result.stdout)", sourceLocation: sourceLocation)
}

/// Checks success: exit 0 (the output is shown when not).
func expectSuccess(_ result: BinaryRunner.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
}

/// Non-finite numbers as any of our writers or a foreign one would print them
/// (`nan`, `NaN`, `inf`, `-inf`, `Infinity`), as whole words.
private let nonFinitePattern = try! NSRegularExpression(
    pattern: #"(?<![A-Za-z0-9_])-?(nan|inf|infinity)(?![A-Za-z0-9_])"#, options: [.caseInsensitive])

/// `true` when `text` holds a non-finite number as a whole word.
func containsNonFinite(_ text: String) -> Bool {
    nonFinitePattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
}

/// Every file under `directory` (recursively) with a line holding a non-finite number,
/// as `file: line` strings; empty when there is none.
func nonFiniteNumbers(under directory: String) -> [String] {
    var found: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let name = enumerator?.nextObject() as? String {
        let path = directory + "/" + name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else { continue }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") {
            if containsNonFinite(String(line)) {
                found.append("\(name): \(line.prefix(200))")
                break
            }
        }
    }
    return found
}

/// A small numeric data set for `kmeans`/`pca`: an `id` column then `columns` features,
/// two well separated groups, values seeded so every run sees the same file.
func numericCSV(rows: Int, columns: Int = 3, seed: UInt64 = 7) -> String {
    var state = seed
    func next() -> Double {
        // SplitMix64, inline: the test data must not depend on the code under test.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    var lines = ["id," + (1...columns).map { "x\($0)" }.joined(separator: ",")]
    for r in 0..<rows {
        let offset = r % 2 == 0 ? 0.0 : 10.0
        let values = (0..<columns).map { _ in String(offset + next()) }
        lines.append(String(format: "%03d", r) + "," + values.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// A generated ledger turned into an accounts (features) file in `scratch`, through the
/// `generate` and `features` commands. Returns the features file's path.
func generatedAccounts(_ cli: BinaryRunner, in scratch: ScratchDirectory, customers: Int = 120,
                       seed: UInt64 = 11, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let ledger = scratch.path("ledger.csv")
    let generated = try cli.run(["generate", "--customers", "\(customers)", "--seed", "\(seed)",
                                 "--as-of", "2025-06-30", "-o", ledger, "--truth", scratch.path("truth.csv")])
    expectSuccess(generated, sourceLocation: sourceLocation)
    let features = scratch.path("features.csv")
    let computed = try cli.run(["features", ledger, "--as-of", "2025-06-30", "-o", features])
    expectSuccess(computed, sourceLocation: sourceLocation)
    return features
}

/// A trained model directory (`segment` on generated accounts). Returns (accounts, model dir).
func trainedModel(_ cli: BinaryRunner, in scratch: ScratchDirectory, k: Int = 4,
                  sourceLocation: SourceLocation = #_sourceLocation) throws -> (accounts: String, directory: String) {
    let accounts = try generatedAccounts(cli, in: scratch, sourceLocation: sourceLocation)
    let directory = scratch.path("run")
    let result = try cli.run(["segment", accounts, "--k", "\(k)", "--seed", "3", "-o", directory])
    expectSuccess(result, sourceLocation: sourceLocation)
    return (accounts, directory)
}

/// The file's bytes, or nil when it does not exist.
func bytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}

/// Names in `directory` (hidden included), sorted; empty when it does not exist.
func listing(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

/// The text of the simple CSV file at `path` (no quoted fields) with the cell of data row `row`
/// (1-based) in `column` replaced by `value`.
func replacingCell(in path: String, row: Int, column: String, with value: String,
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let text = String(decoding: try #require(bytes(path), sourceLocation: sourceLocation), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let index = try #require(lines[0].firstIndex(of: column), "no column \(column)", sourceLocation: sourceLocation)
    lines[row][index] = value
    return lines.map { $0.joined(separator: ",") }.joined(separator: "\n")
}
