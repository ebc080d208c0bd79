import Segmentation
import Foundation
import Mustache
import Receivables
import Tabular

/// `plan --letters`: every planned e-mail and letter rendered from Mustache templates into
/// `correspondence/`, one file per communication: an e-mail is a MIME `multipart/alternative`
/// message (`.eml`, text and HTML parts), a letter plain text (`.txt`).
///
/// Templates: `NAME.subject.mustache`, `NAME.text.mustache`, `NAME.html.mustache` (e-mail) and
/// `NAME.text.mustache` (letter), where NAME is the level's `template` or the channel (`email`,
/// `letter`). Built-in ones are used unless `--templates DIR` has a file of that name. Every data
/// value is escaped: HTML-escaped in HTML parts (whose templates may not use `{{{ }}}` or `{{& }}`),
/// control characters removed in text. A tag naming a field outside `fields` is an error naming
/// the template file and line; the tag scan is ours because the library renders unknown names as
/// empty text without saying so.
public struct Correspondence {
    /// Fields a template may name (`invoices` is a list of `invoiceFields`).
    public static let fields: Set<String> = ["account_id", "date", "channel", "level", "level_action", "tone",
                                             "strategy", "strategy_name", "invoice_count", "total", "invoices"]
    public static let invoiceFields: Set<String> = ["invoice_id", "invoice_date", "due_date", "open_amount",
                                                    "days_past_due", "level"]

    /// Parsed templates by file name (`email.text`, ...).
    let templates: [String: MustacheTemplate]

