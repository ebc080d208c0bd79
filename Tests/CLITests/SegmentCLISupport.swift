import Foundation
import TestSupport
import Testing

/// The seeded data the command tests share, made with the built `ar-segment` (run as a user
/// runs it, with TestSupport's `BinaryRunner`), and checks of its results.
enum SegmentCLI {
    typealias Result = BinaryRunner.Result

    /// Seeded data made once per test process with the tool itself: a generated ledger of
    /// 240 customers with planted personas, and its account features at the as-of date. Its
    /// scratch directory lives as long as the process (other once-per-process data goes in it too).
    struct Dataset: Sendable {
        let scratch: ScratchDirectory
        let ledger: String
        let accounts: String
        let asOf = "2025-06-30"
    }

    static let dataset: Swift.Result<Dataset, Error> = {
        Swift.Result {
            let scratch = try ScratchDirectory(prefix: "dataset")
            let ledger = scratch.path("ledger.csv")
            let accounts = scratch.path("accounts.csv")
            let generated = try BinaryRunner.run(["generate", "--customers", "240", "--seed", "5", "--as-of", "2025-06-30",
                                                  "-o", ledger, "--truth", scratch.path("truth.csv")])
            guard generated.status == 0 else { throw SetupError(step: "generate", result: generated) }
            let features = try BinaryRunner.run(["features", ledger, "--as-of", "2025-06-30", "-o", accounts])
            guard features.status == 0 else { throw SetupError(step: "features", result: features) }
            return Dataset(scratch: scratch, ledger: ledger, accounts: accounts)
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
