import Foundation
import Tabular
import TestSupport
import Testing

/// `CSVRows` renders the same bytes as the `CellTable` of the same cells, whole, in blocks of
/// any size, and written through an `OutputFile` to a sink.
@Suite struct CSVRowsTests {
    /// Rows with every kind of cell, text that needs quoting and neutralising included.
    private func rows(_ count: Int) -> CSVRows {
        CSVRows(header: ["id", "name", "value", "n"], count: count) { i in
            [.text("A\(i)"), .text(i % 3 == 0 ? "=x, \"y\"" : "plain"), .number(Double(i) / 7), i % 2 == 0 ? .integer(-i) : .empty]
        }
    }

    @Test func rendersTheCellTableBytes() {
        for count in [0, 1, 5, 20] {
            let source = rows(count)
            var writer = CSVWriter(header: source.header)
            for i in 0..<count { writer.append(source.row(i)) }
            #expect(source.table.rows.count == count)
            #expect(source.table.csv == writer.text)
            #expect(source.csv == writer.text)
            for block in [1, 2, 3, 7, 8192] {
                var pieces: [String] = []
                source.forEachBlock(rowsPerBlock: block) { pieces.append($0) }
                #expect(pieces.joined() == writer.text, "count \(count), block \(block)")
                #expect(pieces.count == count / block + 1)
            }
        }
    }

    @Test func outputFileWritesTheRowsAsTheyAreRendered() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("rows.csv")
        let source = rows(20_000)  // more than one block
        let file = OutputFile(name: "rows.csv", rows: source)
        try AtomicFile.write(streaming: [path]) { sinks in try file.write(to: sinks[0]) }
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect([UInt8](written) == Array(source.table.csv.utf8))
        #expect(file.bytes == [UInt8](written))
        // Equal to the same file held as text; not to other bytes or another name.
        #expect(file == OutputFile(name: "rows.csv", text: source.table.csv))
        #expect(file != OutputFile(name: "rows.csv", rows: rows(19_999)))
        #expect(file != OutputFile(name: "other.csv", rows: source))
    }
}
