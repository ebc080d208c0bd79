import NumericCore
import Tabular
import TestSupport
import Testing
@testable import Receivables

/// `AccountTable.read` streams the file and decides each column's kind at the end; it must
/// give what the whole-file rule gives (the oracle below reads the file whole and votes
/// column by column), table or error, at every chunk size.
@Suite struct AccountTableStreamTests {
    /// The whole-file reading of an accounts file: ids checked first, then each column in
    /// file order by majority vote of its non-empty cells (see `AccountTable.read`).
    private func oracle(_ path: String, categorical: Set<String>) throws -> AccountTable {
        let table = try CSVReader.read(path: path)
        let idIndex = try table.columnIndex("account_id")
        var firstLine: [String: Int] = [:]
        let ids = try (0..<table.rowCount).map { row in
            let id = table.string(row: row, column: idIndex)
            let line = table.lineNumber(ofRow: row)
            guard !id.isEmpty else {
                throw InputError(file: path, line: line, column: "account_id", value: id, message: "empty account id")
            }
            if let first = firstLine.updateValue(line, forKey: id) {
                throw InputError(file: path, line: line, column: "account_id", value: id,
                                 message: "duplicate account id, first seen on line \(first)")
            }
            return id
        }
        var names: [String] = [], columns: [[Double]] = [], texts: [AccountTable.CategoricalColumn] = []
        for column in table.header.indices where column != idIndex {
            let cells = (0..<table.rowCount).map { table.string(row: $0, column: column) }
            let kinds = cells.map { cell -> Bool? in
                if cell.isEmpty { return nil }
                if case .value = StrictDecimal.parse(cell) { return true }
                return false
            }
            let numbers = kinds.filter { $0 == true }.count, words = kinds.filter { $0 == false }.count
            guard !categorical.contains(table.header[column]), let firstNumber = kinds.firstIndex(of: true) else {
                texts.append(.init(name: table.header[column], values: cells))
                continue
            }
            let firstIsNumber = kinds.first { $0 != nil } == true
            guard numbers > words || (numbers == words && firstIsNumber) else {
                throw table.error(row: firstNumber, column: column,
                                  "number in a text column (declare the column categorical, or fix the text cells)")
            }
            names.append(table.header[column])
            columns.append(try (0..<table.rowCount).map { try table.double(row: $0, column: column) })
        }
        var values = Matrix(rows: ids.count, columns: names.count)
        for (j, column) in columns.enumerated() { for i in column.indices { values[i, j] = column[i] } }
        return AccountTable(ids: ids, numericNames: names, values: values, categoricalColumns: texts)
    }

    /// A random accounts file: mostly clean numeric and text columns, sometimes a mixed
    /// column, an empty or repeated id, a quoted cell with a line break, or a malformed record.
    private func randomFile(_ random: inout SplitMix64) -> String {
        let kinds = (0..<(1 + random.nextInt(below: 5))).map { _ in random.nextInt(below: 5) }
        let idColumn = random.nextInt(below: kinds.count + 1)
        var header = kinds.indices.map { "c\($0)" }
        header.insert("account_id", at: idColumn)
        var lines = [header.joined(separator: ",")]
        let numbers = ["1", "-2.5", "1e3", "\"7\"", "0.001", "123456789.25"]
        let words = ["north", "\"a, b\"", "\"two\nlines\"", "NA", "nan", "x"]
        for row in 0..<(1 + random.nextInt(below: 25)) {
            var cells = kinds.map { kind -> String in
                let odd = random.nextInt(below: 12) == 0
                switch kind {
                case 0, 1: return odd ? (random.nextInt(below: 2) == 0 ? "" : words[random.nextInt(below: words.count)])
                                      : numbers[random.nextInt(below: numbers.count)]
                case 2: return odd ? numbers[random.nextInt(below: numbers.count)] : words[random.nextInt(below: words.count)]
                case 3: return random.nextInt(below: 3) == 0 ? "" : words[random.nextInt(below: words.count)]
                default: return random.nextInt(below: 2) == 0 ? numbers[random.nextInt(below: numbers.count)]
                                                              : words[random.nextInt(below: words.count)]
                }
            }
            let id = random.nextInt(below: 40) == 0 ? "" : random.nextInt(below: 40) == 0 ? "A0" : "A\(row)"
            cells.insert(id, at: idColumn)
            if random.nextInt(below: 60) == 0 { cells.removeLast() }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: random.nextInt(below: 2) == 0 ? "\n" : "\r\n") + "\n"
    }

    @Test func streamedReadMatchesTheWholeFileRuleAtEveryChunkSize() throws {
        let dir = try ScratchDirectory()
        var random = SplitMix64(seed: 6)
        var outcomes: [String: Int] = [:]
        for trial in 0..<300 {
            let text = randomFile(&random)
            let path = try dir.write("accounts.csv", text)
            let categorical: Set<String> = random.nextInt(below: 4) == 0 ? ["c0"] : []
            let expected = Result { try oracle(path, categorical: categorical) }.mapError { $0 as! InputError }
            outcomes[(try? expected.get()) == nil ? "error" : "table", default: 0] += 1
            for chunkSize in [1, 2, 3, 5, 8, 13, 21, 34, 64, 1 << 20] {
                let streamed = Result {
                    try AccountTable.read(path: path, categorical: categorical, chunkSize: chunkSize)
                }.mapError { $0 as! InputError }
                #expect(streamed == expected, "trial \(trial) chunk \(chunkSize):\n\(text)")
            }
        }
        // Both outcomes are exercised.
        #expect(outcomes["table", default: 0] > 30 && outcomes["error", default: 0] > 30, "\(outcomes)")
    }
    /// The matrix keeps the columns the first chunk shows as numbers; a column that changes
    /// kind after the first chunk is still the whole-file rule's error, in either direction,
    /// and a table's matrix holds its numeric columns only.
    @Test func aColumnChangingKindAfterTheFirstChunkIsStillAnError() throws {
        let dir = try ScratchDirectory()
        var lines = ["account_id,n,t"]
        for i in 0..<60 { lines.append("A\(i),\(i),\(i < 40 ? "north" : "\(i)")") }
        let textThenNumbers = try dir.write("a.csv", lines.joined(separator: "\n") + "\n")
        lines = ["account_id,n,t"]
        for i in 0..<60 { lines.append("A\(i),\(i < 40 ? "\(i)" : "x"),south") }
        let numbersThenText = try dir.write("b.csv", lines.joined(separator: "\n") + "\n")
        for path in [textThenNumbers, numbersThenText] {
            let expected = Result { try oracle(path, categorical: []) }.mapError { $0 as! InputError }
            #expect((try? expected.get()) == nil)
            for chunkSize in [8, 64, 1 << 20] {
                let streamed = Result { try AccountTable.read(path: path, chunkSize: chunkSize) }.mapError { $0 as! InputError }
                #expect(streamed == expected, "\(path) chunk \(chunkSize)")
            }
        }
        lines = ["account_id,t,n,u,m"]
        for i in 0..<60 { lines.append("A\(i),w\(i % 3),\(i),\(i % 2 == 0 ? "" : "v"),\(Double(i) / 4)") }
        let clean = try dir.write("c.csv", lines.joined(separator: "\n") + "\n")
        for chunkSize in [8, 64, 1 << 20] {
            let table = try AccountTable.read(path: clean, chunkSize: chunkSize)
            #expect(table == (try oracle(clean, categorical: [])))
            #expect(table.numericNames == ["n", "m"] && table.values.storage.count == 60 * 2)
        }
    }
}
