import Foundation
import TestSupport
import Testing

/// `generate` with the ERP shapes (issue 12, item 7): side files, determinism, usage errors.
@Suite(.tags(.cli)) struct GenerateERPCommandTests {
    /// This test's files (removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory(prefix: "generate-erp-cli") }

    private func run(_ arguments: [String]) throws -> BinaryRunner.Result { try BinaryRunner.run(arguments) }

    private func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// Payments and rates land beside the ledger by default; the same arguments give the same bytes.
    @Test func sideFilesBesideTheLedgerAndSameBytes() throws {
        let dir = scratch.path
        for run in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(run)", withIntermediateDirectories: true)
            let result = try self.run(["generate", "--customers", "50", "--seed", "3", "--as-of", "2025-06-30",
                                       "-o", "\(dir)/\(run)/fbl5n.csv", "--truth", "\(dir)/\(run)/truth.csv",
                                       "--layout", "sap-fbl5n", "--partial-payments", "--credit-memos",
                                       "--currencies", "EUR,USD", "--duplicates", "0.02"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        for name in ["fbl5n", "truth", "payments", "rates"] {
            #expect(read("\(dir)/a/\(name).csv") != nil, "\(name)")
            #expect(read("\(dir)/a/\(name).csv") == read("\(dir)/b/\(name).csv"), "\(name)")
        }
        #expect(read("\(dir)/a/fbl5n.csv")?.hasPrefix("Company Code;Account;Document Number;Document Type;") == true)
        #expect(read("\(dir)/a/payments.csv")?.hasPrefix("invoice_id;payment_date;amount\n") == true)
        #expect(read("\(dir)/a/rates.csv")?.hasPrefix("currency,rate,valid_from\nEUR,1,2024-01-01\nUSD,") == true)
    }

    @Test(arguments: [
        (["--layout", "highradius", "--credit-memos"], "--credit-memos: the highradius layout has no credit memos"),
        (["--currencies", "usd,CAD"], "--currencies: 'usd' is not a three-letter code such as USD"),
        (["--currencies", "USD,,CAD"], "--currencies: expected codes separated by commas"),
        (["--duplicates", "0.7"], "--duplicates: must be between 0 and 0.5 (got 0.7)"),
        (["--payments-output", "p.csv"], "--payments-output goes with --partial-payments"),
        (["--rates-output", "r.csv"], "--rates-output goes with --currencies"),
        (["--layout", "oracle"], "--layout"),
        (["--partial-payments", "--payments-output", "LEDGER"], "must be different files"),
    ])
    func usageErrors(extra: [String], message: String) throws {
        let dir = scratch.path
        let arguments = ["generate", "--customers", "5", "--seed", "1", "--as-of", "2025-06-30", "-o", "\(dir)/l.csv",
                         "--truth", "\(dir)/t.csv"] + extra.map { $0 == "LEDGER" ? "\(dir)/l.csv" : $0 }
        let result = try run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
