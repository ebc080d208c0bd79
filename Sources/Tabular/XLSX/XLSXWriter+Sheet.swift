extension XLSXWriter {
    /// `xl/worksheets/sheetN.xml` of `sheet`, the N-1th (elements in the order the schema,
    /// `CT_Worksheet`, requires: dimension, sheetViews, sheetFormatPr, cols, sheetData,
    /// autoFilter, conditionalFormatting, pageMargins).
    static func sheetXML(_ sheet: XLSXSheet, index: Int, styles: inout StyleTable) -> [UInt8] {
        let columns = sheet.header.count
        let letters = (0..<max(columns, 1)).map { Array(SheetLocation.columnLetters($0).utf8) }
        let lastRow = sheet.rows.count + 1
        let lastColumn = String(decoding: letters[max(columns, 1) - 1], as: UTF8.self)
        var out = Array(xmlDeclaration.utf8)
        out += "<worksheet xmlns=\"\(spreadsheetNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">".utf8
        out += "<dimension ref=\"A1:\(lastColumn)\(lastRow)\"/>".utf8
        out += "<sheetViews><sheetView \(index == 0 ? "tabSelected=\"1\" " : "")workbookViewId=\"0\">".utf8
        if sheet.freezeHeader {
            out += """
                <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
                <selection pane="bottomLeft" activeCell="A2" sqref="A2"/>
                """.utf8
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>".utf8
        if columns > 0 {
            out += "<cols>".utf8
            let widths = sheet.columnWidths ?? (0..<columns).map { autoWidth(sheet, column: $0) }
            for (k, width) in widths.enumerated() {
                out += "<col min=\"\(k + 1)\" max=\"\(k + 1)\" width=\"\(XLSXNumberText.plainDecimal(width))\" customWidth=\"1\"/>".utf8
            }
            out += "</cols>".utf8
        }
        out += "<sheetData>".utf8
        out += "<row r=\"1\">".utf8
        for (k, title) in sheet.header.enumerated() {
            appendText(title, reference: letters[k], row: 1, style: StyleTable.header, to: &out)
        }
        out += "</row>".utf8
        for (r, cells) in sheet.rows.enumerated() {
            let row = r + 2
            out += "<row r=\"\(row)\">".utf8
            for (k, cell) in cells.enumerated() {
                appendCell(cell, reference: letters[k], row: row, styles: &styles, to: &out)
            }
            out += "</row>".utf8
        }
        out += "</sheetData>".utf8
        if sheet.autoFilter, columns > 0 {
            out += "<autoFilter ref=\"A1:\(lastColumn)\(lastRow)\"/>".utf8
        }
        for (k, scale) in sheet.colorScales.enumerated() {
            let rows = scale.rows.map { ($0.lowerBound + 2)...($0.upperBound + 2) } ?? 2...max(lastRow, 2)
            let first = SheetLocation.columnLetters(scale.columns.lowerBound)
            let last = SheetLocation.columnLetters(scale.columns.upperBound)
            out += """
                <conditionalFormatting sqref="\(first)\(rows.lowerBound):\(last)\(rows.upperBound)">\
                <cfRule type="colorScale" priority="\(k + 1)"><colorScale>\
                <cfvo type="min"/><cfvo type="percentile" val="50"/><cfvo type="max"/>\
                <color rgb="FF\(scale.low.uppercased())"/><color rgb="FF\(scale.middle.uppercased())"/>\
                <color rgb="FF\(scale.high.uppercased())"/></colorScale></cfRule></conditionalFormatting>
                """.utf8
        }
        out += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>".utf8
        out += "</worksheet>".utf8
        return out
    }

    /// Appends `<c r="B7" ...>` for one data cell (nothing for `.empty`).
    static func appendCell(_ cell: XLSXCell, reference: [UInt8], row: Int, styles: inout StyleTable, to out: inout [UInt8]) {
        let style = styles.style(of: cell)
        func open(_ type: String?) {
            out += "<c r=\"".utf8
            out += reference
            out += "\(row)\"".utf8
            if style != StyleTable.plain { out += " s=\"\(style)\"".utf8 }
            if let type { out += " t=\"\(type)\"".utf8 }
            out += ">".utf8
        }
        func number(_ value: Double) {
            open(nil)
            out += "<v>\(XLSXNumberText.plainDecimal(value))</v></c>".utf8
        }
        switch cell {
        case .empty:
            return
        case let .text(text):
            appendText(text, reference: reference, row: row, style: style, to: &out)
        case let .number(value, _), let .percent(value), let .currency(value, _):
            number(value)
        case let .date(day):
            if let serial = XLSXNumberText.serial1900(day) {
                open(nil)
                out += "<v>\(serial)</v></c>".utf8
            } else {
                appendText(day.description, reference: reference, row: row, style: StyleTable.plain, to: &out)
            }
        case let .boolean(value):
            open("b")
            out += "<v>\(value ? 1 : 0)</v></c>".utf8
        }
    }

    /// Appends an inline-string cell (never a formula; see `XMLText.appendEscaped`).
    static func appendText(_ text: String, reference: [UInt8], row: Int, style: Int, to out: inout [UInt8]) {
        out += "<c r=\"".utf8
        out += reference
        out += "\(row)\"".utf8
        if style != StyleTable.plain { out += " s=\"\(style)\"".utf8 }
        out += " t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8
        XMLText.appendEscaped(text, to: &out)
        out += "</t></is></c>".utf8
    }

    /// A column's width from its longest shown cell (header included): that many characters
    /// plus 2 for the filter button and padding, between 8 and 60.
    static func autoWidth(_ sheet: XLSXSheet, column: Int) -> Double {
        var longest = sheet.header[column].count + (sheet.autoFilter ? 2 : 0)
        for row in sheet.rows {
            longest = max(longest, shownLength(row[column]))
        }
        return Double(min(max(longest + 2, 8), 60))
    }

    /// Roughly how many characters a cell shows.
    static func shownLength(_ cell: XLSXCell) -> Int {
        func grouped(_ value: Double, decimals: Int) -> Int {
            let digits = String(Int64(min(abs(value), 1e18))).count
            return digits + (digits - 1) / 3 + (decimals > 0 ? decimals + 1 : 0) + (value < 0 ? 1 : 0)
        }
        switch cell {
        case let .text(text): return text.split(separator: "\n").map(\.count).max() ?? 0
        case let .number(value, .general): return min(XLSXNumberText.plainDecimal(value).count, 11)
        case let .number(value, .decimals(n)): return grouped(value, decimals: n)
        case .date: return 10
        case let .percent(value): return grouped(value * 100, decimals: 1) + 1
        case let .currency(value, code): return grouped(value, decimals: 2) + 1 + code.count
        case .boolean: return 5
        case .empty: return 0
        }
    }
}
