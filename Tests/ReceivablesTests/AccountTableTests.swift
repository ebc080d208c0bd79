import NumericCore
import TestSupport
import Testing
import Tabular
@testable import Receivables

@Suite struct AccountTableReadTests {
    @Test func splitsNumericAndCategoricalColumnsAndKeepsIdsAsText() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("a.csv", """
            region,account_id,credit_score,account_type,credit_limit,countryCode
            north,007,700,SMB,5000.5,391
            south,010,-12.25,strategic,0,406

            """)
        let table = try AccountTable.read(path: path, categorical: ["countryCode"])
        #expect(table.ids == ["007", "010"])
        #expect(table.numericNames == ["credit_score", "credit_limit"])
        #expect(table.values == Matrix([[700, 5000.5], [-12.25, 0]]))
        #expect(table.categoricalColumns.map(\.name) == ["region", "account_type", "countryCode"])
        #expect(table.categorical["countryCode"] == ["391", "406"])
    }

    @Test func csvRoundTrips() throws {
        let dir = try ScratchDirectory()
        let table = AccountTable(ids: ["007", "a,b"], numericNames: ["x", "y"], values: Matrix([[1.5, 1e-9], [-3, 1234567.125]]),
                                 categoricalColumns: [.init(name: "kind", values: ["say \"hi\"", ""])])
        let path = try dir.write("t.csv", table.csv)
        #expect(try AccountTable.read(path: path) == table)
    }

    @Test func streamedCSVRoundTripsAcrossBlocks() throws {
        // More rows than one 8192-row block, with formula-looking and quoted text.
        let dir = try ScratchDirectory()
        let n = 20_000
        let table = AccountTable(ids: (0..<n).map { "A\($0)" }, numericNames: ["x", "y"],
                                 values: Matrix((0..<n).map { [Double($0) / 7, -Double($0) * 1e-3] }),
                                 categoricalColumns: [.init(name: "kind", values: (0..<n).map { $0 % 3 == 0 ? "a,\"b\"" : "k\($0 % 5)" })])
        let path = dir.path + "/streamed.csv"
        try AtomicFile.write(streaming: [path]) { sinks in try table.writeCSV(to: sinks[0]) }
        #expect(try AccountTable.read(path: path) == table)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.oneWriterCSV(table))
    }

    static func oneWriterCSV(_ table: AccountTable) -> String {
        var writer = CSVWriter(header: [table.idColumn] + table.numericNames + table.categoricalColumns.map(\.name))
        for i in 0..<table.rowCount {
            writer.append([.text(table.ids[i])] + (0..<table.numericNames.count).map { .number(table.values[i, $0]) }
                          + table.categoricalColumns.map { .text($0.values[i]) })
        }
        return writer.text
    }

    /// The CSV is the bytes `CSVWriter` makes cell by cell, row by row (the rendering in blocks on
    /// all cores is only faster): more rows than one wave of blocks (8 x 8192), formula triggers,
    /// quotes, integral and fractional, negative, zero, huge and tiny numbers.
    @Test func csvIsCSVWriterRecordsAcrossWavesOfBlocks() throws {
        let n = 70_000
        let numbers: (Int) -> [Double] = { i in
            [Double(i), -Double(i) / 3, i % 7 == 0 ? -0.0 : 1e-5 * Double(i), Double(i) * 1e17, 0x1p53 - Double(i)]
        }
        let table = AccountTable(ids: (0..<n).map { $0 % 11 == 0 ? "=A\($0)" : $0 % 13 == 0 ? "B,\"\($0)\"" : "C\($0)" },
                                 numericNames: ["a", "b", "c", "d", "e"], values: Matrix((0..<n).map(numbers)),
                                 categoricalColumns: [.init(name: "kind", values: (0..<n).map { $0 % 3 == 0 ? "-x" : "k\($0 % 5)" }),
                                                      .init(name: "empty", values: Array(repeating: "", count: n))])
        var writer = CSVWriter(header: ["account_id", "a", "b", "c", "d", "e", "kind", "empty"])
        for i in 0..<n {
            writer.append([.text(table.ids[i])] + numbers(i).map { .number($0) }
                          + [.text(table.categoricalColumns[0][i]), .text("")])
        }
        #expect(table.csv == writer.text)
        #expect(table.csvRows.csv == writer.text)
        let empty = AccountTable(ids: [], numericNames: ["a"], values: Matrix(rows: 0, columns: 1))
        #expect(empty.csv == "account_id,a\n")
    }

    @Test(arguments: [
        ("account_id,x\nA,1\nB,NA\n", ":3:x: "),
        ("account_id,x\nA,1\nB,\n", ":3:x: "),
        ("account_id,x\nA,1\nB,$12\n", ":3:x: "),
        ("account_id,x\nA,1\nB,inf\n", ":3:x: "),
        ("account_id,x\nA,low\nB,2\n", ":3:x: number in a text column"),
        ("account_id,x\nA,\nB,low\nC,2\n", ":4:x: number in a text column"),
        ("account_id,x\nA,\nB,2\n", ":2:x: "),
        // The odd cell out is named even when it is in the first row (the majority decides).
        ("account_id,x\nA,nan\nB,1\nC,2\n", ":2:x: not a plain decimal number (nan)"),
        ("account_id,x\nA,NA\nB,\nC,2\nD,3\n", ":2:x: "),
        ("account_id,x\nA,low\nB,high\nC,2\n", ":4:x: number in a text column (declare"),
        ("account_id,x\nA,1\nA,2\n", ":3:account_id: duplicate account id, first seen on line 2 (A)"),
        ("account_id,x\n,1\n", ":2:account_id: empty account id"),
    ])
    func rejectsMixedColumnsAndBadIds(text: String, expected: String) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("bad.csv", text)
        let error = errorDescription { _ = try AccountTable.read(path: path) }
        #expect(error?.hasPrefix(path + expected) == true, "\(error ?? "no error")")
    }
}

