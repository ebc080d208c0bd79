import Tabular

/// The SQL engines `FeatureSQL` writes for, and everything in which their SQL differs: quoting,
/// type names, date arithmetic and date parsing. The rest of the query is portable SQL
/// (CASE, sum, max, coalesce, greatest, row_number, joins).
public enum SQLDialect: String, CaseIterable, Sendable {
    /// DuckDB 1.x and later; also reads a CSV path itself (`read_csv`).
    case duckdb
    /// Spark SQL 3.x and 4.x (ANSI mode on or off).
    case spark
    /// PostgreSQL 12 and later.
    case postgres

    /// The 64-bit floating-point type. Every feature is cast to it: Spark reads a literal like
    /// `100.0` as DECIMAL, whose arithmetic would change the last bits.
    var double: String { self == .postgres ? "double precision" : "DOUBLE" }
    /// The text type.
    var text: String {
        switch self {
        case .duckdb: return "VARCHAR"
        case .spark: return "STRING"
        case .postgres: return "text"
        }
    }

    /// `name` as a quoted identifier (so `customerID` keeps its case in PostgreSQL).
    func identifier(_ name: String) -> String {
        switch self {
        case .spark: return "`" + name.replacingAll("`", with: "``") + "`"
        case .duckdb, .postgres: return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
        }
    }

    /// `text` as a string literal. Spark reads backslash escapes inside literals; the others
    /// only double the quote.
    func literal(_ text: String) -> String {
        switch self {
        case .spark: return "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
        case .duckdb, .postgres: return "'" + text.replacingAll("'", with: "''") + "'"
        }
    }

    /// `expression` cast to text.
    func asText(_ expression: String) -> String { "CAST(\(expression) AS \(text))" }
    /// `expression` cast to the double type.
    func asDouble(_ expression: String) -> String { "CAST(\(expression) AS \(double))" }

    /// Whole days from `start` to `end` (both DATE): `end - start`.
    func days(from start: String, to end: String) -> String {
        self == .spark ? "datediff(\(end), \(start))" : "(\(end) - \(start))"
    }

    /// A DATE literal (`DATE '2025-03-31'`), or the engine's current date when `day` is nil.
    func date(_ day: CalendarDay?) -> String {
        day.map { "DATE '\($0)'" } ?? "CURRENT_DATE"
    }

    /// Ordering of text by bytes, whatever the database's collation (ar-segment sorts ids by
    /// their characters; for ASCII ids the same order).
    func byteOrder(_ expression: String) -> String {
        self == .postgres ? "\(expression) COLLATE \"C\"" : expression
    }

    /// The DATE in the text `expression`, read with `format`; NULL for an empty or NULL cell.
    /// ISO dates go through CAST, so a DATE column reads as well as its text.
    func parseDate(_ expression: String, format: DateFormat) -> String {
        let cell = "NULLIF(\(asText(expression)), '')"
        guard format != .iso else { return "CAST(\(cell) AS DATE)" }
        switch self {
        case .duckdb: return "CAST(strptime(\(cell), \(literal(strptimePattern(format)))) AS DATE)"
        case .spark: return "to_date(\(cell), \(literal(javaPattern(format))))"
        case .postgres: return "to_date(\(cell), \(literal(postgresPattern(format))))"
        }
    }

    /// DuckDB's strptime: `%Y`, `%m`/`%-m`, `%d`/`%-d`; `%` doubled.
    private func strptimePattern(_ format: DateFormat) -> String {
        pattern(format, year: "%Y", month: { $0 ? "%m" : "%-m" }, day: { $0 ? "%d" : "%-d" }, time: ("%H", "%M", "%S")) {
            $0.replacingAll("%", with: "%%")
        }
    }

    /// Java's DateTimeFormatter (Spark): the same letters as ar-segment; literals quoted.
    private func javaPattern(_ format: DateFormat) -> String {
        pattern(format, year: "yyyy", month: { $0 ? "MM" : "M" }, day: { $0 ? "dd" : "d" }, time: ("HH", "mm", "ss")) {
            "'" + $0.replacingAll("'", with: "''") + "'"
        }
    }

    /// PostgreSQL's to_date: `YYYY`, `MM`, `DD` (which also read one digit before a separator);
    /// literals in double quotes.
    private func postgresPattern(_ format: DateFormat) -> String {
        pattern(format, year: "YYYY", month: { _ in "MM" }, day: { _ in "DD" }, time: ("HH24", "MI", "SS")) {
            "\"" + $0.replacingAll("\"", with: "\\\"") + "\""
        }
    }

    /// `format` rewritten field by field (`time`: the engine's hour, minute and second fields);
    /// each run of literal bytes is decoded as UTF-8 and passed through `literal`.
    private func pattern(_ format: DateFormat, year: String, month: (Bool) -> String, day: (Bool) -> String,
                         time: (hour: String, minute: String, second: String),
                         literal: (String) -> String) -> String {
        var out = "", run: [UInt8] = []
        func flush() {
            if !run.isEmpty { out += literal(String(decoding: run, as: UTF8.self)); run = [] }
        }
        for token in format.tokens {
            switch token {
            case .literal(let byte): run.append(byte); continue
            case .year: flush(); out += year
            case .month(let exact): flush(); out += month(exact)
            case .day(let exact): flush(); out += day(exact)
            case .hour: flush(); out += time.hour
            case .minute: flush(); out += time.minute
            case .second: flush(); out += time.second
            }
        }
        flush()
        return out
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