    /// The built-in templates, overridden by the `.mustache` files in `directory`.
    public init(directory: String?) throws {
        var sources = BuiltInTemplates.all.mapValues { (text: $0, path: "built-in template") }
        if let directory {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
                throw InputError(file: directory, message: "cannot read the templates directory")
            }
            for name in names.sorted() where name.hasSuffix(".mustache") {
                let path = (directory as NSString).appendingPathComponent(name)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw InputError(file: path, message: "cannot read template (not UTF-8 text?)")
                }
                sources[String(name.dropLast(".mustache".count))] = (text, path)
            }
        }
        var parsed: [String: MustacheTemplate] = [:]
        for (name, source) in sources {
            try Self.check(source.text, path: source.path == "built-in template" ? "built-in \(name).mustache" : source.path,
                           html: name.hasSuffix(".html"))
            let text = name.hasSuffix(".html") ? source.text : "{{% CONTENT_TYPE: TEXT}}" + source.text
            do { parsed[name] = try MustacheTemplate(string: text) } catch let error as MustacheTemplate.ParserError {
                throw InputError(file: source.path, line: error.context.lineNumber, value: error.context.line,
                                 message: "bad template: \(error.error)")
            }
        }
        templates = parsed
    }

    /// Every tag's name must be a known field; HTML templates may not print unescaped values.
    static func check(_ text: String, path: String, html: Bool) throws {
        let known = fields.union(invoiceFields).union(["."])
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let line = text[..<open.lowerBound].filter { $0 == "\n" }.count + 1
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                throw InputError(file: path, line: line, message: "unclosed tag")
            }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            let sigil = tag.first
            if sigil == "!" || sigil == "%" { continue }
            if html && (sigil == "{" || sigil == "&") {
                throw InputError(file: path, line: line, value: "{{\(tag)}}", message: "unescaped value in an HTML template")
            }
            if sigil == "=" || sigil == ">" || sigil == "<" || sigil == "$" {
                throw InputError(file: path, line: line, value: "{{\(tag)}}", message: "delimiters, partials and inheritance are not supported")
            }
            if let s = sigil, "#^/&{".contains(s) { tag.removeFirst() }
            if tag.hasSuffix("}") { tag.removeLast() }
            // `transform(name)` names `name`; `a.b` names `a`.
            var name = tag.trimmingCharacters(in: .whitespaces)
            if let paren = name.lastIndex(of: "("), name.hasSuffix(")") {
                name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)])
            }
            let head = name == "." ? "." : String(name.split(separator: ".").first ?? "")
            guard known.contains(head) else {
                throw InputError(file: path, line: line, value: name, message: ParameterText("unknown template field (known: "
                                 + fields.union(invoiceFields).sorted().joined(separator: ", ") + ")"))
            }
        }
    }

    /// The files for every e-mail and letter of `plan`, named `DATE_ACCOUNT_CHANNEL_LEVEL.eml|txt`
    /// (unsafe characters of ids replaced by `_`).
    public func files(_ plan: DunningPlan, accounts: [String: PlanAccount], invoices: [String: Invoice]) throws -> [OutputFile] {
        var out: [OutputFile] = []
        for action in plan.actions where action.channel == .email || action.channel == .letter {
            let base = action.template ?? action.channel.rawValue
            let context = Self.context(action, account: accounts[action.accountId], invoices: invoices, asOf: plan.asOf)
            let name = ["correspondence/" + action.date.description, Self.safe(action.accountId), action.channel.rawValue,
                        Self.safe(action.level)].joined(separator: "_")
            if action.channel == .email {
                let subject = try render(base + ".subject", context).split(separator: "\n").first.map(String.init) ?? ""
                out.append(OutputFile(name: name + ".eml", text: Self.mime(subject: subject,
                    text: try render(base + ".text", context), html: try render(base + ".html", context),
                    account: action.accountId)))
            } else {
                out.append(OutputFile(name: name + ".txt", text: try render(base + ".text", context)))
            }
        }
        return out
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let template = templates[name] else {
            throw InputError(file: "\(name).mustache", message: "no such template (a level's template needs its files in \(Parameter.templateDirectory))")
        }
        return template.render(context)
    }

    /// The values a template sees; every text has control characters removed.
    static func context(_ action: PlannedAction, account: PlanAccount?, invoices: [String: Invoice],
                        asOf: CalendarDay) -> [String: Any] {
        let levels = account?.policy.levels ?? []
        let index = levels.firstIndex { $0.name == action.level }
        var tone = "firm"
        if let index, index == 0 { tone = "friendly" } else if let index, index == levels.count - 1 { tone = "final" }
        let rows: [[String: Any]] = zip(action.invoiceIds, action.invoiceLevels).map { id, level in
            let invoice = invoices[id]
            let open: Double = invoice?.openAmount(at: asOf) ?? 0
            let pastDue: Int = invoice.map { action.date - $0.dueDate } ?? 0
            let row: [String: Any] = [
                "invoice_id": clean(id), "invoice_date": invoice?.invoiceDate.description ?? "",
                "due_date": invoice?.dueDate.description ?? "", "open_amount": NumberText.grouped(open, decimals: 2),
                "days_past_due": String(pastDue), "level": clean(level),
            ]
            return row
        }
        return ["account_id": clean(action.accountId), "date": action.date.description, "channel": action.channel.rawValue,
                "level": clean(action.level), "level_action": clean(index.map { levels[$0].action } ?? action.level),
                "tone": tone, "strategy": clean(action.strategyId), "strategy_name": clean(account?.strategy.name ?? ""),
                "invoice_count": String(action.invoiceIds.count),
                "total": NumberText.grouped(action.amount, decimals: 2), "invoices": rows]
    }

    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    static func safe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }

    /// A MIME message with the text and HTML parts (RFC 2046 multipart/alternative, 8-bit UTF-8);
    /// the subject is RFC 2047-encoded when it is not plain ASCII.
    static func mime(subject: String, text: String, html: String, account: String) -> String {
        let boundary = "ar-segment-alternative"
        let encoded = subject.allSatisfy(\.isASCII) ? subject
            : "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        return """
        MIME-Version: 1.0\r
        Subject: \(encoded)\r
        X-Account-Id: \(clean(account))\r
        Content-Type: multipart/alternative; boundary="\(boundary)"\r
        \r
        --\(boundary)\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: 8bit\r
        \r
        \(text)\r
        --\(boundary)\r
        Content-Type: text/html; charset=utf-8\r
        Content-Transfer-Encoding: 8bit\r
        \r
        \(html)\r
        --\(boundary)--\r

        """
    }
}

extension Parameter {
    /// `Correspondence(directory:)`: the folder of `.mustache` files overriding the built-in templates.
    public static let templateDirectory = Parameter(rawValue: "templateDirectory")
}