@Suite struct AccountTableJoinTests {
    let features = AccountTable(ids: ["A", "B"], numericNames: ["open_balance", "avg_days_late"],
                                values: Matrix([[500, 3], [0, 40]]))

    @Test func joinsAttributesByIdAndDerivesUtilisation() throws {
        let attributes = AccountTable(ids: ["B", "C", "A"], numericNames: ["credit_limit", "credit_score"],
                                      values: Matrix([[1000, 600], [1, 1], [2000, 750]]),
                                      categoricalColumns: [.init(name: "account_type", values: ["SMB", "x", "strategic"])])
        let joined = try features.joining(attributes, path: "acc.csv")
        #expect(joined.ids == ["A", "B"])
        #expect(joined.numericNames == ["open_balance", "avg_days_late", "credit_limit", "credit_score", "credit_utilisation"])
        #expect(joined.values == Matrix([[500, 3, 2000, 750, 0.25], [0, 40, 1000, 600, 0]]))
        #expect(joined.categorical["account_type"] == ["strategic", "SMB"])
    }

    @Test func refusesMissingAccountsCollidingColumnsAndNonPositiveLimits() {
        let missing = AccountTable(ids: ["A"], numericNames: ["credit_score"], values: Matrix([[700]]))
        #expect(errorDescription { _ = try features.joining(missing, path: "acc.csv") }
                == "acc.csv: no row for account in the ledger (B)")
        let collision = AccountTable(ids: ["A", "B"], numericNames: ["avg_days_late"], values: Matrix([[1], [2]]))
        #expect(errorDescription { _ = try features.joining(collision, path: "acc.csv") }
                == "acc.csv:1:avg_days_late: column is already computed from the ledger; rename or drop it")
        let zeroLimit = AccountTable(ids: ["A", "B"], numericNames: ["credit_limit"], values: Matrix([[10], [0]]))
        #expect(errorDescription { _ = try features.joining(zeroLimit, path: "acc.csv") }
                == "acc.csv: credit_limit of account B must be positive (0)")
    }

    /// Sorted accounts files are matched by one merge pass, others through a dictionary: the
    /// two give the same table, and name the same (first in row order) missing account.
    @Test(arguments: [1, 2, 3])
    func sortedAndShuffledAttributesJoinAlike(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let all = (0..<400).map { "K\(1000 + $0 * 7 % 400)" }.sorted()
        let mine = all.filter { _ in random.next() % 3 != 0 }
        let table = AccountTable(ids: mine, numericNames: ["open_balance"],
                                 values: Matrix(mine.indices.map { [Double($0) * 10.5] }))
        let rows = all.indices.map { [Double($0) + 1, Double($0 % 17)] }
        let sorted = AccountTable(ids: all, numericNames: ["credit_limit", "credit_score"], values: Matrix(rows),
                                  categoricalColumns: [.init(name: "region", values: all.map { "r\($0.suffix(1))" })])
        var order = Array(all.indices)
        for i in order.indices.reversed() { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let shuffled = AccountTable(ids: order.map { all[$0] }, numericNames: sorted.numericNames,
                                    values: Matrix(order.map { rows[$0] }),
                                    categoricalColumns: [.init(name: "region", values: order.map { sorted.categoricalColumns[0].values[$0] })])
        let merged = try table.joining(sorted, path: "acc.csv")
        #expect(merged == (try table.joining(shuffled, path: "acc.csv")))
        for (i, id) in mine.enumerated() {
            let k = all.firstIndex(of: id)!
            #expect(Array(merged.values.row(i)) == [Double(i) * 10.5, Double(k) + 1, Double(k % 17), Double(i) * 10.5 / (Double(k) + 1)])
        }
        // Drop two of the table's accounts from the attributes: the first of them is named.
        let gone = Set([mine[mine.count / 2], mine[mine.count / 3]])
        let keep = all.indices.filter { !gone.contains(all[$0]) }
        let holed = AccountTable(ids: keep.map { all[$0] }, numericNames: ["credit_score"], values: Matrix(keep.map { [rows[$0][1]] }))
        let expected = "acc.csv: no row for account in the ledger (\(mine[mine.count / 3]))"
        #expect(errorDescription { _ = try table.joining(holed, path: "acc.csv") } == expected)
        let holedShuffled = AccountTable(ids: keep.reversed().map { all[$0] }, numericNames: ["credit_score"],
                                         values: Matrix(keep.reversed().map { [rows[$0][1]] }))
        #expect(errorDescription { _ = try table.joining(holedShuffled, path: "acc.csv") } == expected)
    }
}

