/// A data file's table before it is written: a header and rows of typed cells. One value
/// renders as CSV (`csv`) and as an .xlsx sheet, so both hold the same values.
public struct CellTable: Sendable, Equatable {
    public var header: [String]
    /// Rows of exactly `header.count` cells.
    public var rows: [[CSVCell]]

    public init(header: [String], rows: [[CSVCell]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as CSV text (`CSVWriter`: quoting, formula neutralising, shortest numbers).
    public var csv: String {
        var writer = CSVWriter(header: header)
        for row in rows { writer.append(row) }
        return writer.text
    }
}
