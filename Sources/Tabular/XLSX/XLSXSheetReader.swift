extension XLSXWorkbook {
    /// Streams the rows of a worksheet that hold at least one value, in sheet order, as text
    /// fields (see `XLSXRow` and `XLSXCellKind`). Rows without a value (absent from the XML,
    /// or holding only empty or formatted cells) are not reported: compare `number`s to find
    /// gaps. `body` returns false to stop early.
    ///
    /// The sheet part is decompressed and scanned in 1 MiB chunks (`XMLPullScanner`); memory is
    /// one chunk, one row and the shared strings, whatever the sheet's size.
    ///
    /// Cells, by type (`t` attribute):
    /// - `s` (shared string), `inlineStr`, `str` (a formula's string result): the text,
    ///   `_xHHHH_` escapes decoded;
    /// - `b`: `TRUE` or `FALSE`;
    /// - `n` or none: a number, as `XLSXNumberText.plainDecimal`, or, when its cell format is a
    ///   date format (`XLSXStyles`), as `XLSXNumberText.dateText` in the workbook's date system;
    /// - `d`: an ISO 8601 date, `YYYY-MM-DD` when its time is midnight, else as written.
    ///
    /// - Parameter sheet: the sheet's name, or nil for the first sheet.
    /// - Throws: `InputError` for an unknown sheet (listing the sheets), or at `FILE:SHEET!CELL`
    ///   for: an error value (`t="e"`, such as `#N/A` or `#DIV/0!`); a formula without a cached
    ///   value (the file was written by a program that does not compute formulas: open and save
    ///   it in a spreadsheet); a number that is not a plain decimal; a shared-string index out
    ///   of range; a date serial that is not a date (see `XLSXNumberText.DateFailure`); rows or
    ///   cells out of order; an unknown cell type. Also whatever `body` throws.
    public func forEachRow(sheet: String? = nil, _ body: (XLSXRow) throws -> Bool) throws {
        let index = try sheetIndex(sheet)
        let found = try withoutActuallyEscaping(body) { body in
            var parser = SheetParser(workbook: self, sheet: sheetNames[index], body: body)
            return try package.scan(sheetParts[index], into: &parser)
        }
        guard found else {
            throw InputError(file: path, message: "malformed spreadsheet: no part \(sheetParts[index]) for sheet '\(sheetNames[index])'")
        }
    }
}

/// The worksheet state machine over the tokens of `<sheetData>`.
private struct SheetParser: XMLPartHandler {
    let workbook: XLSXWorkbook
    let sheet: String
    let body: (XLSXRow) throws -> Bool

    private var inSheetData = false
    private var row = XLSXRow()
    private var inRow = false
    /// The last row started, 0 before the first.
    private var lastRow = 0
    /// The column the next cell without an `r` attribute gets.
    private var nextColumn = 0

    // The current cell.
    private var inCell = false
    private var column = 0
    private var type: CellType = .number
    private var style = 0
    private var hasFormula = false
    private var hasValue = false
    private var value: [UInt8] = []
    /// Where the current `<v>` or `<t>` text starts in `value`, while inside one.
    private var textStart: Int?
    private var inInlineString = false
    private var inPhonetic = false
    /// Text of the date serials seen (by bit pattern), in the workbook's date system.
    private var dateTexts: [UInt64: String] = [:]

    private enum CellType { case number, sharedString, inlineString, formulaString, boolean, error, isoDate }

    init(workbook: XLSXWorkbook, sheet: String, body: @escaping (XLSXRow) throws -> Bool) {
        self.workbook = workbook
        self.sheet = sheet
        self.body = body
    }

    private func error(_ message: ParameterText, column: Int? = nil, value: String? = nil) -> InputError {
        InputError(file: workbook.path, sheetLocation: SheetLocation(sheet: sheet, row: row.number, column: column),
                   value: value, message: message)
    }

