/// A place in a worksheet, written in Excel's own A1 notation so a user can paste it into
/// the Name Box (or LibreOffice's Name Box) and land on it.
///
/// `description`:
/// - a cell: `Sheet1!D14` (column letters `A`...`XFD`, then the 1-based row);
/// - a whole row: `Sheet1!14:14`;
/// - a whole column: `Sheet1!D:D`;
/// - the sheet itself: `Sheet1`.
///
/// A sheet name that is not a plain identifier is quoted as Excel quotes it, inner
/// apostrophes doubled: `'Q1 ledger'!B2`, `'Bob''s'!A1`, `'Q1'!A1` (see `quotedSheetName`).
public struct SheetLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The sheet's name as the workbook gives it.
    public var sheet: String
    /// 1-based row number, as Excel shows it, or nil for a whole column or the sheet.
    public var row: Int?
    /// 0-based column index (0 is `A`, 25 is `Z`, 26 is `AA`), or nil for a whole row or the sheet.
    public var column: Int?

    /// A cell (row and column), a row, a column or the sheet (see the type's documentation).
    public init(sheet: String, row: Int? = nil, column: Int? = nil) {
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    /// `SHEET!CELL`, `SHEET!ROW:ROW`, `SHEET!COL:COL` or `SHEET`.
    public var description: String {
        let name = Self.quotedSheetName(sheet)
        switch (row, column) {
        case let (row?, column?): return "\(name)!\(Self.columnLetters(column))\(row)"
        case let (row?, nil): return "\(name)!\(row):\(row)"
        case let (nil, column?): return "\(name)!\(Self.columnLetters(column)):\(Self.columnLetters(column))"
        case (nil, nil): return name
        }
    }

    /// The column letters of 0-based column `index`: `A` for 0, `Z` for 25, `AA` for 26,
    /// `XFD` for 16383 (Excel's last column). Bijective base 26.
    public static func columnLetters(_ index: Int) -> String {
        precondition(index >= 0, "column index must not be negative")
        var n = index + 1
        var letters: [UInt8] = []
        while n > 0 {
            let digit = (n - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(digit))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// Excel's last column (`XFD`), 0-based.
    public static let maximumColumn = 16383
    /// Excel's last row, 1-based.
    public static let maximumRow = 1_048_576

    /// Parses the A1 reference of a cell's `r` attribute (`D14`; never `$D$14` there): the
    /// 1-based row and the 0-based column, or nil when `bytes` is not letters then digits,
    /// the column is past `XFD`, or the row is 0 or past 1048576.
    static func parseCellReference(_ bytes: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
        var i = 0
        var column = 0
        while i < bytes.count {
            var c = bytes[i]
            if c >= UInt8(ascii: "a"), c <= UInt8(ascii: "z") { c -= 32 }
            guard c >= UInt8(ascii: "A"), c <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(c - UInt8(ascii: "A")) + 1
            guard column <= maximumColumn + 1 else { return nil }
            i += 1
        }
        guard i > 0, i < bytes.count else { return nil }
        var row = 0
        while i < bytes.count {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            row = row * 10 + Int(digit)
            guard row <= maximumRow else { return nil }
            i += 1
        }
        guard row >= 1 else { return nil }
        return (row, column - 1)
    }

    /// `name` as it appears before `!` in a reference: bare when it is only ASCII letters,
    /// digits, `_` and `.`, starts with a letter or `_`, and could not be read as a cell
    /// reference (`Q1`) or an R1C1 one (`R2C3`, `C`); else in apostrophes with inner
    /// apostrophes doubled, as Excel writes it.
    public static func quotedSheetName(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        let simple = !scalars.isEmpty && (isLetter(scalars[0]) || scalars[0] == "_")
            && scalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "." }
        let utf8 = Array(name.utf8)
        let a1 = utf8.withUnsafeBufferPointer { parseCellReference($0) } != nil
        let r1c1 = scalars.allSatisfy { isDigit($0) || "RrCc".unicodeScalars.contains($0) }
            && !scalars.isEmpty && !isDigit(scalars[0])
        if simple, !a1, !r1c1 { return name }
        var quoted = "'"
        for character in name {
            quoted.append(character)
            if character == "'" { quoted.append("'") }
        }
        return quoted + "'"
    }
}
