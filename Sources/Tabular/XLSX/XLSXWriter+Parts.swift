let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
let spreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
private let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

/// The package parts around the sheets (ECMA-376 Part 1, 12.3 and Part 2).
extension XLSXWriter {
    static func contentTypesXML(sheetCount: Int) -> [UInt8] {
        var out = Array(xmlDeclaration.utf8)
        out += """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
            """.utf8
        for k in 1...sheetCount {
            out += """
                <Override PartName="/xl/worksheets/sheet\(k).xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                """.utf8
        }
        out += "</Types>".utf8
        return out
    }

    static func rootRelationshipsXML() -> [UInt8] {
        Array((xmlDeclaration + """
            <Relationships xmlns="\(packageRelationshipsNamespace)">\
            <Relationship Id="rId1" Type="\(relationshipsNamespace)/officeDocument" Target="xl/workbook.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
            Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="\(relationshipsNamespace)/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """).utf8)
    }

    /// The document properties, with the fixed creation and modification time.
    static func coreXML() -> [UInt8] {
        Array((xmlDeclaration + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:creator>ar-segment</dc:creator>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(fixedTimestamp)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(fixedTimestamp)</dcterms:modified>\
            </cp:coreProperties>
            """).utf8)
    }

    static func appXML() -> [UInt8] {
        Array((xmlDeclaration + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>ar-segment</Application></Properties>
            """).utf8)
    }

    /// The sheets in tab order (relationship `rIdN` is sheet N) and, for each autofilter, the
    /// hidden `_xlnm._FilterDatabase` name Excel keeps beside it.
    static func workbookXML(_ sheets: [XLSXSheet]) -> [UInt8] {
        var out = Array(xmlDeclaration.utf8)
        out += "<workbook xmlns=\"\(spreadsheetNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">".utf8
        out += "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>".utf8
        for (k, sheet) in sheets.enumerated() {
            out += "<sheet name=\"".utf8
            XMLText.appendAttribute(sheet.name, to: &out)
            out += "\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>".utf8
        }
        out += "</sheets>".utf8
        let filtered = sheets.enumerated().filter { $0.element.autoFilter && !$0.element.header.isEmpty }
        if !filtered.isEmpty {
            out += "<definedNames>".utf8
            for (k, sheet) in filtered {
                out += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(k)\" hidden=\"1\">".utf8
                let last = SheetLocation.columnLetters(sheet.header.count - 1)
                XMLText.appendEscaped("\(SheetLocation.quotedSheetName(sheet.name))!$A$1:$\(last)$\(sheet.rows.count + 1)", to: &out)
                out += "</definedName>".utf8
            }
            out += "</definedNames>".utf8
        }
        out += "</workbook>".utf8
        return out
    }

    static func workbookRelationshipsXML(sheetCount: Int) -> [UInt8] {
        var out = Array(xmlDeclaration.utf8)
        out += "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">".utf8
        for k in 1...sheetCount {
            out += "<Relationship Id=\"rId\(k)\" Type=\"\(relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\(k).xml\"/>".utf8
        }
        out += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipsNamespace)/styles\" Target=\"styles.xml\"/>".utf8
        out += "</Relationships>".utf8
        return out
    }
}