    mutating func handle(_ token: XMLPullScanner.Token, _ b: UnsafeBufferPointer<UInt8>) throws -> Bool {
        switch token {
        case let .start(name, attributes, selfClosing):
            if !inSheetData {
                if XMLPullScanner.isNamed(b, name, "sheetData") { inSheetData = !selfClosing }
            } else if inCell {
                try startInCell(b, name, selfClosing)
            } else if XMLPullScanner.isNamed(b, name, "c"), inRow {
                try startCell(b, attributes)
                if selfClosing { inCell = false }
            } else if XMLPullScanner.isNamed(b, name, "row") {
                try startRow(b, attributes)
                if selfClosing { return try endRow() }
            }
        case let .end(name):
            guard inSheetData else { break }
            if inCell {
                if XMLPullScanner.isNamed(b, name, "row") || XMLPullScanner.isNamed(b, name, "sheetData") {
                    throw XMLPullScanner.SyntaxError(message: "end of a row inside a cell", offset: name.lowerBound)
                } else if XMLPullScanner.isNamed(b, name, "c") {
                    try endCell()
                } else if XMLPullScanner.isNamed(b, name, "v") || XMLPullScanner.isNamed(b, name, "t"), let start = textStart {
                    if type != .number, type != .boolean { XMLText.decodeOOXMLEscapes(&value, from: start) }
                    textStart = nil
                } else if XMLPullScanner.isNamed(b, name, "rPh") {
                    inPhonetic = false
                } else if XMLPullScanner.isNamed(b, name, "is") {
                    inInlineString = false
                }
            } else if XMLPullScanner.isNamed(b, name, "row") {
                return try endRow()
            } else if XMLPullScanner.isNamed(b, name, "sheetData") {
                guard !inRow else { throw XMLPullScanner.SyntaxError(message: "end of the sheet data inside a row", offset: name.lowerBound) }
                inSheetData = false
                return false
            }
        case let .text(range):
            if textStart != nil { try XMLText.appendDecoded(b, range, to: &value) }
        case let .cdata(range):
            if textStart != nil { value.append(contentsOf: UnsafeBufferPointer(rebasing: b[range])) }
        }
        return true
    }

    /// The part ended without `</sheetData>`.
    func finish() throws {
        if inSheetData { throw XMLPullScanner.SyntaxError(message: "the part ends inside the sheet data", offset: -1) }
    }

    private mutating func startRow(_ b: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>) throws {
        var number = lastRow + 1
        if let r = try XMLPullScanner.attribute(b, attributes, "r") {
            let text = try XLSXPackage.decode(b, r)
            guard let parsed = Int(text), parsed >= 1, parsed <= SheetLocation.maximumRow else {
                row.number = lastRow + 1
                throw error("malformed row number", value: text)
            }
            number = parsed
        }
        row.reset(number: number)
        guard number > lastRow else { throw error("row out of order (after row \(lastRow))") }
        lastRow = number
        nextColumn = 0
        inRow = true
    }

    private mutating func endRow() throws -> Bool {
        inRow = false
        guard row.count > 0 else { return true }
        return try body(row)
    }

    private mutating func startCell(_ b: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>) throws {
        var reference: Range<Int>?, typeText: Range<Int>?, styleText: Range<Int>?
        try XMLPullScanner.forEachAttribute(b, attributes) { key, value in
            if XMLPullScanner.isNamed(b, key, "r") { reference = value }
            else if XMLPullScanner.isNamed(b, key, "t") { typeText = value }
            else if XMLPullScanner.isNamed(b, key, "s") { styleText = value }
        }
        column = nextColumn
        if let reference {
            guard let (cellRow, cellColumn) = SheetLocation.parseCellReference(UnsafeBufferPointer(rebasing: b[reference])),
                  cellRow == row.number else {
                throw error("malformed cell reference", value: try XLSXPackage.decode(b, reference))
            }
            column = cellColumn
        }
        guard column >= nextColumn, column <= SheetLocation.maximumColumn else {
            throw error("cell out of order in its row", column: min(column, SheetLocation.maximumColumn))
        }
        nextColumn = column + 1
        let typeName = try typeText.map { try XLSXPackage.decode(b, $0) } ?? "n"
        switch typeName {
        case "n": type = .number
        case "s": type = .sharedString
        case "inlineStr": type = .inlineString
        case "str": type = .formulaString
        case "b": type = .boolean
        case "e": type = .error
        case "d": type = .isoDate
        default: throw error("unknown cell type", column: column, value: typeName)
        }
        style = try styleText.flatMap { Int(try XLSXPackage.decode(b, $0)) } ?? 0
        hasFormula = false
        hasValue = false
        value.removeAll(keepingCapacity: true)
        textStart = nil
        inInlineString = false
        inPhonetic = false
        inCell = true
    }

