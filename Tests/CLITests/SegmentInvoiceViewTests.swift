import Foundation
import TestSupport
import Testing

/// The invoice view of `segment --ledger`: the top invoices by the plan's priority with their
/// next action, the same as `plan` gives for the model just fitted.
@Suite(.tags(.cli)) struct SegmentInvoiceViewTests {
    typealias CLI = SegmentCLI

    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    func segmentAndPlan(_ name: String, _ extra: [String] = []) throws -> (segment: String, plan: String) {
        let data = try CLI.data()
        let dir = try scratch.directory(name)
        CLI.expectSuccess(try BinaryRunner.run(["segment", "--ledger", data.ledger, "--as-of", data.asOf, "--k", "4", "--n-init", "2",
                                       "-o", dir + "/segment"] + extra))
        CLI.expectSuccess(try BinaryRunner.run(["plan", "--model", dir + "/segment/model.json", "--ledger", data.ledger,
                                       "--as-of", data.asOf, "-o", dir + "/plan"] + extra))
        return (dir + "/segment", dir + "/plan")
    }

    func invoiceView(_ dir: String) throws -> [String: Any] {
        try #require(try CLI.json(dir + "/summary.json")["invoices"] as? [String: Any])
    }

    /// The rows are the first 20 of `plan.json`'s invoices (priority order, next action), each
    /// with its account's segment from assignments.csv.
    @Test func theTopInvoicesAreThePlans() throws {
        let (segment, plan) = try segmentAndPlan("invoice-view")
        let view = try invoiceView(segment)
        let planned = try CLI.json(plan + "/plan.json")
        let rows = view["rows"] as! [[String: Any]]
        let all = planned["invoices"] as! [[String: Any]]
        #expect(rows.count == 20 && all.count > 20)
        #expect(view["openInvoices"] as? Int == all.count && view["days"] as? Int == 30 && view["lastDay"] as? String == "2025-07-30")
        for (row, expected) in zip(rows, all) {
            #expect(NSDictionary(dictionary: row["invoice"] as! [String: Any]).isEqual(to: expected), "\(row) against \(expected)")
        }
        let priorities = rows.map { (($0["invoice"] as! [String: Any])["priority"] as! [String: Any])["priority"] as! Double }
        #expect(priorities == priorities.sorted(by: >))
        #expect(rows.contains { ($0["invoice"] as! [String: Any])["nextChannel"] != nil })
        let segmentOf = Dictionary(uniqueKeysWithValues: String(decoding: CLI.read(segment + "/assignments.csv")!, as: UTF8.self)
            .split(separator: "\n").dropFirst().map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                return (String(cells[0]), Int(cells[1])!)
            })
        for row in rows {
            #expect(segmentOf[(row["invoice"] as! [String: Any])["accountId"] as! String] == row["segment"] as? Int)
        }

        let html = String(decoding: CLI.read(segment + "/report.html")!, as: UTF8.self)
        #expect(html.contains("<section id=\"invoices\">") && html.contains("Invoices to act on first: top 20 of"))
        let first = (rows[0]["invoice"] as! [String: Any])["invoiceId"] as! String
        #expect(html.contains("<code>\(first)</code>"))
        let md = String(decoding: CLI.read(segment + "/report.md")!, as: UTF8.self)
        #expect(md.contains("## Invoices to act on first: top 20 of"))
        // The view is part of the saved report: `report` re-renders it byte for byte.
        for (format, file) in [("html", "report.html"), ("md", "report.md"), ("json", "summary.json")] {
            let target = segment + "/../again." + format
            CLI.expectSuccess(try BinaryRunner.run(["report", "--model", segment + "/model.json", "--format", format, "-o", target]))
            #expect(CLI.read(target) == CLI.read(segment + "/" + file), "format \(format)")
        }
    }

    /// With `--promises`, the view plans them as `plan --promises` does: the promised account's
    /// invoices wait for the promise.
    @Test func promisesPauseTheNextActionAsInThePlan() throws {
        let (plain, _) = try segmentAndPlan("invoice-view-plain")
        let top = (try invoiceView(plain)["rows"] as! [[String: Any]])[0]["invoice"] as! [String: Any]
        let account = top["accountId"] as! String
        let promises = try scratch.directory("invoice-view-promises") + "/promises.csv"
        // Promised on T, for more than is open: pending at T, so the account's dunning waits.
        try "account_id,promise_date,amount,promised_on\n\(account),2025-07-15,100000000,2025-06-30\n".write(toFile: promises, atomically: true, encoding: .utf8)
        let (segment, plan) = try segmentAndPlan("invoice-view-promised", ["--promises", promises])
        let rows = try invoiceView(segment)["rows"] as! [[String: Any]]
        let all = try CLI.json(plan + "/plan.json")["invoices"] as! [[String: Any]]
        for (row, expected) in zip(rows, all) {
            #expect(NSDictionary(dictionary: row["invoice"] as! [String: Any]).isEqual(to: expected))
        }
        let promised = rows.map { $0["invoice"] as! [String: Any] }.first { $0["invoiceId"] as? String == top["invoiceId"] as? String }
        let next = try #require(promised)["nextDate"] as? String
        #expect(next.map { $0 > "2025-07-15" } ?? true, "dunning waits for the promise (next \(next ?? "none"))")
    }

    @Test func anAccountsFileHasNoInvoiceView() throws {
        let data = try CLI.data()
        let out = try scratch.directory("no-invoice-view") + "/run"
        CLI.expectSuccess(try BinaryRunner.run(["segment", data.accounts, "--k", "3", "--n-init", "2", "-o", out]))
        #expect(try CLI.json(out + "/summary.json")["invoices"] == nil)
        #expect(!String(decoding: CLI.read(out + "/report.html")!, as: UTF8.self).contains("id=\"invoices\""))
    }
}