/// Categorical columns are stored as levels and codes; they read, compare and select as text.
@Suite struct CategoricalColumnTests {
    @Test func encodesEachTextOnceInOrderOfAppearance() {
        var column = AccountTable.CategoricalColumn(name: "region", values: ["west", "north", "west", "", "north"])
        #expect(column.levels == ["west", "north", ""])
        #expect(column.codes == [0, 1, 0, 2, 1])
        #expect(column.values == ["west", "north", "west", "", "north"])
        #expect(column.count == 5 && column[3] == "" && column[4] == "north")
        column.values = ["b", "a"]
        #expect(column.levels == ["b", "a"] && column.codes == [0, 1])
    }

    @Test func equalityIsByTextNotByEncoding() {
        let column = AccountTable.CategoricalColumn(name: "t", values: ["x", "y", "x"])
        let other = AccountTable.CategoricalColumn(name: "t", levels: ["unused", "y", "x"], codes: [2, 1, 2])
        #expect(column == other)
        #expect(column != AccountTable.CategoricalColumn(name: "t", values: ["x", "y", "y"]))
        #expect(column != AccountTable.CategoricalColumn(name: "u", values: ["x", "y", "x"]))
        #expect(column != AccountTable.CategoricalColumn(name: "t", values: ["x", "y"]))
    }

    @Test func selectingKeepsTheTextOfTheChosenRows() {
        let column = AccountTable.CategoricalColumn(name: "t", values: ["a", "b", "c", "a"])
        let picked = column.selecting([3, 2, 2])
        #expect(picked.values == ["a", "c", "c"])
        // A level left without rows is not counted by the profiler.
        #expect(SegmentProfiler.frequencies(picked, codes: picked.codes).map(\.value) == ["c", "a"])
        #expect(SegmentProfiler.frequencies(picked, codes: picked.codes).map(\.count) == [2, 1])
        #expect(SegmentProfiler.frequencies(picked.values).map(\.value) == ["c", "a"])
    }
}
