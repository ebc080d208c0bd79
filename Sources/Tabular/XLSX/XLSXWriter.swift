import Foundation
import ZIPFoundation

/// One cell of an .xlsx export.
public enum XLSXCell: Equatable, Sendable {
    /// A string, always stored as a string (an inline string), never as a formula, even when
    /// it starts with `=`: spreadsheets show it as typed. Text starting with `=`, `+`, `-` or
    /// `@` also gets the "quote prefix" cell format, so editing the cell keeps it text.
    /// Characters XML cannot carry are escaped as Excel does (see `XMLText.appendEscaped`).
    case text(String)
    /// A number shown with `format`. Must be finite.
    case number(Double, XLSXNumberFormat = .general)
    /// A date, stored as a 1900-system day serial with the format `yyyy-mm-dd`. A day before
    /// 1900-01-01 or after 9999-12-31, which no serial can hold, is written as ISO text.
    case date(CalendarDay)
    /// A fraction shown as a percentage with one decimal (`0.125` shows `12.5%`). Must be finite.
    case percent(Double)
    /// An amount shown with two decimals, thousands separators and the currency code after
    /// it (`1,234.50 EUR`); the code is shown literally (quotes and backslashes dropped).
    /// Must be finite.
    case currency(Double, code: String)
    /// `TRUE` or `FALSE`.
    case boolean(Bool)
    /// No cell.
    case empty
}

/// How a number cell is shown (the value stored is always the full `Double`).
public enum XLSXNumberFormat: Hashable, Sendable {
    /// Excel's `General`: as many digits as fit.
    case general
    /// Thousands separators and exactly `n` decimals (`#,##0.00` for 2; `#,##0` for 0).
    case decimals(Int)
}

/// A three-colour scale (conditional formatting) over a block of data cells: the lowest value
/// gets `low`, the median (50th percentile) `middle`, the highest `high`, values in between a
/// blend. Colours are `RRGGBB` hex; the defaults are Excel's red-yellow-green scale.
public struct XLSXColorScale: Equatable, Sendable {
    /// 0-based columns the scale covers.
    public var columns: ClosedRange<Int>
    /// 0-based data rows (the header not counted) it covers; nil for all of them.
    public var rows: ClosedRange<Int>?
    /// The colour of the lowest value, `RRGGBB`.
    public var low: String
    /// The colour of the median, `RRGGBB`.
    public var middle: String
    /// The colour of the highest value, `RRGGBB`.
    public var high: String

    /// A scale over `columns` of `rows` (all data rows when nil), Excel's red-yellow-green by default.
    public init(columns: ClosedRange<Int>, rows: ClosedRange<Int>? = nil,
                low: String = "F8696B", middle: String = "FFEB84", high: String = "63BE7B") {
        self.columns = columns
        self.rows = rows
        self.low = low
        self.middle = middle
        self.high = high
    }
}

/// One worksheet of an export: a bold header row, then data rows of exactly `header.count`
/// cells.
public struct XLSXSheet: Equatable, Sendable {
    /// The tab name: 1 to 31 characters, none of `: \ / ? * [ ]`, not starting or ending with
    /// `'`, not `History`, unique in the workbook ignoring case (Excel's rules).
    public var name: String
    /// Column titles, written as bold text cells in row 1.
    public var header: [String]
    /// Data rows, written from row 2.
    public var rows: [[XLSXCell]]
    /// Column widths in characters; nil sizes each column to its longest cell (header
    /// included), between 8 and 60 characters.
    public var columnWidths: [Double]?
    /// Keep the header row visible while scrolling (a frozen pane below row 1).
    public var freezeHeader: Bool
    /// An autofilter (sort and filter buttons) over the header and the data.
    public var autoFilter: Bool
    /// Colour scales over blocks of data.
    public var colorScales: [XLSXColorScale]

    /// A sheet with a frozen, filterable header and automatic widths unless told otherwise.
    public init(name: String, header: [String], rows: [[XLSXCell]], columnWidths: [Double]? = nil,
                freezeHeader: Bool = true, autoFilter: Bool = true, colorScales: [XLSXColorScale] = []) {
        self.name = name
        self.header = header
        self.rows = rows
        self.columnWidths = columnWidths
        self.freezeHeader = freezeHeader
        self.autoFilter = autoFilter
        self.colorScales = colorScales
    }
}

/// A sheet, cell or option the writer cannot put into a workbook (a caller's mistake, such as
/// an invalid sheet name, a ragged row or a NaN). `description` is one line.
public struct XLSXWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, naming the sheet and cell.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// A minimal, deterministic Office Open XML (ECMA-376) workbook writer.
///
/// The package: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml` and `app.xml`
/// (creator `ar-segment`, created and modified 1980-01-01T00:00:00Z), `xl/workbook.xml` (the
/// sheets in order, `_xlnm._FilterDatabase` names for autofilters), its relationships,
/// `xl/styles.xml` (bold header font, the quote-prefix, date, percentage, number and currency
/// formats actually used, numbered in order of first use) and one `xl/worksheets/sheetN.xml`
/// per sheet. Every ZIP entry is deflated and dated 1980-01-01 00:00:00 (the earliest DOS
/// date) with mode 0644, so the same sheets give byte-identical files. Nothing depends on
/// the clock, the locale or the time zone.
///
/// The result opens in LibreOffice Calc and openpyxl with every value as written
/// (`scripts/checks/xlsx` checks both); the parts follow the schema's element order, as
/// Excel requires.
///
/// Memory: the sheets' XML and the compressed file are built in memory (measured: 200,000
/// rows of 8 cells, 9 MB on disk, 2.6 s and 250 MB peak with the rows themselves), which
/// suits reports and worklists; it is not a streaming writer.
public enum XLSXWriter {
    /// The fixed date of every entry and of the document properties.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800) // 1980-01-01T00:00:00Z
    static let fixedTimestamp = "1980-01-01T00:00:00Z"

