import Foundation
import TestSupport
import Testing

/// `export-sql` and `export-spark` from the command line: what they write and what they refuse.
/// The engines themselves run in scripts/checks/sql and scripts/checks/spark.
@Suite("export-sql and export-spark", .tags(.cli)) struct ExportWarehouseCommandTests {
    private func run(_ arguments: [String]) throws -> BinaryRunner.Result { try BinaryRunner().run(arguments) }

    private func ledger(in dir: String) throws {
        let result = try run(["generate", "--customers", "60", "--seed", "4", "--as-of", "2025-06-30", "-o", "\(dir)/l.csv",
                              "--truth", "\(dir)/t.csv", "--accounts", "\(dir)/a.csv"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func exportSQLWritesOneQueryPerDialect() throws {
        let scratch = try ScratchDirectory(prefix: "export-warehouse")
        let dir = scratch.path
        try ledger(in: dir)
        let duck = try run(["export-sql", "--dialect", "duckdb", "\(dir)/l.csv", "--as-of", "2025-06-30",
                            "--accounts", "\(dir)/a.csv", "-o", "\(dir)/duck.sql"])
        #expect(duck.status == 0, "\(duck.stderr)")
        let text = try String(contentsOfFile: "\(dir)/duck.sql", encoding: .utf8)
        #expect(text.hasPrefix("-- The account features of `ar-segment features` as one duckdb query"))
        #expect(text.contains("read_csv('\(dir)/l.csv'"))
        #expect(text.contains("AS \"credit_utilisation\""))
        #expect(text.hasSuffix(";\n"))
        let spark = try run(["export-sql", "--dialect", "spark", "--table", "db.ledger", "--no-payment-method",
                             "-o", "\(dir)/spark.sql"])
        #expect(spark.status == 0, "\(spark.stderr)")
        let sparkText = try String(contentsOfFile: "\(dir)/spark.sql", encoding: .utf8)
        #expect(sparkText.contains("FROM db.ledger") && sparkText.contains("CURRENT_DATE"))
        #expect(!sparkText.contains("payment_method"))
    }

    @Test(arguments: [
        (["export-sql", "--dialect", "spark", "l.csv", "-o", "x.sql"], "--table is required for spark"),
        (["export-sql", "--dialect", "postgres", "--table", "t", "--accounts", "a.csv", "-o", "x.sql"],
         "--accounts-table is required"),
        (["export-sql", "--dialect", "duckdb", "-o", "x.sql"], "give a LEDGER CSV or --table"),
        (["export-sql", "--dialect", "duckdb", "--table", "t", "--as-of", "31/03/2025", "-o", "x.sql"], "--as-of"),
        (["export-sql", "--dialect", "oracle", "--table", "t", "-o", "x.sql"], "oracle"),
        (["export-sql", "--dialect", "duckdb", "--table", "t", "--source", "sap-fbl5n", "-o", "x.sql"],
         "need the LEDGER file"),
        (["export-sql", "--dialect", "spark", "l.csv", "--table", "t", "--payments", "p.csv", "-o", "x.sql"],
         "--payments-table is required with --payments for spark"),
        (["export-sql", "--dialect", "duckdb", "l.csv", "--rates-table", "r", "-o", "x.sql"], "--rates-table needs --rates FILE"),
        (["export-sql", "--dialect", "duckdb", "l.csv", "--on-bad-row", "reject", "--rejects", "r.csv", "-o", "x.sql"],
         "export-sql writes no rejects file"),
        (["export-sql", "--dialect", "duckdb", "l.csv", "--source", "nosuch", "-o", "x.sql"], "unknown source 'nosuch'"),
    ])
    func exportSQLRefusesBeforeWriting(arguments: [String], message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// The bundled SAP FBL5N sample with its payments and rates: the options of `features`.
    @Test func exportSQLReadsAnERPLedgerWithTheOptionsOfFeatures() throws {
        let scratch = try ScratchDirectory(prefix: "export-warehouse")
        let erp = "datasets/erp"  // the tests run from the repository root
        let result = try run(["export-sql", "--dialect", "postgres", "\(erp)/fbl5n.csv", "--table", "ar.fbl5n", "--as-of", "2025-06-30",
                              "--source", "sap-fbl5n", "--payments", "\(erp)/payments.csv", "--payments-table", "ar.payments",
                              "--rates", "\(erp)/rates.csv", "--rates-table", "ar.rates", "--reporting-currency", "EUR",
                              "--on-bad-row", "reject", "-o", "\(scratch.path)/erp.sql"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: "\(scratch.path)/erp.sql", encoding: .utf8)
        #expect(text.contains("FROM ar.payments") && text.contains("FROM ar.rates") && text.contains("FROM ar.fbl5n"))
        #expect(text.contains("AS \"unapplied_credit\"") && text.contains("AS \"Terms of Payment\""))
        #expect(!text.contains("dispute_rate"))
    }

    @Test func exportSQLNamesAMissingLedgerColumn() throws {
        let scratch = try ScratchDirectory(prefix: "export-warehouse")
        let dir = scratch.path
        _ = try scratch.write("l.csv", "account_id,invoice_id,invoice_date,amount,paid_date,disputed\n")
        let result = try run(["export-sql", "--dialect", "duckdb", "\(dir)/l.csv", "-o", "\(dir)/x.sql"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("missing ledger column for due_date"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/x.sql"))
    }

    @Test func exportSparkWritesAJobWithTheModel() throws {
        let scratch = try ScratchDirectory(prefix: "export-warehouse")
        let dir = scratch.path
        try ledger(in: dir)
        let segment = try run(["segment", "--ledger", "\(dir)/l.csv", "--as-of", "2025-06-30", "--k", "3", "--quiet",
                               "-o", "\(dir)/run"])
        #expect(segment.status == 0, "\(segment.stderr)")
        let result = try run(["export-spark", "--model", "\(dir)/run/model.json", "-o", "\(dir)/job.py"])
        #expect(result.status == 0, "\(result.stderr)")
        let job = try String(contentsOfFile: "\(dir)/job.py", encoding: .utf8)
        #expect(job.hasPrefix("#!/usr/bin/env python3\n"))
        #expect(job.contains("def main(argv=None):") && job.contains("MODEL_JSON = base64.b64decode("))
        let missing = try run(["export-spark", "--model", "\(dir)/nope.json", "-o", "\(dir)/job2.py"])
        #expect(missing.status == 65 && missing.stderr.contains("nope.json"), "\(missing)")
    }
}
