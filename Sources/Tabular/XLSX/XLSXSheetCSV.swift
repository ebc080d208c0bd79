#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A worksheet written out as a temporary RFC 4180 CSV file, so that every reader and rule
/// downstream of CSV (`CSVStream`, `CSVReader`, the account and ledger readers: header lookup,
/// required columns, field counts, strict decimals, dates) applies to it unchanged; `locate`
/// turns the errors they throw back into sheet cells.
///
/// Usage: `let sheet = try XLSXSheetCSV(xlsx: path, sheet: name, textColumns: ["account_id"])`,
/// then `try sheet.reading { csvPath in try AccountTable.read(path: csvPath) }`: an
/// `InputError` on the temporary file (`TMP.csv:14:amount: not a plain decimal number (n/a)`)
/// comes out as `ledger.xlsx:Sheet1!D14: not a plain decimal number (n/a)`. The temporary file
/// is removed when the value is released.
///
/// The table: the first row holding a value is the header (rows above it are ignored); its last
/// non-empty cell sets the width. Each later row becomes one record of exactly that many
/// fields, empty cells and cells missing from the XML giving empty fields. Checked while
/// converting, each error at its cell (`FILE:SHEET!CELL`) or row (`FILE:SHEET!5:5`):
/// - header: an empty name before the last one (`column 2 has an empty name`), a duplicate;
/// - a blank row between the header and the last row with a value (`expected N fields, found
///   a blank row`: as a blank line in a CSV file, never skipped); blank rows at the end are
///   ignored, as blank lines at the end of a CSV file;
/// - a value right of the header's last column (`expected N fields, found M`);
/// - in a column named in `textColumns` (ids, which are text): a date cell, a number with a
///   fraction, or a whole number above 2^53 (no longer exact); a whole number is written
///   without `.0` (`12`), which is all a spreadsheet that stored the id `12` as a number
///   can give (leading zeros such as `007` are lost once a cell is a number);
/// - a sheet without values (`sheet is empty`), a header without data rows;
/// - and every error of `XLSXWorkbook.forEachRow` (error values, formulas without a cached value...).
///
/// Memory: one row and the shared strings; the CSV is written through a 1 MiB buffer.
public final class XLSXSheetCSV {
    /// The workbook as the user named it.
    public let source: String
    /// The sheet's name.
    public let sheet: String
    /// The temporary CSV file: hand it to `CSVStream`, `CSVReader` or any reader of CSV paths.
    public let path: String
    /// The header's names.
    public let header: [String]
    /// The header's 1-based row in the sheet.
    public let headerRow: Int
    /// Number of data records written (the header not counted).
    public let rowCount: Int
    /// `(CSV line, sheet row)` where the difference between the two changes (a field holding
    /// line breaks makes its record span several CSV lines), in line order.
    private let lineMap: [(line: Int, row: Int)]

    /// Converts sheet `sheet` (nil: the first) of the workbook at `xlsx` into a temporary CSV
    /// file in `temporaryDirectory` (default: `TMPDIR`, else `/tmp`).
    /// - Parameter textColumns: header names of columns that must hold text (ids).
    /// - Throws: `InputError` at the sheet cell or row for the problems listed in the type's
    ///   documentation, or naming the file; `OutputError` when the temporary file cannot be
    ///   written. No temporary file is left behind on failure.
    public init(xlsx: String, sheet: String? = nil, textColumns: Set<String> = [],
                temporaryDirectory: String? = nil) throws {
        let workbook = try XLSXWorkbook(path: xlsx)
        let sheetName = workbook.sheetNames[try workbook.sheetIndex(sheet)]
        let directory = temporaryDirectory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/.ar-segment-xlsx-XXXXXX.csv".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        let temporary = String(cString: template)
        guard fd >= 0 else {
            throw OutputError(path: temporary, message: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        var converter = Converter(workbook: workbook, sheet: sheetName, textColumns: textColumns, fd: fd, path: temporary)
        do {
            try workbook.forEachRow(sheet: sheetName) { row in
                try converter.add(row)
                return true
            }
            try converter.finish()
            guard close(fd) == 0 else { throw OutputError(path: temporary, message: "cannot close: \(String(cString: strerror(errno)))") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        source = xlsx
        self.sheet = sheetName
        path = temporary
        header = converter.header
        headerRow = converter.headerRow
        rowCount = converter.records
        lineMap = converter.lineMap
    }

    deinit { unlink(path) }

    /// The sheet row of CSV line `line` (line 1 is the header; a record's first line gives its row).
    public func sheetRow(ofLine line: Int) -> Int {
        var low = 0, high = lineMap.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if lineMap[middle].line <= line { low = middle } else { high = middle }
        }
        return lineMap[low].row + (line - lineMap[low].line)
    }

    /// `error` located in the sheet when it is an `InputError` on the temporary CSV file:
    /// the workbook's name as the file, its line as the sheet row, its column name as the
    /// cell's column (`ledger.xlsx:Sheet1!D14`; a row when there is no column, the sheet alone
    /// when there is no line), and every `line N` in its message as `row M`. Other errors are
    /// returned unchanged.
    public func locate(_ error: Error) -> Error {
        guard let input = error as? InputError, input.file == path else { return error }
        var location = SheetLocation(sheet: sheet)
        if let line = input.line { location.row = sheetRow(ofLine: line) }
        if let column = input.column { location.column = header.firstIndex(of: column) }
        return InputError(file: source, sheetLocation: location, value: input.value, message: input.message.mappingText(rowsForLines))
    }

    /// Runs `body` with the CSV path; an error it throws comes out through `locate`.
    public func reading<T>(_ body: (String) throws -> T) throws -> T {
        do {
            return try body(path)
        } catch {
            throw locate(error)
        }
    }

    /// `message` with each `line N` replaced by `row M` of the sheet.
    private func rowsForLines(_ message: String) -> String {
        var out = ""
        var rest = message[...]
        while let found = rest.range(of: "line ") {
            out += rest[..<found.lowerBound]
            let digits = rest[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let line = Int(digits) {
                out += "row \(sheetRow(ofLine: line))"
            } else {
                out += rest[found]
                out += digits
            }
            rest = rest[found.upperBound...].dropFirst(digits.count)
        }
        return out + rest
    }
}
