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
                          + [.text(table.categoricalColumns[0].values[i]), .text("")])
        }
        #expect(table.csv == writer.text)
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
}
