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
    /// A text column, cells in row order.
    public struct CategoricalColumn: Equatable, Sendable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
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
        precondition(categoricalColumns.allSatisfy { $0.values.count == ids.count },
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
