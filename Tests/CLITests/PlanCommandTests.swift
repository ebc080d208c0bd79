import Foundation
import TestSupport
import Testing

/// `ar-segment plan` end to end on the shared generated ledger: outputs, determinism, reruns with
/// history, correspondence, and the error contract of every new input file.
@Suite(.tags(.cli)) struct PlanCommandTests {
    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    /// A model segmented from the shared ledger, made once.
    static let model: Swift.Result<String, Error> = Swift.Result {
        let data = try SegmentCLI.data()
        let out = try data.scratch.directory("plan-model")
        let result = try BinaryRunner.run(["segment", "--ledger", data.ledger, "--as-of", data.asOf, "--k", "4", "-q", "-o", out])
        guard result.status == 0 else { throw SegmentCLI.SetupError(step: "segment", result: result) }
        return out + "/model.json"
    }

    func plan(_ extra: [String], into name: String, asOf: String? = nil) throws -> (out: String, result: SegmentCLI.Result) {
        let data = try SegmentCLI.data()
        let out = try scratch.directory(name) + "/plan"
        let result = try BinaryRunner.run(["plan", "--model", try Self.model.get(), "--ledger", data.ledger,
                                           "--as-of", asOf ?? data.asOf, "-o", out] + extra)
        return (out, result)
    }

    func rows(_ path: String) -> [[String]] {
        let text = String(decoding: SegmentCLI.read(path) ?? [], as: UTF8.self)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func writesTheActionsAndReportsDeterministically() throws {
        let (out, result) = try plan([], into: "plan-a")
        SegmentCLI.expectSuccess(result)
        #expect(SegmentCLI.files(in: out) == ["actions.csv", "plan.html", "plan.json", "plan.md"])
        let text = String(decoding: SegmentCLI.read(out + "/actions.csv")!, as: UTF8.self)
        #expect(text.hasPrefix("date,account_id,channel,level,strategy,invoice_ids,amount,priority,collector,reason\n"))
        #expect(rows(out + "/actions.csv").count > 50)
        let (again, second) = try plan([], into: "plan-b")
        SegmentCLI.expectSuccess(second)
        for name in ["actions.csv", "plan.html", "plan.json", "plan.md"] {
            #expect(SegmentCLI.read(out + "/" + name) == SegmentCLI.read(again + "/" + name), "\(name) differs between runs")
        }
        let report = try SegmentCLI.json(out + "/plan.json")
        #expect(report["asOf"] as? String == "2025-06-30" && report["lastDay"] as? String == "2025-07-30")
    }

    @Test func aRerunWithTheActionsAsHistoryEscalatesWithoutRepeating() throws {
        let (out, result) = try plan(["--days", "7"], into: "plan-history")
        SegmentCLI.expectSuccess(result)
        let first = rows(out + "/actions.csv")
        let issued = Set(first.flatMap { row in row[5].split(separator: " ").map { "\($0) \(row[3])" } })
        let (next, rerun) = try plan(["--history", out + "/actions.csv"], into: "plan-rerun", asOf: "2025-07-09")
        SegmentCLI.expectSuccess(rerun)
        let second = rows(next + "/actions.csv")
        #expect(!second.isEmpty)
        for row in second {
            for id in row[5].split(separator: " ") { #expect(!issued.contains("\(id) \(row[3])"), "\(id) \(row[3]) repeated") }
        }
    }

    @Test func collectorsGetCallsWithinCapacityAndLettersAreRendered() throws {
        let dir = try scratch.directory("plan-collectors")
        let collectors = dir + "/collectors.csv"
        try Data("collector,calls_per_day\nann,3\nbob,2\n".utf8).write(to: URL(fileURLWithPath: collectors))
        let (out, result) = try plan(["--collectors", collectors, "--letters"], into: "plan-letters")
        SegmentCLI.expectSuccess(result)
        let calls = rows(out + "/actions.csv").filter { $0[2] == "call" }
        #expect(!calls.isEmpty)
        let perDay = Dictionary(grouping: calls, by: { "\($0[8]) \($0[0])" })
        for (key, group) in perDay {
            #expect(group.count <= (key.hasPrefix("ann") ? 3 : 2), "\(key): \(group.count) calls")
        }
        let letters = SegmentCLI.files(in: out + "/correspondence")
        let emails = rows(out + "/actions.csv").filter { $0[2] == "email" }.count
        #expect(letters.filter { $0.hasSuffix(".eml") }.count == emails)
        let mail = String(decoding: SegmentCLI.read(out + "/correspondence/" + letters.first { $0.hasSuffix(".eml") }!)!, as: UTF8.self)
        #expect(mail.contains("Content-Type: multipart/alternative") && mail.contains("Content-Type: text/html"))
    }

    /// Each bad file: exit 65, one line naming file, line and column, nothing written.
    @Test(arguments: [
        ("collectors.csv", "collector,calls_per_day\nann,0\nbob,0\n", "--collectors", ["collectors.csv:2:calls_per_day", "every collector's capacity is 0"]),
        ("collectors.csv", "collector,calls_per_day\nann,many\n", "--collectors", ["collectors.csv:2:calls_per_day", "(many)"]),
        ("collectors.csv", "collector,calls_per_day,strategies\nann,4,nobody\n", "--collectors", ["collectors.csv:2:strategies", "unknown strategy"]),
        ("promises.csv", "account_id,promise_date,amount\nNOPE,2025-06-20,100\n", "--promises", ["promises.csv:2:account_id", "unknown account", "(NOPE)"]),
        ("promises.csv", "account_id,promise_date,amount\nC00001,20/06/2025,100\n", "--promises", ["promises.csv:2:promise_date", "not a date"]),
        ("holds.csv", "invoice_id,until,reason\nINV-NONE,2025-07-01,x\n", "--holds", ["holds.csv:2:invoice_id", "unknown invoice"]),
        ("holds.csv", "account_id,until\nC00001,soon\n", "--holds", ["holds.csv:2:until", "(soon)"]),
        ("history.csv", "date,account_id,level,invoice_ids,channel\n2025-06-01,C00001,due_email,INV1,pigeon\n", "--history", ["history.csv:2:channel", "unknown channel"]),
        ("holidays.csv", "date\n2025-13-01\n", "--holidays", ["holidays.csv:2:date", "not a date"]),
    ])
    func badSideFilesStopThePlan(name: String, content: String, option: String, fragments: [String]) throws {
        let dir = try scratch.directory("plan-bad")
        let path = dir + "/" + name
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        let (out, result) = try plan([option, path], into: "plan-bad-out")
        #expect(result.status == 65, "\(result)")
        SegmentCLI.expectOneLineError(result, fragments)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aTemplateNamingAnUnknownFieldIsAnErrorAtItsLine() throws {
        let dir = try scratch.directory("plan-templates")
        try Data("Dear {{account_id}},\nyou owe {{balance_due}}.\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/email.text.mustache"))
        let (out, result) = try plan(["--letters", "--templates", dir], into: "plan-template-out")
        #expect(result.status == 65, "\(result)")
        SegmentCLI.expectOneLineError(result, ["email.text.mustache:2", "unknown template field", "balance_due"])
        #expect(!FileManager.default.fileExists(atPath: out))
        try Data("<p>{{{account_id}}}</p>\n".utf8).write(to: URL(fileURLWithPath: dir + "/email.html.mustache"))
        try Data("Dear {{account_id}}\n".utf8).write(to: URL(fileURLWithPath: dir + "/email.text.mustache"))
        let (_, unescaped) = try plan(["--letters", "--templates", dir], into: "plan-template-html")
        SegmentCLI.expectOneLineError(unescaped, ["email.html.mustache:1", "unescaped value"])
    }

    @Test func templatesGoWithLetters() throws {
        let (_, result) = try plan(["--templates", "/tmp"], into: "plan-usage")
        SegmentCLI.expectUsageError(result, "--templates goes with --letters")
    }
}
