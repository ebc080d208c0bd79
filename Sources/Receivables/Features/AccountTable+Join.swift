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
    ///
    /// Memory: both tables are consumed, and each part of them is released as soon as the
    /// joined table no longer needs it (ids of `attributes` after matching, both matrices after
    /// the joined one is filled), so the peak is this
    /// table, `attributes` and the joined matrix (`features --accounts` at 10M accounts peaked
    /// at 4077 MiB with this, 8053 MiB before; BENCHMARKS.md). Callers pass both with `consume`
    /// for that to hold; a copy still works.
    public consuming func joining(_ attributes: consuming AccountTable, path: String) throws -> AccountTable {
        let mine = Set([idColumn] + numericNames + categoricalColumns.map(\.name))
        for name in attributes.numericNames + attributes.categoricalColumns.map(\.name) where mine.contains(name) {
            throw InputError(file: path, line: 1, column: name, value: nil,
                             message: "column is already computed from the ledger; rename or drop it")
        }
        let sourceRows = try attributeRows(in: attributes, path: path)
        attributes.ids = []
        let limitIndex = attributes.numericIndex(AccountAttribute.creditLimit)
        let openIndex = numericIndex(LedgerFeature.openBalance.rawValue)
        let addsUtilisation = limitIndex != nil && openIndex != nil
        var names = numericNames + attributes.numericNames
        if addsUtilisation { names.append(AccountAttribute.creditUtilisation) }
        // Filled row by row from both matrices: no column copies (at 10M accounts each copy of
        // the table's numbers is 1.7 GB).
        var joined = Matrix(rows: rowCount, columns: names.count)
        let own = values.columns, theirs = attributes.values.columns
        for (i, source) in sourceRows.enumerated() {
            for j in 0..<own { joined[i, j] = values[i, j] }
            for j in 0..<theirs { joined[i, own + j] = attributes.values[source, j] }
            if addsUtilisation, let limitIndex, let openIndex {
                let limit = attributes.values[source, limitIndex]
                guard limit > 0 else {
                    throw InputError(file: path, line: nil, column: nil, value: CSVWriter.format(limit),
                                     message: "credit_limit of account \(ids[i]) must be positive")
                }
                joined[i, own + theirs] = values[i, openIndex] / limit
            }
        }
        values = Matrix(rows: 0, columns: 0)
        attributes.values = Matrix(rows: 0, columns: 0)
        // Text columns are codes (4 bytes a row): selected rows share the levels.
        let extra = attributes.categoricalColumns.map { column in
            column.selecting(sourceRows)
        }
        return AccountTable(idColumn: idColumn, ids: ids, numericNames: names, values: joined,
                            categoricalColumns: categoricalColumns + extra)
    }

    /// For each of this table's rows, the row of `attributes` with the same id. When both
    /// tables' ids are sorted (a feature table always is; accounts files usually are) one merge
    /// pass matches them; otherwise a dictionary of `attributes`' ids does (at 10M accounts
    /// about 0.5 GB of strings and buckets, which the merge never builds).
    /// - Throws: an id of this table that `attributes` lacks (the first in row order).
    private func attributeRows(in attributes: AccountTable, path: String) throws -> [Int] {
        func missing(_ id: String) -> InputError {
            InputError(file: path, line: nil, column: nil, value: id, message: "no row for account in the ledger")
        }
        if ids.isSortedStrictly, attributes.ids.isSortedStrictly {
            var rows: [Int] = []
            rows.reserveCapacity(rowCount)
            var next = 0
            for id in ids {
                while next < attributes.rowCount, attributes.ids[next] < id { next += 1 }
                guard next < attributes.rowCount, attributes.ids[next] == id else { throw missing(id) }
                rows.append(next)
                next += 1
            }
            return rows
        }
        let rowOf = Dictionary(uniqueKeysWithValues: attributes.ids.enumerated().map { ($1, $0) })
        return try ids.map { id in
            guard let row = rowOf[id] else { throw missing(id) }
            return row
        }
    }
}

private extension Array where Element == String {
    /// Whether every element is less than the next (so ids are also unique).
    var isSortedStrictly: Bool {
        indices.dropFirst().allSatisfy { self[$0 - 1] < self[$0] }
    }
}
