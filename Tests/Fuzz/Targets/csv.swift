// libFuzzer target: the strict RFC 4180 reader and the strict decimal parser.
// Built only by scripts/fuzz (swiftc -sanitize=fuzzer,address -parse-as-library).
//
// Oracles beyond "does not crash": an error is one line; a parsed table has
// exactly header.count fields per row; a number accepted by StrictDecimal is
// finite and bit-identical to Double(String) on the same text; text that is
// written back with CSVWriter (when no cell needs neutralising) parses to the
// same cells.
import Tabular

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let table: CSVTable
    do {
        table = try CSVReader.parse(bytes, path: "fuzz.csv")
    } catch let error as InputError {
        precondition(isOneLine(error.description), "multi-line error: \(error.description)")
        return 0
    } catch {
        preconditionFailure("unexpected error type \(type(of: error)): \(error)")
    }
    precondition(table.columnCount > 0 && table.rowCount > 0)
    var cells: [[String]] = [table.header]
    for row in 0..<table.rowCount {
        precondition(table.lineNumber(ofRow: row) >= 2)
        var record: [String] = []
        for column in 0..<table.columnCount {
            let text = table.string(row: row, column: column)
            record.append(text)
            precondition(table.isEmpty(row: row, column: column) == text.isEmpty)
            do {
                let value = try table.double(row: row, column: column)
                precondition(value.isFinite, "non-finite number accepted: \(text)")
                if let reference = Double(text) {
                    precondition(reference.bitPattern == value.bitPattern || (value == 0 && reference == 0),
                                 "\(text): strict \(value) vs Double() \(reference)")
                } else {
                    preconditionFailure("accepted \(text) that Double() rejects")
                }
            } catch let error as InputError {
                precondition(error.line == table.lineNumber(ofRow: row))
                precondition(isOneLine(error.description))
            } catch {
                preconditionFailure("unexpected error type \(type(of: error))")
            }
        }
        cells.append(record)
    }
    // The bulk path must agree with the per-cell path.
    let all = Array(0..<table.columnCount)
    if let values = try? table.numericColumns(all) {
        for row in 0..<table.rowCount {
            for column in all {
                let single = try! table.double(row: row, column: column)
                precondition(values[row * all.count + column].bitPattern == single.bitPattern)
            }
        }
    }
    // Round trip through the writer when nothing gets a formula guard.
    // Scalars, not Characters: "\r\n" is one Character that is not "\r".
    let guarded: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    if cells.allSatisfy({ $0.allSatisfy { $0.unicodeScalars.first.map { !guarded.contains($0) } ?? true } }),
       cells[0][0].unicodeScalars.first != "\u{FEFF}" {
        var writer = CSVWriter(header: cells[0])
        for record in cells.dropFirst() { writer.append(record.map { CSVCell.text($0) }) }
        // A leading U+FEFF in the first header name would be taken for a byte-order mark.
        // A record of one empty field is written as a blank line, which the reader
        // (rightly) rejects as a ragged row; only compare when that cannot happen.
        if table.columnCount > 1 || cells.dropFirst().allSatisfy({ !$0[0].isEmpty }) {
            let again = try! CSVReader.parse(Array(writer.text.utf8), path: "again.csv")
            precondition(again.header == cells[0], "header changed in round trip")
            precondition(again.rowCount == table.rowCount, "row count changed in round trip")
            for row in 0..<again.rowCount {
                for column in all { precondition(again.string(row: row, column: column) == cells[row + 1][column]) }
            }
        }
    }
    return 0
}
