import Foundation
import Tabular
import TestSupport
import ZIPFoundation

/// Hand-built .xlsx packages: the XML of each part is written out here, zipped with
/// ZIPFoundation, so reader tests do not depend on our writer.
enum XLSXFixtures {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Styles: cellXfs 0 General, 1 built-in date 14 (`m/d/yyyy`), 2 custom `yyyy-mm-dd`
    /// (164), 3 custom currency `#,##0.00 "USD"` (165, not a date: the letters are quoted),
    /// 4 built-in `0.00` (2), 5 custom `[h]:mm` (166, elapsed time), 6 `[Red]0.0` (167).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(main)"><numFmts count="4">\
        <numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="#,##0.00 &quot;USD&quot;"/>\
        <numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="[Red]0.0"/></numFmts>\
        <fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>\
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>\
        <xf numFmtId="2"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs></styleSheet>
        """

    /// A workbook with the given sheets (name and the XML inside `<sheetData>`), shared
    /// strings and date system; sheet parts are `xl/worksheets/sheetN.xml` reached through
    /// relationship ids in reverse order, so the reader must follow them.
    static func workbook(sheets: [(name: String, sheetData: String)], sharedStrings: [String] = [],
                         date1904: Bool = false, rawSharedStrings: String? = nil) -> [(String, String)] {
        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """))
        parts.append(("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="/xl/workbook.xml"/></Relationships>
            """))
        let count = sheets.count
        let sheetList = sheets.enumerated().map { k, sheet in
            "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(count - k)\"/>"
        }.joined()
        parts.append(("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <workbook xmlns="\(main)" xmlns:r="\(relationships)"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/>\
            <sheets>\(sheetList)</sheets></workbook>
            """))
        var rels = sheets.indices.map { k in
            "<Relationship Id=\"rId\(count - k)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
        }
        rels.append("<Relationship Id=\"rIdS\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        rels.append("<Relationship Id=\"rIdT\" Type=\"\(relationships)/styles\" Target=\"../xl/styles.xml\"/>")
        parts.append(("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(rels.joined())</Relationships>
            """))
        let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined()
        parts.append(("xl/sharedStrings.xml", rawSharedStrings ?? """
            <?xml version="1.0" encoding="UTF-8"?><sst xmlns="\(main)" count="\(sharedStrings.count)" \
            uniqueCount="\(sharedStrings.count)">\(items)</sst>
            """))
        parts.append(("xl/styles.xml", styles))
        for (k, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(k + 1).xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="\(main)" xmlns:r="\(relationships)"><dimension ref="A1"/>\
                <sheetData>\(sheet.sheetData)</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" \
                header="0.3" footer="0.3"/></worksheet>
                """))
        }
        return parts
    }

    /// Zips `parts` (name, text) into the file `name` of `scratch`; returns its path.
    static func write(_ parts: [(String, String)], as name: String, in scratch: ScratchDirectory) throws -> String {
        let path = scratch.path(name)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (part, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: part, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                data.subdata(in: Int($0)..<(Int($0) + $1))
            }
        }
        return path
    }

    /// Writes a one-sheet workbook (`Sheet1`) and returns its path.
    static func sheet(_ sheetData: String, sharedStrings: [String] = [], date1904: Bool = false,
                      in scratch: ScratchDirectory, name: String = "book.xlsx") throws -> String {
        try write(workbook(sheets: [("Sheet1", sheetData)], sharedStrings: sharedStrings, date1904: date1904),
                  as: name, in: scratch)
    }

    /// XML-escapes `text` for element content and attributes.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Every row `forEachRow` reports: its number and fields (text and kind).
    static func rows(_ path: String, sheet: String? = nil) throws -> [(Int, [String], [XLSXCellKind])] {
        var result: [(Int, [String], [XLSXCellKind])] = []
        try XLSXWorkbook(path: path).forEachRow(sheet: sheet) { row in
            result.append((row.number, row.strings, (0..<row.count).map { row.kind(at: $0) }))
            return true
        }
        return result
    }

    /// The error text `body` throws, or nil.
    static func error(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
