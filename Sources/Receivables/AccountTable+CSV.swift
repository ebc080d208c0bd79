import NumericCore
import Tabular

extension AccountTable {
    /// Reads an accounts CSV: one row per account, `idColumn` holding the id (text, must be
    /// non-empty and unique), every other column numeric or categorical.
    ///
    /// Numeric/categorical split, strict: a column whose every cell is a plain decimal
    /// (Tabular's strict number rule: no `nan`, `inf`, `1,234`, `$12`, empty) is numeric;
    /// a column where no cell is such a number is categorical (empty cells allowed); a column
    /// mixing the two is an error at a cell of the minority kind (an `NA`, `nan` or empty cell
    /// among numbers, even in the first row, or a number among text; on a tie the first
    /// non-empty cell's kind is the column's). Columns listed in `categorical` are always
    /// categorical (for codes such as `countryCode` that look numeric). Columns keep their file order within each kind.
    public static func read(path: String, idColumn: String = "account_id",
                            categorical: Set<String> = []) throws -> AccountTable {
        let table = try CSVReader.read(path: path)
        let idIndex = try table.columnIndex(idColumn)
        var ids: [String] = []
        ids.reserveCapacity(table.rowCount)
        var firstLine: [String: Int] = [:]
        for row in 0..<table.rowCount {
            let id = table.string(row: row, column: idIndex)
            let line = table.lineNumber(ofRow: row)
            guard !id.isEmpty else {
                throw InputError(file: path, line: line, column: idColumn, value: id, message: "empty account id")
            }
            if let first = firstLine.updateValue(line, forKey: id) {
                throw InputError(file: path, line: line, column: idColumn, value: id,
                                 message: "duplicate account id, first seen on line \(first)")
            }
            ids.append(id)
        }
        var numericNames: [String] = []
        var numericColumns: [[Double]] = []
        var categoricalColumns: [CategoricalColumn] = []
        for column in table.header.indices where column != idIndex {
            let name = table.header[column]
            let cells = (0..<table.rowCount).map { table.string(row: $0, column: column) }
            if categorical.contains(name) {
                categoricalColumns.append(CategoricalColumn(name: name, values: cells))
                continue
            }
            if let numbers = try numericCells(table, column: column) {
                numericNames.append(name)
                numericColumns.append(numbers)
            } else {
                categoricalColumns.append(CategoricalColumn(name: name, values: cells))
            }
        }
        var values = Matrix(rows: ids.count, columns: numericNames.count)
        for (j, column) in numericColumns.enumerated() {
            for i in column.indices { values[i, j] = column[i] }
        }
        return AccountTable(idColumn: idColumn, ids: ids, numericNames: numericNames, values: values,
                            categoricalColumns: categoricalColumns)
    }

    /// The column's numbers, or `nil` when it is categorical. Non-empty cells vote with the strict
    /// number rule and the majority decides (on a tie, the first non-empty cell), so a mixed
    /// column is an error at the odd cell out, a `nan` or `NA` in the first row of a numeric
    /// column included: in a numeric column any cell that is not a number (empty included) is
    /// Tabular's error for that cell; in a text column a number is "number in a text column".
    /// An all-empty column is categorical. Only the numeric path allocates errors.
    private static func numericCells(_ table: CSVTable, column: Int) throws -> [Double]? {
        var numbers = 0, texts = 0
        var firstNumber: Int?, firstNonEmptyIsNumber = false
        for row in 0..<table.rowCount where !table.isEmpty(row: row, column: column) {
            if case .value = StrictDecimal.parse(table.string(row: row, column: column)) {
                if firstNumber == nil { firstNumber = row; firstNonEmptyIsNumber = texts == 0 }
                numbers += 1
            } else {
                texts += 1
            }
        }
        guard let firstNumber else { return nil }
        guard numbers > texts || (numbers == texts && firstNonEmptyIsNumber) else {
            throw table.error(row: firstNumber, column: column,
                              "number in a text column (declare the column categorical, or fix the text cells)")
        }
        return try (0..<table.rowCount).map { try table.double(row: $0, column: column) }
    }

    /// The table as CSV text: `idColumn`, the numeric columns, then the categorical columns.
    ///
    /// Numbers in shortest round-trip form (`12`, not `12.0`); text goes through `CSVWriter`,
    /// which neutralises cells that would start a spreadsheet formula.
    public var csv: String {
        var writer = CSVWriter(header: [idColumn] + numericNames + categoricalColumns.map(\.name))
        for i in 0..<rowCount {
            var cells: [CSVCell] = [.text(ids[i])]
            for j in 0..<numericNames.count { cells.append(.number(values[i, j])) }
            for column in categoricalColumns { cells.append(.text(column.values[i])) }
            writer.append(cells)
        }
        return writer.text
    }
}