    /// The .xlsx file's bytes.
    /// - Throws: `XLSXWriteError` for an invalid sheet name or colour, a row whose length is
    ///   not the header's, a non-finite number, or a sheet past Excel's 1048576 rows or 16384
    ///   columns.
    public static func data(_ sheets: [XLSXSheet]) throws -> [UInt8] {
        try validate(sheets)
        var styles = StyleTable()
        let sheetParts = sheets.enumerated().map { index, sheet in
            sheetXML(sheet, index: index, styles: &styles)
        }
        var parts: [(name: String, bytes: [UInt8])] = [
            ("[Content_Types].xml", contentTypesXML(sheetCount: sheets.count)),
            ("_rels/.rels", rootRelationshipsXML()),
            ("docProps/app.xml", appXML()),
            ("docProps/core.xml", coreXML()),
            ("xl/workbook.xml", workbookXML(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationshipsXML(sheetCount: sheets.count)),
            ("xl/styles.xml", styles.xml()),
        ]
        for (index, part) in sheetParts.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", part)) }
        return try zip(parts)
    }

    /// Writes the workbook to `path` atomically (`AtomicFile`: a temporary file renamed over
    /// the destination; the old file is intact on any failure).
    /// - Parameter inputs: files this run reads; writing over one of them is refused.
    /// - Throws: `XLSXWriteError` (see `data(_:)`), or `OutputError` naming `path`.
    public static func write(_ sheets: [XLSXSheet], to path: String, inputs: [String] = []) throws {
        try AtomicFile.write(data(sheets), to: path, inputs: inputs)
    }

    /// Deflates `parts` into a ZIP archive in memory, in order, with fixed dates and modes.
    static func zip(_ parts: [(name: String, bytes: [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            let data = Data(part.bytes)
            try archive.addEntry(with: part.name, type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: fixedDate, permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let data = archive.data else { throw XLSXWriteError(message: "cannot build the ZIP archive in memory") }
        return [UInt8](data)
    }

    /// Excel's rules for sheet names and sizes, colours and row lengths.
    static func validate(_ sheets: [XLSXSheet]) throws {
        guard !sheets.isEmpty else { throw XLSXWriteError(message: "a workbook needs at least one sheet") }
        var seen = Set<String>()
        for sheet in sheets {
            let name = sheet.name
            func fail(_ why: String) -> XLSXWriteError { XLSXWriteError(message: "sheet name '\(name)': \(why)") }
            guard !name.isEmpty, name.utf16.count <= 31 else { throw fail("must have 1 to 31 characters") }
            guard !name.contains(where: { ":\\/?*[]".contains($0) }) else { throw fail("must not contain any of : \\ / ? * [ ]") }
            guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }) else {
                throw fail("must not contain control characters")
            }
            guard !name.hasPrefix("'"), !name.hasSuffix("'") else { throw fail("must not start or end with an apostrophe") }
            guard name.lowercased() != "history" else { throw fail("is reserved by Excel") }
            guard seen.insert(name.lowercased()).inserted else { throw fail("is used twice (names ignore case)") }
            guard sheet.rows.count < SheetLocation.maximumRow else {
                throw XLSXWriteError(message: "sheet '\(name)': \(sheet.rows.count) rows do not fit in a sheet (1048575 at most)")
            }
            guard sheet.header.count <= SheetLocation.maximumColumn + 1 else {
                throw XLSXWriteError(message: "sheet '\(name)': \(sheet.header.count) columns do not fit in a sheet (16384 at most)")
            }
            if let widths = sheet.columnWidths, widths.count != sheet.header.count || widths.contains(where: { !($0 > 0 && $0 <= 255) }) {
                throw XLSXWriteError(message: "sheet '\(name)': column widths must be one per column, each in (0, 255]")
            }
            for (index, row) in sheet.rows.enumerated() {
                let location = SheetLocation(sheet: name, row: index + 2)
                guard row.count == sheet.header.count else {
                    throw XLSXWriteError(message: "\(location): expected \(sheet.header.count) cells, found \(row.count)")
                }
                for (column, cell) in row.enumerated() {
                    func fail(_ why: String) -> XLSXWriteError {
                        XLSXWriteError(message: "\(SheetLocation(sheet: name, row: index + 2, column: column)): \(why)")
                    }
                    switch cell {
                    case let .number(value, format):
                        guard value.isFinite else { throw fail("non-finite number \(value)") }
                        if case let .decimals(n) = format, !(0...30).contains(n) { throw fail("decimals must be 0...30, not \(n)") }
                    case let .percent(value), let .currency(value, _):
                        guard value.isFinite else { throw fail("non-finite number \(value)") }
                    default:
                        break
                    }
                }
            }
            for scale in sheet.colorScales {
                for color in [scale.low, scale.middle, scale.high] where color.count != 6 || UInt32(color, radix: 16) == nil {
                    throw XLSXWriteError(message: "sheet '\(name)': colour '\(color)' is not RRGGBB hex")
                }
                guard scale.columns.lowerBound >= 0, scale.columns.upperBound < max(sheet.header.count, 1),
                      scale.rows.map({ $0.lowerBound >= 0 && $0.upperBound < sheet.rows.count }) ?? true else {
                    throw XLSXWriteError(message: "sheet '\(name)': colour scale outside the sheet's data")
                }
            }
        }
    }
}
