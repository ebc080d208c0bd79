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
    ///           escalation: at 30 days past due, move to the occasional-late cadence
    ///           needs_call: false
    ///         policy:                     # optional: what `plan` schedules
    ///           min_interval_days: 3      # optional, default 3
    ///           promise_tolerance_days: 3 # optional, default 3
    ///           levels:                   # in escalation order
    ///             - {name: pre_due_email, delay: -5, channel: email, action: pre-due e-mail}
    ///             - {name: reminder, delay: 7, basis: previous_level, channel: sms, min_amount: 50,
    ///                template: gentle}
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

/// Walks a composed YAML tree, checking keys and types, with the line of each node at hand
/// (its `syntaxError` also serves the source presets).
struct YAMLReader {
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

    func fail(_ node: Node, _ message: ParameterText) -> InputError {
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

    func number(_ node: Node, key: String) throws -> Double {
        guard case .scalar(let scalar) = node, case .value(let value) = StrictDecimal.parse(Substring(scalar.string)),
              value >= 0 else {
            throw fail(node, "'\(key)' must be a plain number >= 0 (\(node.string ?? "not a scalar"))")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, key: String, as: T.Type) throws -> T
        where T.RawValue == String {
        let text = try string(node, key: key)
        guard let value = T(rawValue: text) else {
            throw fail(node, "unknown \(key) '\(text)' (allowed: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
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
        let f = try fields(node, in: "strategy", allowed: ["id", "name", "summary", "treatment", "policy"],
                           required: ["id", "name", "treatment"])
        let id = try string(f["id"]!, key: "id")
        let context = "treatment of strategy '\(id)'"
        if case .mapping(let mapping) = f["treatment"]!, let (key, _) = mapping.first(where: { $0.key.string == "cadence" }) {
            throw fail(key, "'cadence' was replaced by 'policy' with 'levels' (name, delay, channel, action) in strategy '\(id)'")
        }
        let t = try fields(f["treatment"]!, in: context, allowed: ["channels", "escalation", "needs_call"],
                           required: ["channels", "needs_call"])
        let treatment = Treatment(
            channels: try strings(t["channels"]!, key: "channels"),
            escalation: try t["escalation"].map { try string($0, key: "escalation") } ?? "",
            needsCall: try bool(t["needs_call"]!, key: "needs_call"))
        return Strategy(id: id, name: try string(f["name"]!, key: "name"),
                        summary: try f["summary"].map { try string($0, key: "summary") } ?? "",
                        treatment: treatment, policy: try f["policy"].map { try policy($0, strategy: id) })
    }

    func policy(_ node: Node, strategy id: String) throws -> DunningPolicy {
        let p = try fields(node, in: "policy of strategy '\(id)'",
                           allowed: ["levels", "min_interval_days", "promise_tolerance_days"], required: ["levels"])
        var levels: [PolicyLevel] = []
        for item in try list(p["levels"]!, key: "levels") {
            let l = try fields(item, in: "level of strategy '\(id)'",
                               allowed: ["name", "delay", "basis", "channel", "min_amount", "template", "action"],
                               required: ["name", "delay", "channel"])
            let name = try string(l["name"]!, key: "name")
            levels.append(PolicyLevel(
                name: name, delay: try int(l["delay"]!, key: "delay"),
                basis: try l["basis"].map { try choice($0, key: "basis", as: LevelBasis.self) } ?? .dueDate,
                channel: try choice(l["channel"]!, key: "channel", as: DunningChannel.self),
                minAmount: try l["min_amount"].map { try number($0, key: "min_amount") } ?? 0,
                template: try l["template"].map { try string($0, key: "template") },
                action: try l["action"].map { try string($0, key: "action") } ?? name.replacingOccurrences(of: "_", with: " ")))
            let policy = DunningPolicy(levels: levels)
            if let problem = policy.problem() { throw fail(item, "\(problem) in strategy '\(id)' (key 'levels')") }
        }
        let interval = try p["min_interval_days"].map { try int($0, key: "min_interval_days") }
        let tolerance = try p["promise_tolerance_days"].map { try int($0, key: "promise_tolerance_days") }
        let policy = DunningPolicy(levels: levels,
                                   minIntervalDays: interval ?? DunningPolicy.defaultMinIntervalDays,
                                   promiseToleranceDays: tolerance ?? DunningPolicy.defaultPromiseToleranceDays)
        if let problem = policy.problem() {
            let key = (interval ?? 0) < 0 ? "min_interval_days" : "promise_tolerance_days"
            throw fail(p[key] ?? node, "\(problem) in strategy '\(id)' (key '\(key)')")
        }
        return policy
    }

    func rule(_ node: Node, book: StrategyBook, known: Set<String>) throws -> StrategyRule {
        let f = try fields(node, in: "rule", allowed: ["strategy", "when", "requires"], required: ["strategy", "when"])
        let strategy = try string(f["strategy"]!, key: "strategy")
        guard book.strategy(id: strategy) != nil else {
            throw fail(f["strategy"]!, ParameterText("unknown strategy '\(strategy)' in key 'strategy' (defined: "
                       + book.strategies.map(\.id).joined(separator: ", ") + ")"))
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
