import Foundation
import Tabular
import Yams

extension StrategyBook {
    /// Reads a strategy book from YAML:
    ///
    ///     features: [my_score]            # optional: extra feature names rules may use
    ///     strategies:                     # optional: the default catalogue when absent
    ///       - id: self_cure
    ///         name: Self-cure / prompt payers
    ///         summary: Pay on time with little or no contact.
    ///         treatment:
    ///           channels: [email, portal]
    ///           cadence:                  # day relative to the due date
    ///             - {day: -5, action: pre-due e-mail}
    ///           escalation: at 30 days past due, move to the occasional-late cadence
    ///           needs_call: false
    ///     rules:                          # required, tried in order
    ///       - strategy: self_cure
    ///         when: ["mean(avg_days_late) <= 3", "mean(pct_paid_late) <= 20"]
    ///         requires: [avg_days_late]   # optional
    ///
    /// Every problem is an `InputError` naming the file, the line and the key: YAML syntax,
    /// unknown or missing keys, wrong value types, bad conditions, unknown strategies or
    /// features, duplicate strategy ids.
    public static func load(yamlPath path: String) throws -> StrategyBook {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, line: nil, column: nil, value: nil, message: "cannot read strategy file")
        }
        return try parse(yaml: text, path: path)
    }

    /// As `load(yamlPath:)`, from text; `path` names the source in errors.
    public static func parse(yaml text: String, path: String) throws -> StrategyBook {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLReader(path: path).syntaxError(error)
        }
        guard let root else {
            throw InputError(file: path, line: 1, column: nil, value: nil, message: "empty strategy file")
        }
        return try YAMLReader(path: path).book(root)
    }

    /// The book as YAML in the format `load(yamlPath:)` reads (a starting point to edit).
    public var yaml: String {
        // Encoding plain strings, numbers and booleans cannot fail.
        try! YAMLEncoder().encode(self)
    }
}

/// Walks a composed YAML tree, checking keys and types, with the line of each node at hand.
private struct YAMLReader {
    let path: String

