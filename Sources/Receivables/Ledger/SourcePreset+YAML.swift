import Foundation
import Tabular
import Yams

extension SourcePreset {
    /// The keys a preset file may have.
    static let allowedKeys = ["name", "description", "columns", "document_types", "date_formats", "delimiter",
                              "decimal", "categorical"]

    /// Reads a preset from YAML:
    ///
    ///     name: my-erp                    # required
    ///     description: what exports it   # optional
    ///     delimiter: ";"                  # optional, one character, default ","
    ///     decimal: comma                  # optional: point (default) or comma (1.234,56)
    ///     columns:                        # canonical ledger column: the file's column
    ///       account_id: Customer
    ///     document_types:                 # optional: code: invoice | credit_memo | ignore
    ///       RV: invoice
    ///     date_formats:                   # optional: default and per-column patterns
    ///       default: dd.MM.yyyy
    ///       paid_date: yyyy-MM-dd HH:mm:ss
    ///     categorical: [Company Code]     # optional: extra columns carried per account
    ///
    /// Every problem is an `InputError` naming the file, the line and the key.
    public static func load(yamlPath path: String) throws -> SourcePreset {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, message: "cannot read source preset file")
        }
        return try parse(yaml: text, path: path)
    }

    /// As `load(yamlPath:)`, from text; `path` names the source in errors.
    public static func parse(yaml text: String, path: String) throws -> SourcePreset {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLReader(path: path).syntaxError(error)
        }
        guard let root else { throw InputError(file: path, line: 1, message: "empty source preset file") }
        func fail(_ node: Node, _ key: String, _ message: ParameterText) -> InputError {
            InputError(file: path, line: node.mark?.line, column: key, message: message)
        }
        func mapping(_ node: Node, _ key: String) throws -> [(key: String, keyNode: Node, value: Node)] {
            guard case .mapping(let map) = node else { throw fail(node, key, "must be a mapping") }
            return try map.map { entry in
                guard let name = entry.key.scalar?.string else { throw fail(entry.key, key, "keys must be text") }
                return (name, entry.key, entry.value)
            }
        }
        func scalar(_ node: Node, _ key: String) throws -> String {
            guard case .scalar(let s) = node else { throw fail(node, key, "must be text") }
            return s.string
        }
        var fields: [String: (Node, Node)] = [:]
        for (name, keyNode, value) in try mapping(root, "preset") {
            guard allowedKeys.contains(name) else {
                throw fail(keyNode, name, "unknown key '\(name)' in the source preset (allowed: \(allowedKeys.joined(separator: ", ")))")
            }
            fields[name] = (keyNode, value)
        }
        guard let (_, nameNode) = fields["name"] else { throw fail(root, "name", "missing key 'name' in the source preset") }
        guard let (_, columnsNode) = fields["columns"] else {
            throw fail(root, "columns", "missing key 'columns' in the source preset")
        }
        var pairs: [(canonical: String, source: String)] = []
        for (key, keyNode, value) in try mapping(columnsNode, "columns") {
            guard LedgerField(rawValue: key) != nil else {
                throw fail(keyNode, "columns.\(key)", "unknown ledger column (known: \(LedgerField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            pairs.append((key, try scalar(value, "columns.\(key)")))
        }
        let columns: LedgerColumns
        do { columns = try LedgerColumns(pairs: pairs) } catch { throw fail(columnsNode, "columns", "\(error)") }
        var types: DocumentTypes?
        if let (_, node) = fields["document_types"] {
            var kinds: [(code: String, kind: String)] = []
            for (code, _, value) in try mapping(node, "document_types") {
                let kind = try scalar(value, "document_types.\(code)")
                guard DocumentKind(rawValue: kind) != nil else {
                    throw fail(value, "document_types.\(code)", "unknown kind '\(kind)' (allowed: invoice, credit_memo, ignore)")
                }
                kinds.append((code, kind))
            }
            do { types = try DocumentTypes(pairs: kinds) } catch { throw fail(node, "document_types", "\(error)") }
        }
        var dates = LedgerDateFormats()
        if let (_, node) = fields["date_formats"] {
            for (column, keyNode, value) in try mapping(node, "date_formats") {
                let key = "date_formats.\(column)"
                guard column == "default" || LedgerDateFormats.columnNames.contains(column) else {
                    throw fail(keyNode, key, "unknown date column (allowed: default, \(LedgerDateFormats.columnNames.joined(separator: ", ")))")
                }
                let format: DateFormat
                do { format = try LedgerDateFormats.compile(try scalar(value, key), for: column) } catch {
                    throw fail(value, key, "\(error)")
                }
                if column == "default" { dates.standard = format } else { dates.byColumn[column] = format }
            }
        }
        var delimiter = UInt8(ascii: ",")
        if let (_, node) = fields["delimiter"] {
            let text = try scalar(node, "delimiter")
            guard text.utf8.count == 1, let byte = text.utf8.first, byte != UInt8(ascii: "\""), byte != 10, byte != 13 else {
                throw fail(node, "delimiter", "must be one character other than a quote or a line end (\(text))")
            }
            delimiter = byte
        }
        var decimal = DecimalSeparator.point
        if let (_, node) = fields["decimal"] {
            let text = try scalar(node, "decimal")
            guard let value = DecimalSeparator(rawValue: text) else {
                throw fail(node, "decimal", "unknown decimal separator '\(text)' (allowed: point, comma)")
            }
            decimal = value
        }
        var categorical: [String] = []
        if let (_, node) = fields["categorical"] {
            guard case .sequence(let items) = node else { throw fail(node, "categorical", "must be a list of column names") }
            categorical = try items.map { try scalar($0, "categorical") }
        }
        return SourcePreset(name: try scalar(nameNode, "name"),
                            description: try fields["description"].map { try scalar($0.1, "description") } ?? "",
                            columns: columns, documentTypes: types, dateFormats: dates, delimiter: delimiter,
                            decimal: decimal, categorical: categorical, yaml: text)
    }
}
