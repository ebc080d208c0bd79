/// A data file's rows made one at a time: a header, a row count and the cells of the row at an
/// index. Written as CSV straight to a sink in blocks of rows, so a 10M-row file (assignments,
/// worklist) never exists whole in memory, neither as cells (about 160 bytes a row as
/// `[CSVCell]`) nor as text; `table` builds the `CellTable` when every row is needed at once
/// (the .xlsx sheets), from the same cells, so both hold the same values.
public struct CSVRows: Sendable {
    public let header: [String]
    /// Number of rows (the header excluded).
    public let count: Int
    /// The cells of row `index` (`0..<count`), exactly `header.count` of them.
    public let row: @Sendable (Int) -> [CSVCell]

    public init(header: [String], count: Int, row: @escaping @Sendable (Int) -> [CSVCell]) {
        self.header = header
        self.count = count
        self.row = row
    }

    /// Every row as typed cells.
    public var table: CellTable { CellTable(header: header, rows: (0..<count).map(row)) }

    /// The rows as CSV text, the same bytes as `table.csv`.
    public var csv: String {
        var text = ""
        forEachBlock { text += $0 }
        return text
    }

    /// Appends `csv` to `sink` block by block.
    public func writeCSV(to sink: AtomicFile.Sink) throws {
        try forEachBlock { try sink.write($0) }
    }

    /// `csv` in consecutive pieces of up to `rowsPerBlock` rows, the first starting with the header.
    public func forEachBlock(rowsPerBlock: Int = 8192, _ body: (String) throws -> Void) rethrows {
        var writer = CSVWriter(header: header)
        for index in 0..<count {
            writer.append(row(index))
            if (index + 1) % rowsPerBlock == 0 { try body(writer.takeText()) }
        }
        try body(writer.takeText())
    }
}
