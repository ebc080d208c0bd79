import Tabular

/// A named way to read one system's ledger export: column map, document types, date
/// patterns, delimiter, decimal separator and extra categorical columns, written in YAML
/// (`SourcePreset+YAML.swift`). Built in: `ibm-ar`, `highradius`, `sap-fbl5n`; any other
/// `--source` value is a YAML file in the same format.
///
/// A preset fills a `LedgerReadOptions`; options given explicitly beside it win (a `--columns`
/// entry over the preset's entry for that column, `--document-types` over the preset's
/// map, a `--date-format` column over the preset's pattern for it).
public struct SourcePreset: Sendable, Equatable {
    public var name: String
    public var description: String
    public var columns: LedgerColumns
    public var documentTypes: DocumentTypes?
    public var dateFormats: LedgerDateFormats
    public var delimiter: UInt8
    public var decimal: DecimalSeparator
    public var categorical: [String]
    /// The YAML the preset was read from (what `ar-segment sources` prints).
    public var yaml: String

    /// The built-in presets, in listing order.
    public static let builtIn: [SourcePreset] = builtInYAML.map { name, text in
        // The built-in texts are tested; a failure here is a bug in this file.
        try! SourcePreset.parse(yaml: text, path: "built-in preset \(name)")
    }

    /// The built-in preset called `name`, or the preset in the YAML file at `name` (a value
    /// ending in `.yaml` or `.yml`, or holding a `/`).
    /// - Throws: an unknown name (listing the built-ins), or the file's problems.
    public static func named(_ name: String) throws -> SourcePreset {
        if let preset = builtIn.first(where: { $0.name == name }) { return preset }
        guard isFileName(name) else { throw ParameterError(.source, unknownProblem(name)) }
        return try load(yamlPath: name)
    }

    /// Whether `name` is a built-in preset's name.
    public static func isBuiltIn(_ name: String) -> Bool { builtIn.contains { $0.name == name } }

    /// Whether `name` reads as a preset file (ends in `.yaml` or `.yml`, or holds a `/`).
    public static func isFileName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.contains("/")
    }

    /// Why `name` is neither a built-in nor a preset file.
    public static func unknownProblem(_ name: String) -> ParameterText {
        "unknown source '\(name)' (built in: \(builtIn.map(\.name).joined(separator: ", ")); or a preset file NAME.yaml)"
    }

    /// `base` with this preset's settings, then `base`'s explicit entries (`explicitColumns`,
    /// `explicitTypes`, `explicitDates`) over them.
    public func source(over base: LedgerReadOptions, explicitColumns: LedgerColumns?, explicitTypes: DocumentTypes?,
                       explicitDates: LedgerDateFormats?) -> LedgerReadOptions {
        var source = base
        source.presetName = name
        source.columns = explicitColumns.map { columns.overridden(by: $0) } ?? columns
        source.documentTypes = explicitTypes ?? documentTypes
        var dates = dateFormats
        if let explicitDates {
            if explicitDates.standard != .iso || explicitDates.byColumn.isEmpty { dates.standard = explicitDates.standard }
            for (column, format) in explicitDates.byColumn { dates.byColumn[column] = format }
        }
        source.dateFormats = dates
        source.delimiter = delimiter
        source.decimal = decimal
        source.categorical = categorical
        return source
    }

    /// One line per setting, for `ar-segment sources`.
    public var summary: String {
        var lines = ["\(name): \(description)"]
        lines.append("  columns: " + columns.mappedPairs.map { "\($0.field.rawValue)=\($0.source)" }.joined(separator: ","))
        if let documentTypes { lines.append("  document types: \(documentTypes.text)") }
        lines.append("  date formats: \(dateFormats.text)")
        lines.append("  delimiter: \(Character(Unicode.Scalar(delimiter)))  decimal: \(decimal.rawValue)")
        if !categorical.isEmpty { lines.append("  categorical: \(categorical.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    static let builtInYAML: [(String, String)] = [
        ("ibm-ar", """
        name: ibm-ar
        description: IBM "Accounts Receivable" sample (WA_Fn-UseC_-Accounts-Receivable.csv)
        columns:
          account_id: customerID
          invoice_id: invoiceNumber
          invoice_date: InvoiceDate
          due_date: DueDate
          amount: InvoiceAmount
          paid_date: SettledDate
          disputed: Disputed
          payment_method: PaperlessBill
        date_formats:
          default: M/d/yyyy
        categorical: [countryCode]

        """),
        ("highradius", """
        name: highradius
        description: HighRadius B2B invoice layout (19 columns, clear_date empty while open)
        columns:
          account_id: cust_number
          invoice_id: invoice_id
          invoice_date: posting_date
          due_date: due_in_date
          amount: total_open_amount
          paid_date: clear_date
          currency: invoice_currency
          document_type: document type
        document_types:
          RV: invoice
          X2: invoice
        date_formats:
          invoice_date: yyyy-MM-dd
          due_date: yyyyMMdd'.0'
          paid_date: yyyy-MM-dd HH:mm:ss
        categorical: [business_code, cust_payment_terms]

        """),
        ("sap-fbl5n", """
        name: sap-fbl5n
        description: SAP FBL5N customer line items (open and cleared), semicolon-delimited, decimal comma
        delimiter: ";"
        decimal: comma
        columns:
          account_id: Account
          invoice_id: Document Number
          document_type: Document Type
          invoice_date: Document Date
          due_date: Net Due Date
          amount: Amount in Doc. Curr.
          currency: Document Currency
          paid_date: Clearing Date
        document_types:
          RV: invoice
          DR: invoice
          DG: credit_memo
          G2: credit_memo
          DZ: ignore
        date_formats:
          default: dd.MM.yyyy
        categorical: [Company Code, Terms of Payment]

        """),
    ]
}
