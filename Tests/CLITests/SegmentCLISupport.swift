import Foundation
import TestSupport
import Testing

/// Runs the built `ar-segment` as a user does (swift-argument-parser's example tests do the same),
/// and makes the seeded data the command tests share.
enum SegmentCLI {
    typealias Result = BinaryRunner.Result

    /// Runs the built binary (TestSupport's shared runner).
    static func run(_ arguments: [String]) throws -> Result {
        try BinaryRunner().run(arguments)
    }

    /// A fresh directory for one test's files.
    static func scratch(_ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ar-segment-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Seeded data made once per test process with the tool itself: a generated ledger of
    /// 240 customers with planted personas, and its account features at the as-of date.
    struct Dataset: Sendable {
        let directory: String
        let ledger: String
        let accounts: String
        let asOf = "2025-06-30"
    }

    static let dataset: Swift.Result<Dataset, Error> = {
        Swift.Result {
            let directory = try scratch("dataset")
            let ledger = directory + "/ledger.csv"
            let accounts = directory + "/accounts.csv"
            let generated = try run(["generate", "--customers", "240", "--seed", "5", "--as-of", "2025-06-30",
                                     "-o", ledger, "--truth", directory + "/truth.csv"])
            guard generated.status == 0 else { throw SetupError(step: "generate", result: generated) }
            let features = try run(["features", ledger, "--as-of", "2025-06-30", "-o", accounts])
            guard features.status == 0 else { throw SetupError(step: "features", result: features) }
            return Dataset(directory: directory, ledger: ledger, accounts: accounts)
        }
    }()

    struct SetupError: Error, CustomStringConvertible {
        let step: String
        let result: SegmentCLI.Result
        var description: String { "could not make test data with ar-segment \(step): \(result)" }
    }

    static func data() throws -> Dataset { try dataset.get() }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}

extension SegmentCLI {
    /// Success, with the whole run shown when not.
    static func expectSuccess(_ result: SegmentCLI.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    }

    /// The error contract: exit `status` (README "Errors and exit codes": 65 when the data is at
    /// fault, 73 when an output cannot be written), one line on standard error holding every fragment.
    static func expectOneLineError(_ result: SegmentCLI.Result, _ fragments: [String], status: Int32 = 65,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "expected exit \(status): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "expected one error line: \(result.stderrLines)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "'\(fragment)' not in: \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// A usage error caught before any work (swift-argument-parser's `validate()`): exit 64
    /// (EX_USAGE), the message on the first line of standard error, then the usage.
    static func expectUsageError(_ result: SegmentCLI.Result, _ fragment: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 64, "expected a usage error: \(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.first?.contains(fragment) == true, "'\(fragment)' not first in: \(result.stderr)",
                sourceLocation: sourceLocation)
    }
}
