import NumericCore

/// One row per account: text ids, named numeric columns in a `Matrix`, and
/// categorical (text) columns.
///
/// The output of `FeatureBuilder` and the input of segmentation. Ids stay text
/// (`007` stays `007`). Categorical columns are described in profiles; they are
/// not clustered unless a caller encodes them.
///
/// Invariants (checked in `init`): `values.rows == ids.count`,
/// `values.columns == numericNames.count`, every categorical column has
/// `ids.count` cells, and all column names (including `idColumn`) are distinct.
public struct AccountTable: Equatable, Sendable {
    /// A text column, cells in row order, stored dictionary-encoded: each distinct text once
    /// (`levels`, in order of first appearance) and a 4-byte code per row. A `String` per row
    /// would be 16 bytes (more for text over 15 bytes): 460 MB for three columns at 10M
    /// accounts, the largest part of `segment`'s memory after the numeric matrix.
    ///
    /// Two columns are equal when they have the same name and the same text in every row.
    public struct CategoricalColumn: Equatable, Sendable {
        public var name: String
        /// The distinct texts, each once (a level may have no row after rows were selected).
        public private(set) var levels: [String]
        /// Per row, the position of its text in `levels`.
        public private(set) var codes: [UInt32]

        public init(name: String, values: [String]) {
            self.name = name
            (levels, codes) = Self.encode(values)
        }

        /// A column from its encoding; every code must be a position in `levels`.
        public init(name: String, levels: [String], codes: [UInt32]) {
            precondition(codes.allSatisfy { Int($0) < levels.count }, "CategoricalColumn: code without a level")
            self.name = name
            self.levels = levels
            self.codes = codes
        }

        /// The cells in row order (built on each call: for small tables and tests; large
        /// ones read `self[row]` or `codes`).
        public var values: [String] {
            get { codes.map { levels[Int($0)] } }
            set { (levels, codes) = Self.encode(newValue) }
        }

        /// Number of rows.
        public var count: Int { codes.count }

        /// The text of row `row`.
        public subscript(row: Int) -> String { levels[Int(codes[row])] }

        /// The same column with rows `rows` (positions in this one), in that order.
        public func selecting(_ rows: [Int]) -> CategoricalColumn {
            CategoricalColumn(name: name, levels: levels, codes: rows.map { codes[$0] })
        }

        public static func == (a: CategoricalColumn, b: CategoricalColumn) -> Bool {
            a.name == b.name && a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
        }

        private static func encode(_ values: [String]) -> (levels: [String], codes: [UInt32]) {
            var levels: [String] = []
            var position: [String: UInt32] = [:]
            let codes = values.map { value -> UInt32 in
                if let code = position[value] { return code }
                let code = UInt32(levels.count)
                position[value] = code
                levels.append(value)
                return code
            }
            return (levels, codes)
        }
    }

    /// Header of the id column when written (`account_id` for ledger features).
    public var idColumn: String
    public var ids: [String]
    public var numericNames: [String]
    /// `ids.count x numericNames.count`.
    public var values: Matrix
    /// In column order.
    public var categoricalColumns: [CategoricalColumn]

    public init(idColumn: String = "account_id", ids: [String], numericNames: [String], values: Matrix,
                categoricalColumns: [CategoricalColumn] = []) {
        precondition(values.rows == ids.count, "AccountTable: \(values.rows) value rows for \(ids.count) ids")
        precondition(values.columns == numericNames.count,
                     "AccountTable: \(values.columns) value columns for \(numericNames.count) names")
        precondition(categoricalColumns.allSatisfy { $0.count == ids.count },
                     "AccountTable: categorical column length differs from the id count")
        let names = [idColumn] + numericNames + categoricalColumns.map(\.name)
        precondition(Set(names).count == names.count, "AccountTable: duplicate column name in \(names)")
        self.idColumn = idColumn
        self.ids = ids
        self.numericNames = numericNames
        self.values = values
        self.categoricalColumns = categoricalColumns
    }

    public var rowCount: Int { ids.count }

    /// Categorical columns by name.
    public var categorical: [String: [String]] {
        Dictionary(uniqueKeysWithValues: categoricalColumns.map { ($0.name, $0.values) })
    }

    /// Index of a numeric column, or `nil` when absent.
    public func numericIndex(_ name: String) -> Int? { numericNames.firstIndex(of: name) }

    /// The value of numeric column `column` in row `row`; 0 when `column` is `nil` (a column
    /// the table lacks counts as zeros).
    public func cell(_ row: Int, _ column: Int?) -> Double {
        column.map { values[row, $0] } ?? 0
    }

    /// A numeric column copied out, or `nil` when absent.
    public func numericColumn(_ name: String) -> [Double]? {
        numericIndex(name).map { values.column($0) }
    }
}
