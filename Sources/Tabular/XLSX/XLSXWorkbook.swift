import Foundation
import ZIPFoundation

/// An Excel workbook (.xlsx, Office Open XML SpreadsheetML, ECMA-376) opened for reading.
///
/// Opening reads the package's small parts: `_rels/.rels` (where the workbook part is,
/// normally `xl/workbook.xml`), the workbook (sheet names in tab order, each sheet's
/// relationship id, and the `date1904` flag), the workbook's relationships (each sheet's part,
/// the shared strings and styles parts), the shared-string table (every string in memory) and
/// the styles (which cell formats show dates, see `XLSXStyles`). Sheets themselves are
/// streamed row by row (`forEachRow`), never held whole.
///
/// Errors are `InputError`s naming the file: not a ZIP archive, a ZIP without a workbook, a
/// part that is malformed XML (`FILE: malformed spreadsheet part xl/worksheets/sheet1.xml:
/// ...`), an unknown sheet name (listing the sheets), and every cell problem at its
/// `FILE:SHEET!CELL`.
public final class XLSXWorkbook {
    /// The file as the user named it, used in every error.
    public let path: String
    /// The worksheets' names in tab order (chart sheets excluded; hidden sheets included).
    public let sheetNames: [String]
    /// The workbook's date system (`<workbookPr date1904="1"/>` selects the 1904 system).
    public let dateSystem: XLSXNumberText.DateSystem

    /// The package the parts are read from.
    let package: XLSXPackage
    /// The ZIP path of each sheet in `sheetNames`.
    let sheetParts: [String]
    /// The shared-string table (`t="s"` cells index it), `_xHHHH_` escapes decoded.
    let sharedStrings: [String]
    /// The cell formats (`s` attributes index them) and whether each shows a date.
    let styles: XLSXStyles

    /// Opens the workbook at `path` and reads its sheet list, shared strings and styles.
    /// - Throws: `InputError` naming `path` when the file cannot be read, is not an .xlsx
    ///   package, or one of those parts is malformed.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "cannot open: No such file or directory")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, message: "is a directory, not an .xlsx file") }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw InputError(file: path, message: "not an .xlsx file (cannot read it as a ZIP archive)")
        }
        let package = XLSXPackage(archive: archive, path: path)
        self.package = package
        let workbookPart = try package.relationships(of: "").first { $0.type.hasSuffix("/officeDocument") }?.target
            ?? "xl/workbook.xml"
        guard let workbookBytes = try package.bytes(of: workbookPart) else {
            throw InputError(file: path, message: "not an .xlsx file (no workbook part \(workbookPart))")
        }
        let workbook = try package.parse(workbookBytes, part: workbookPart) { try WorkbookPart.parse($0) }
        let relationships = try package.relationships(of: workbookPart)
        var names: [String] = [], parts: [String] = []
        for sheet in workbook.sheets {
            guard let relationship = relationships.first(where: { $0.id == sheet.relationshipId }) else {
                throw InputError(file: path, message: "malformed spreadsheet: sheet '\(sheet.name)' has no part")
            }
            guard relationship.type.hasSuffix("/worksheet") else { continue }
            names.append(sheet.name)
            parts.append(relationship.target)
        }
        sheetNames = names
        sheetParts = parts
        dateSystem = workbook.uses1904 ? .from1904 : .from1900
        if let part = relationships.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target {
            var parser = XLSXSharedStringsParser()
            _ = try package.scan(part, into: &parser)
            sharedStrings = parser.strings
        } else {
            sharedStrings = []
        }
        if let part = relationships.first(where: { $0.type.hasSuffix("/styles") })?.target,
           let bytes = try package.bytes(of: part) {
            styles = try package.parse(bytes, part: part) { try XLSXStyles.parse($0) }
        } else {
            styles = XLSXStyles(dateFormats: [])
        }
    }

    /// The index in `sheetNames` of the sheet named `name` (exactly), or of the first sheet
    /// when `name` is nil.
    /// - Throws: `InputError` for a workbook without worksheets, or an unknown name (the
    ///   message lists the sheets, in tab order).
    public func sheetIndex(_ name: String?) throws -> Int {
        guard !sheetNames.isEmpty else { throw InputError(file: path, message: "the workbook has no worksheet") }
        guard let name else { return 0 }
        guard let index = sheetNames.firstIndex(of: name) else {
            let list = sheetNames.map { "'\($0)'" }.joined(separator: ", ")
            throw InputError(file: path, value: name, message: "no sheet of that name; the workbook's sheets are \(list)")
        }
        return index
    }
}

/// What `xl/workbook.xml` says: the sheets in tab order and the date system.
struct WorkbookPart {
    var sheets: [(name: String, relationshipId: String)] = []
    var uses1904 = false

    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws -> WorkbookPart {
        var result = WorkbookPart()
        var scanner = XMLPullScanner()
        while let token = try scanner.next(b, final: true) {
            guard case let .start(name, attributes, _) = token else { continue }
            if XMLPullScanner.isNamed(b, name, "workbookPr") {
                if let value = try XMLPullScanner.attribute(b, attributes, "date1904") {
                    let text = try XLSXPackage.decode(b, value)
                    result.uses1904 = text == "1" || text == "true"
                }
            } else if XMLPullScanner.isNamed(b, name, "sheet") {
                guard let sheetName = try XMLPullScanner.attribute(b, attributes, "name"),
                      let id = try XMLPullScanner.attribute(b, attributes, "id") else {
                    throw XMLPullScanner.SyntaxError(message: "sheet without a name or relationship id", offset: name.lowerBound)
                }
                result.sheets.append((try XLSXPackage.decode(b, sheetName), try XLSXPackage.decode(b, id)))
            }
        }
        return result
    }
}