    private mutating func startInCell(_ b: UnsafeBufferPointer<UInt8>, _ name: Range<Int>, _ selfClosing: Bool) throws {
        if XMLPullScanner.isNamed(b, name, "v") {
            hasValue = true
            if !selfClosing { textStart = value.count }
        } else if XMLPullScanner.isNamed(b, name, "f") {
            hasFormula = true
        } else if XMLPullScanner.isNamed(b, name, "is") {
            hasValue = true
            inInlineString = !selfClosing
        } else if XMLPullScanner.isNamed(b, name, "rPh") {
            inPhonetic = !selfClosing
        } else if XMLPullScanner.isNamed(b, name, "t"), inInlineString, !inPhonetic, !selfClosing {
            textStart = value.count
        }
    }

    /// Turns the finished cell into its field (see `XLSXWorkbook.forEachRow`).
    private mutating func endCell() throws {
        inCell = false
        var raw: String { String(decoding: value, as: UTF8.self) }
        // openpyxl and other writers that cannot compute formulas write `<v/>` (or no `<v>`);
        // only a string result can be empty.
        if hasFormula, !hasValue || (value.isEmpty && type != .formulaString && type != .inlineString) {
            throw error("formula without a cached value (save the file in a spreadsheet program so formulas are computed)",
                        column: column)
        }
        guard hasValue else { return }
        let kind: XLSXCellKind
        let text: String
        switch type {
        case .sharedString:
            guard let index = Int(raw), index >= 0, index < workbook.sharedStrings.count else {
                throw error("shared string index out of range", column: column, value: raw)
            }
            text = workbook.sharedStrings[index]
            kind = .text
        case .inlineString, .formulaString:
            text = raw
            kind = .text
        case .boolean:
            switch raw {
            case "1", "true": text = "TRUE"
            case "0", "false": text = "FALSE"
            default: throw error("malformed boolean cell", column: column, value: raw)
            }
            kind = .boolean
        case .error:
            throw error("spreadsheet error value in the cell", column: column, value: raw)
        case .isoDate:
            text = Self.isoDateText(raw)
            kind = .date
        case .number:
            if value.isEmpty { return }
            guard case let .value(number) = value.withUnsafeBufferPointer({ StrictDecimal.parse($0) }) else {
                throw error("not a plain decimal number in a numeric cell", column: column, value: raw)
            }
            if workbook.styles.isDate(style: style) {
                if let known = dateTexts[number.bitPattern] {
                    text = known
                } else {
                    do {
                        text = try XLSXNumberText.dateText(serial: number, system: workbook.dateSystem)
                    } catch let failure as XLSXNumberText.DateFailure {
                        throw error(ParameterText(failure.message), column: column, value: raw)
                    }
                    // Ledgers repeat few distinct dates: keep their text (a bounded cache).
                    if dateTexts.count >= 1 << 16 { dateTexts.removeAll(keepingCapacity: true) }
                    dateTexts[number.bitPattern] = text
                }
                kind = .date
            } else if Self.isCanonicalInteger(value) {
                // `12345` is already what `plainDecimal` would write: copy the bytes.
                row.bytes.append(contentsOf: value)
                row.closeField(column: column, kind: .number)
                return
            } else {
                text = XLSXNumberText.plainDecimal(number)
                kind = .number
            }
        }
        if text.isEmpty { return }
        row.bytes.append(contentsOf: text.utf8)
        row.closeField(column: column, kind: kind)
    }

    /// `true` for `0` or `[-]D...` without a leading zero and at most 15 digits: the text
    /// `XLSXNumberText.plainDecimal` gives for that integer (`-0` is not: it gives `0`).
    static func isCanonicalInteger(_ bytes: [UInt8]) -> Bool {
        let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        guard let first = digits.first, digits.count <= 15,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return first != UInt8(ascii: "0") || (digits.count == 1 && digits.count == bytes.count)
    }

    /// The text of an ISO 8601 date cell: the date alone when the time is midnight.
    static func isoDateText(_ raw: String) -> String {
        for midnight in ["T00:00:00", "T00:00:00Z", "T00:00:00.000", "T00:00:00.000Z"] where raw.hasSuffix(midnight) {
            let date = raw.dropLast(midnight.count)
            if CalendarDay(iso: date) != nil { return String(date) }
        }
        return raw
    }
}