    func syntaxError(_ error: YamlError) -> InputError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return InputError(file: path, line: mark.line, column: nil, value: nil, message: "invalid YAML: \(problem)")
        case .reader(let problem, let offset, let value, let yaml):
            // Yams' own description quotes the line with a caret under it: several lines.
            let line = offset.map { String(yaml.prefix($0)).unicodeScalars.filter { $0 == "\n" }.count + 1 }
            let character = Unicode.Scalar(UInt32(bitPattern: value)).map { String(Character($0)) } ?? "\(value)"
            return InputError(file: path, line: line, column: nil, value: character, message: "invalid YAML: \(problem)")
        default:
            let firstLine = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
            return InputError(file: path, line: nil, column: nil, value: nil, message: "invalid YAML: \(firstLine)")
        }
    }

    func fail(_ node: Node, _ message: String) -> InputError {
        InputError(file: path, line: node.mark?.line, column: nil, value: nil, message: message)
    }

    /// The mapping's entries by key, after checking for unknown and missing keys.
    func fields(_ node: Node, in context: String, allowed: [String], required: [String]) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(node, "\(context) must be a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string, allowed.contains(name) else {
                throw fail(key, "unknown key '\(key.string ?? "?")' in \(context) (allowed: \(allowed.joined(separator: ", ")))")
            }
            result[name] = value
        }
        if let missing = required.first(where: { result[$0] == nil }) {
            throw fail(node, "missing key '\(missing)' in \(context)")
        }
        return result
    }

    func string(_ node: Node, key: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, "'\(key)' must be text") }
        return scalar.string
    }

    func int(_ node: Node, key: String) throws -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw fail(node, "'\(key)' must be a whole number of days (\(node.string ?? "not a scalar"))")
        }
        return value
    }

    func bool(_ node: Node, key: String) throws -> Bool {
        guard case .scalar(let scalar) = node, let value = LedgerReader.parseFlag(scalar.string) else {
            throw fail(node, "'\(key)' must be true or false (\(node.string ?? "not a scalar"))")
        }
        return value
    }

    func list(_ node: Node, key: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw fail(node, "'\(key)' must be a list") }
        return Array(sequence)
    }

    func strings(_ node: Node, key: String) throws -> [String] {
        try list(node, key: key).map { try string($0, key: key) }
    }

    func book(_ root: Node) throws -> StrategyBook {
        let top = try fields(root, in: "the strategy file", allowed: ["features", "strategies", "rules"],
                             required: ["rules"])
        let extra = try top["features"].map { try strings($0, key: "features") } ?? []
        var strategies = StrategyBook.default.strategies
        var strategyLines: [String: Node] = [:]
        if let node = top["strategies"] {
            strategies = []
            for item in try list(node, key: "strategies") {
                let strategy = try self.strategy(item)
                if strategyLines[strategy.id] != nil {
                    throw fail(item, "strategy '\(strategy.id)' is defined twice (key 'id')")
                }
                strategyLines[strategy.id] = item
                strategies.append(strategy)
            }
        }
        let book = StrategyBook(strategies: strategies, rules: [], features: extra)
        let known = book.knownFeatures
        var rules: [StrategyRule] = []
        for item in try list(top["rules"]!, key: "rules") {
            rules.append(try rule(item, book: book, known: known))
        }
        return StrategyBook(strategies: strategies, rules: rules, features: extra)
    }

    func strategy(_ node: Node) throws -> Strategy {
        let f = try fields(node, in: "strategy", allowed: ["id", "name", "summary", "treatment"],
                           required: ["id", "name", "treatment"])
        let id = try string(f["id"]!, key: "id")
        let context = "treatment of strategy '\(id)'"
        let t = try fields(f["treatment"]!, in: context,
                           allowed: ["channels", "cadence", "escalation", "needs_call"],
                           required: ["channels", "needs_call"])
        let cadence = try t["cadence"].map { node in
            try list(node, key: "cadence").map { step -> CadenceStep in
                let s = try fields(step, in: "cadence step of strategy '\(id)'", allowed: ["day", "action"],
                                   required: ["day", "action"])
                return CadenceStep(day: try int(s["day"]!, key: "day"), action: try string(s["action"]!, key: "action"))
            }
        } ?? []
        let treatment = Treatment(
            channels: try strings(t["channels"]!, key: "channels"),
            cadence: cadence.sorted { $0.day < $1.day },
            escalation: try t["escalation"].map { try string($0, key: "escalation") } ?? "",
            needsCall: try bool(t["needs_call"]!, key: "needs_call"))
        return Strategy(id: id, name: try string(f["name"]!, key: "name"),
                        summary: try f["summary"].map { try string($0, key: "summary") } ?? "",
                        treatment: treatment)
    }

    func rule(_ node: Node, book: StrategyBook, known: Set<String>) throws -> StrategyRule {
        let f = try fields(node, in: "rule", allowed: ["strategy", "when", "requires"], required: ["strategy", "when"])
        let strategy = try string(f["strategy"]!, key: "strategy")
        guard book.strategy(id: strategy) != nil else {
            throw fail(f["strategy"]!, "unknown strategy '\(strategy)' in key 'strategy' (defined: "
                       + book.strategies.map(\.id).joined(separator: ", ") + ")")
        }
        let conditionNodes = try list(f["when"]!, key: "when")
        guard !conditionNodes.isEmpty else { throw fail(f["when"]!, "'when' needs at least one condition") }
        let conditions = try conditionNodes.map { item -> StrategyCondition in
            let condition: StrategyCondition
            do {
                condition = try StrategyCondition(parsing: try string(item, key: "when"))
            } catch let error as ReceivablesError {
                throw fail(item, "bad condition in key 'when': \(error.description)")
            }
            if let feature = condition.feature, !known.contains(feature) {
                throw fail(item, "unknown feature '\(feature)' in key 'when' (declare it under 'features')")
            }
            return condition
        }
        var requires: [String] = []
        if let node = f["requires"] {
            for item in try list(node, key: "requires") {
                let feature = try string(item, key: "requires")
                guard known.contains(feature) else {
                    throw fail(item, "unknown feature '\(feature)' in key 'requires' (declare it under 'features')")
                }
                requires.append(feature)
            }
        }
        return StrategyRule(strategy: strategy, when: conditions, requires: requires)
    }
}
