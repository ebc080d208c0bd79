#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension XLSXSheetCSV {
    /// Checks the sheet's rows as a table and writes them as CSV records (see `XLSXSheetCSV`).
    struct Converter {
        let workbook: XLSXWorkbook
        let sheet: String
        let textColumns: Set<String>
        let fd: Int32
        let path: String

        private(set) var header: [String] = []
        private(set) var headerRow = 0
        private(set) var records = 0
        private(set) var lineMap: [(line: Int, row: Int)] = []
        private var isText: [Bool] = []
        private var lastRow = 0
        /// The CSV line the next record starts on.
        private var line = 1
        private var buffer: [UInt8] = []
        private static let flushSize = 1 << 20

        init(workbook: XLSXWorkbook, sheet: String, textColumns: Set<String>, fd: Int32, path: String) {
            self.workbook = workbook
            self.sheet = sheet
            self.textColumns = textColumns
            self.fd = fd
            self.path = path
            buffer.reserveCapacity(Self.flushSize + (Self.flushSize >> 2))
        }

        private func error(row: Int, column: Int? = nil, value: String? = nil, _ message: ParameterText) -> InputError {
            InputError(file: workbook.path, sheetLocation: SheetLocation(sheet: sheet, row: row, column: column),
                       value: value, message: message)
        }

        /// Takes the next row with a value.
        mutating func add(_ row: XLSXRow) throws {
            if header.isEmpty {
                try setHeader(row)
                return
            }
            let width = header.count
            if row.number > lastRow + 1 {
                throw error(row: lastRow + 1, "expected \(width) fields, found a blank row")
            }
            lastRow = row.number
            if row.count > width, let extra = (width..<row.count).first(where: { row.kind(at: $0) != .empty }) {
                throw error(row: row.number, column: extra, value: row.string(at: extra),
                            "expected \(width) fields, found \(row.count)")
            }
            for column in 0..<width where isText[column] {
                try checkText(row, column)
            }
            if row.number - line != lineMap.last!.row - lineMap.last!.line {
                lineMap.append((line, row.number))
            }
            line += 1
            for column in 0..<width {
                if column > 0 { buffer.append(UInt8(ascii: ",")) }
                if column < row.count {
                    row.bytes.withUnsafeBufferPointer { line += Self.appendField(UnsafeBufferPointer(rebasing: $0[row.range(column)]), to: &buffer) }
                }
            }
            buffer.append(UInt8(ascii: "\n"))
            records += 1
            if buffer.count >= Self.flushSize { try flush() }
        }

        /// The first row with a value: its names, checked as a CSV header is.
        private mutating func setHeader(_ row: XLSXRow) throws {
            var seen = Set<String>()
            for column in 0..<row.count {
                let name = row.string(at: column)
                if name.isEmpty {
                    throw error(row: row.number, column: column, "column \(column + 1) has an empty name")
                }
                if !seen.insert(name).inserted {
                    throw error(row: row.number, column: column, value: name, "duplicate column name")
                }
                header.append(name)
            }
            isText = header.map { textColumns.contains($0) }
            headerRow = row.number
            lastRow = row.number
            lineMap = [(1, row.number)]
            for column in 0..<row.count {
                if column > 0 { buffer.append(UInt8(ascii: ",")) }
                row.bytes.withUnsafeBufferPointer { line += Self.appendField(UnsafeBufferPointer(rebasing: $0[row.range(column)]), to: &buffer) }
            }
            buffer.append(UInt8(ascii: "\n"))
            line += 1
        }

        /// The rule for id columns: text, or a whole number that a double holds exactly.
        private func checkText(_ row: XLSXRow, _ column: Int) throws {
            switch row.kind(at: column) {
            case .date:
                throw error(row: row.number, column: column, value: row.string(at: column),
                            "date cell in a text column (format the column as Text in the spreadsheet)")
            case .number:
                let text = row.string(at: column)
                if text.contains(".") {
                    throw error(row: row.number, column: column, value: text,
                                "number with a fraction in a text column (ids are text: format the column as Text in the spreadsheet)")
                }
                if case let .value(value) = StrictDecimal.parse(text), abs(value) > 9_007_199_254_740_992 {
                    throw error(row: row.number, column: column, value: text,
                                "number above 2^53 in a text column is no longer exact (format the column as Text in the spreadsheet)")
                }
            default:
                break
            }
        }

        /// Checks that the sheet had a header and rows, and writes what is buffered.
        mutating func finish() throws {
            if header.isEmpty {
                throw InputError(file: workbook.path, sheetLocation: SheetLocation(sheet: sheet), message: "sheet is empty")
            }
            if records == 0 { throw error(row: headerRow + 1, "no data rows after the header") }
            try flush()
        }

        private mutating func flush() throws {
            let ok = buffer.withUnsafeBytes { AtomicFile.writeAll(fd, $0) }
            guard ok else { throw OutputError(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Appends one field, quoted (quotes doubled) when it holds a comma, a quote, CR or LF,
        /// or starts with a UTF-8 byte-order mark (which a CSV reader would skip at the start
        /// of the file). Returns the number of LFs in it (the CSV lines it adds).
        static func appendField(_ field: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Int {
            var needsQuotes = field.count >= 3 && field[0] == 0xEF && field[1] == 0xBB && field[2] == 0xBF
            var newlines = 0
            for c in field {
                switch c {
                case UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\r"): needsQuotes = true
                case UInt8(ascii: "\n"): needsQuotes = true; newlines += 1
                default: break
                }
            }
            guard needsQuotes else {
                out.append(contentsOf: field)
                return 0
            }
            out.append(UInt8(ascii: "\""))
            for c in field {
                out.append(c)
                if c == UInt8(ascii: "\"") { out.append(c) }
            }
            out.append(UInt8(ascii: "\""))
            return newlines
        }
    }
}
