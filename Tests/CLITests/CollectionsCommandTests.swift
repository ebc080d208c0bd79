import Foundation
import TestSupport
import Testing

private func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

private let featureHeader = "account_id,invoice_count,billed_12m,avg_invoice_amount,open_balance,overdue_balance,"
    + "aging_current,aging_1_30,aging_31_60,aging_61_90,aging_90_plus,share_overdue_30_plus,avg_days_late,"
    + "pct_paid_late,max_days_late,dispute_rate,days_late_trend,max_days_past_due,disputed_open_balance"

@Suite(.tags(.cli)) struct CollectionsCommandTests {
    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory(prefix: "collections-cli") }

    @Test func generateIsByteIdenticalForTheSameSeed() throws {
        let dir = scratch.path
        for run in ["a", "b"] {
            let result = try BinaryRunner.run(["generate", "--customers", "120", "--seed", "7", "--as-of", "2025-06-30",
                                                      "-o", "\(dir)/ledger-\(run).csv", "--truth", "\(dir)/truth-\(run).csv",
                                               "--accounts", "\(dir)/accounts-\(run).csv"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        for name in ["ledger", "truth", "accounts"] {
            #expect(read("\(dir)/\(name)-a.csv") != nil)
            #expect(read("\(dir)/\(name)-a.csv") == read("\(dir)/\(name)-b.csv"), "\(name)")
        }
        #expect(read("\(dir)/truth-a.csv")?.hasPrefix("account_id,persona\n") == true)
        #expect(read("\(dir)/ledger-a.csv")?.hasPrefix("account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method\n") == true)
    }

    @Test func featuresOfAGeneratedLedgerWithAccounts() throws {
        let dir = scratch.path
        _ = try BinaryRunner.run(["generate", "--customers", "80", "--seed", "3", "--as-of", "2025-06-30", "-o", "\(dir)/l.csv",
                                  "--truth", "\(dir)/t.csv", "--accounts", "\(dir)/a.csv"])
        let result = try BinaryRunner.run(["features", "\(dir)/l.csv", "--as-of", "2025-06-30", "--accounts", "\(dir)/a.csv",
                                                  "-o", "\(dir)/f.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = read("\(dir)/f.csv")?.split(separator: "\n") ?? []
        #expect(lines.first.map(String.init) == featureHeader + ",credit_score,credit_limit,credit_utilisation,payment_method,account_type,region")
        #expect(lines.count == 81)
    }

    @Test func featuresWithMappedColumnsAndDateFormat() throws {
        let dir = scratch.path
        try """
            customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill\r
            0379-NEVHP,1,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper\r
            0379-NEVHP,2,3/2/2013,4/1/2013,44.06,Yes,4/11/2013,Electronic\r
            0379-NEVHP,3,12/2/2013,1/1/2014,100,No,,Electronic\r

            """.write(toFile: "\(dir)/ibm.csv", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run([
            "features", "\(dir)/ibm.csv", "--as-of", "2014-01-31", "--date-format", "M/d/yyyy", "--columns",
            "account_id=customerID,invoice_id=invoiceNumber,invoice_date=InvoiceDate,due_date=DueDate,amount=InvoiceAmount,"
                + "paid_date=SettledDate,disputed=Disputed,payment_method=PaperlessBill",
            "-o", "\(dir)/f.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        // Billed in the 365 days to 2014-01-31: 44.06 + 100. Paid: 0 and 10 days late; open: 100, 30 days past due.
        #expect(read("\(dir)/f.csv") == featureHeader + ",payment_method\n"
                + "0379-NEVHP,3,144.06,66.66666666666667,100,100,0,100,0,0,0,0,5,50,10,0.3333333333333333,0,30,0,Electronic\n")
    }

    @Test func badDateIsOneLineWithFileLineColumnAndNothingIsWritten() throws {
        let dir = scratch.path
        try "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed\nA,1,2024-01-02,2024-02-01,5,,no\nA,2,02/03/2024,2024-03-01,5,,no\n"
            .write(toFile: "\(dir)/l.csv", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["features", "\(dir)/l.csv", "--as-of", "2024-06-30", "-o", "\(dir)/f.csv"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("\(dir)/l.csv:3:invoice_date: invalid or ambiguous date; expected an ISO date YYYY-MM-DD (use --date-format for other layouts) (02/03/2024)"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/f.csv"))
    }

    @Test func refusesToOverwriteItsInputAndBadOptions() throws {
        let dir = scratch.path
        let ledger = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed\nA,1,2024-01-02,2024-02-01,5,,no\n"
        try ledger.write(toFile: "\(dir)/l.csv", atomically: true, encoding: .utf8)
        let overwrite = try BinaryRunner.run(["features", "\(dir)/l.csv", "--as-of", "2024-06-30", "-o", "\(dir)/l.csv"])
        #expect(overwrite.status == 73, "\(overwrite)")
        #expect(read("\(dir)/l.csv") == ledger)
        let badAsOf = try BinaryRunner.run(["features", "\(dir)/l.csv", "--as-of", "30/06/2024", "-o", "\(dir)/f.csv"])
        #expect(badAsOf.status == 64 && badAsOf.stderr.contains("'--as-of <as-of>': must be a date YYYY-MM-DD"), "\(badAsOf)")
        let badFormat = try BinaryRunner.run(["features", "\(dir)/l.csv", "--as-of", "2024-06-30", "--date-format", "M/d/yy",
                                              "-o", "\(dir)/f.csv"])
        #expect(badFormat.status == 64 && badFormat.stderr.contains("'--date-format <date-format>': not a date pattern"),
                "\(badFormat)")
        let badMapping = try BinaryRunner.run(["features", "\(dir)/l.csv", "--as-of", "2024-06-30", "--columns", "acount_id=x",
                                               "-o", "\(dir)/f.csv"])
        #expect(badMapping.status == 64 && badMapping.stderr.contains("'--columns <columns>': unknown ledger column 'acount_id'"),
                "\(badMapping)")
        let badCount = try BinaryRunner.run(["generate", "--customers", "0", "--seed", "1", "--as-of", "2024-06-30",
                                             "-o", "\(dir)/g.csv", "--truth", "\(dir)/t.csv"])
        #expect(badCount.status == 64 && badCount.stderr.contains("--customers must be at least 1"), "\(badCount)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/f.csv"))
    }
}
