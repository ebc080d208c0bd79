import Tabular

/// Date patterns per column: one default for every date column, and any column's own.
///
/// Parsed from `due_date=yyyyMMdd,paid_date='yyyy-MM-dd HH:mm:ss'` (the `--date-format`
/// syntax): items are separated by commas outside single quotes; `column=pattern` sets that
/// column's pattern, an item without `=` sets the default (so one pattern alone applies to
/// all, as before). Columns are the canonical date columns: `invoice_date`, `due_date`,
/// `paid_date` and the payments table's `payment_date`. Patterns are `DateFormat`s (quoted
/// literal text, time parts only where the pattern has them). A pattern written in single
/// quotes as a whole (`paid_date='yyyy-MM-dd HH:mm:ss'`, as in a shell that kept the quotes)
/// reads the same as unquoted when its content has no letters of its own to protect.
public struct LedgerDateFormats: Sendable, Equatable {
    public static let columnNames = ["invoice_date", "due_date", "paid_date", "payment_date"]

    /// The pattern of every column not named in `byColumn` (ISO unless given).
    public var standard: DateFormat
    public var byColumn: [String: DateFormat]

    public init(standard: DateFormat = .iso, byColumn: [String: DateFormat] = [:]) {
        self.standard = standard
        self.byColumn = byColumn
    }

    /// The pattern for canonical date column `column`.
    public func format(for column: String) -> DateFormat { byColumn[column] ?? standard }

    /// `true` when nothing but ISO is asked for (the error message then suggests a pattern).
    public var isISOOnly: Bool { standard == .iso && byColumn.values.allSatisfy { $0 == .iso } }

    /// Parses the `--date-format` syntax (see the type).
    public init(spec: String) throws {
        self.init()
        var items: [String] = []
        var current = "", quoted = false
        for ch in spec {
            if ch == "'" { quoted.toggle() }
            if ch == ",", !quoted { items.append(current); current = ""; continue }
            current.append(ch)
        }
        items.append(current)
        var sawDefault = false
        for raw in items {
            let item = raw.trimmingCharacters(" ")
            guard !item.isEmpty else { throw ParameterError(.dateFormat, "empty item in '\(spec)'") }
            var column: String?
            var pattern = item
            if let eq = item.firstIndex(of: "="), !item[..<eq].contains("'") {
                column = String(item[..<eq]).trimmingCharacters(" ")
                pattern = String(item[item.index(after: eq)...]).trimmingCharacters(" ")
            }
            if let column, !Self.columnNames.contains(column) {
                throw ParameterError(.dateFormat, "unknown date column '\(column)' (known: \(Self.columnNames.joined(separator: ", ")))")
            }
            let format = try Self.compile(pattern, for: column ?? "every date column")
            if let column {
                guard byColumn[column] == nil else { throw ParameterError(.dateFormat, "'\(column)' is given twice") }
                byColumn[column] = format
            } else {
                guard !sawDefault else { throw ParameterError(.dateFormat, "two patterns without a column in '\(spec)'") }
                sawDefault = true
                standard = format
            }
        }
    }

    /// `pattern` compiled; a pattern wholly in single quotes whose inside compiles is taken
    /// without them (`'yyyy-MM-dd HH:mm:ss'`), since a whole-pattern literal is never a date.
    static func compile(_ pattern: String, for what: String) throws -> DateFormat {
        if pattern.count >= 2, pattern.first == "'", pattern.last == "'" {
            let inner = String(pattern.dropFirst().dropLast())
            if !inner.contains("'"), let format = DateFormat(inner) { return format }
        }
        guard let format = DateFormat(pattern) else {
            throw ParameterError(.dateFormat, "not a date pattern\(what == "every date column" ? "" : " for \(what)"): '\(pattern)' "
                                 + "(use yyyy, M or MM, d or dd, optional HH, mm, ss, literal text in single quotes)")
        }
        return format
    }

    /// The spec text that parses back to this value's patterns (for listings).
    public var text: String {
        var items: [String] = []
        if standard != .iso || byColumn.isEmpty { items.append(standard.pattern) }
        for name in Self.columnNames { if let f = byColumn[name] { items.append("\(name)=\(f.pattern)") } }
        return items.joined(separator: ",")
    }
}

extension String {
    func trimmingCharacters(_ c: Character) -> String {
        String(drop(while: { $0 == c }).reversed().drop(while: { $0 == c }).reversed())
    }
}
