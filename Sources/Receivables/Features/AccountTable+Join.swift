import NumericCore
import Tabular

extension AccountTable {
    /// Adds the columns of `attributes` (an accounts file read with `AccountTable.read`) to
    /// each of this table's accounts, matched by id; attribute rows for other accounts are
    /// ignored.
    ///
    /// When `attributes` has a numeric `credit_limit` and this table has `open_balance`,
    /// `credit_utilisation = open_balance / credit_limit` is appended. Errors (naming
    /// `path`): an account of this table missing from `attributes`, a column name that both
    /// tables use, a `credit_limit` that is not positive.
    public func joining(_ attributes: AccountTable, path: String) throws -> AccountTable {
        let mine = Set([idColumn] + numericNames + categoricalColumns.map(\.name))
        for name in attributes.numericNames + attributes.categoricalColumns.map(\.name) where mine.contains(name) {
            throw InputError(file: path, line: 1, column: name, value: nil,
                             message: "column is already computed from the ledger; rename or drop it")
        }
        let rowOf = Dictionary(uniqueKeysWithValues: attributes.ids.enumerated().map { ($1, $0) })
        let sourceRows = try ids.map { id -> Int in
            guard let row = rowOf[id] else {
                throw InputError(file: path, line: nil, column: nil, value: id,
                                 message: "no row for account in the ledger")
            }
            return row
        }
        var names = numericNames + attributes.numericNames
        var columns = (0..<values.columns).map { values.column($0) }
        columns += (0..<attributes.values.columns).map { j in sourceRows.map { attributes.values[$0, j] } }
        if let limitIndex = attributes.numericIndex(AccountAttribute.creditLimit),
           let open = numericColumn(LedgerFeature.openBalance.rawValue) {
            var utilisation: [Double] = []
            for (i, source) in sourceRows.enumerated() {
                let limit = attributes.values[source, limitIndex]
                guard limit > 0 else {
                    throw InputError(file: path, line: nil, column: nil, value: CSVWriter.format(limit),
                                     message: "credit_limit of account \(ids[i]) must be positive")
                }
                utilisation.append(open[i] / limit)
            }
            names.append(AccountAttribute.creditUtilisation)
            columns.append(utilisation)
        }
        var joined = Matrix(rows: rowCount, columns: names.count)
        for (j, column) in columns.enumerated() {
            for i in 0..<rowCount { joined[i, j] = column[i] }
        }
        let extra = attributes.categoricalColumns.map { column in
            column.selecting(sourceRows)
        }
        return AccountTable(idColumn: idColumn, ids: ids, numericNames: names, values: joined,
                            categoricalColumns: categoricalColumns + extra)
    }
}
