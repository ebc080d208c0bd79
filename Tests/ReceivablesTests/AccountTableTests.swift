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
        #expect(try String(contentsOfFile: path, encoding: .utf8) == table.csv)
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
