extension XLSXWriter {
    /// The workbook's cell formats (`cellXfs` of `xl/styles.xml`): three fixed ones, then one
    /// per number format in order of first use, so the same cells always give the same file.
    struct StyleTable {
        /// A number format a cell can need.
        enum Format: Hashable {
            case date
            case percent
            case decimals(Int)
            case currency(String)

            /// The Excel format code.
            var code: String {
                switch self {
                case .date: return "yyyy-mm-dd"
                case .percent: return "0.0%"
                case let .decimals(n): return n == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: n)
                case let .currency(code): return code.isEmpty ? "#,##0.00" : "#,##0.00 \"\(code)\""
                }
            }
        }

        /// `cellXfs` 0: Excel's default format.
        static let plain = 0
        /// `cellXfs` 1: the header's bold font.
        static let header = 1
        /// `cellXfs` 2: text with the quote prefix (shown and edited as text).
        static let quotePrefix = 2
        /// First id Excel leaves to custom number formats.
        static let firstCustomFormat = 164

        private(set) var formats: [Format] = []
        private var index: [Format: Int] = [:]

        /// The `s` attribute of a cell shown with `format`, registering it on first use.
        mutating func style(_ format: Format) -> Int {
            if let known = index[format] { return known }
            let style = 3 + formats.count
            formats.append(format)
            index[format] = style
            return style
        }

        /// The style of a cell, or `plain`.
        mutating func style(of cell: XLSXCell) -> Int {
            switch cell {
            case let .text(text):
                guard let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) else { return Self.plain }
                return Self.quotePrefix
            case let .number(_, format):
                guard case let .decimals(n) = format else { return Self.plain }
                return style(.decimals(n))
            case .date: return style(.date)
            case .percent: return style(.percent)
            case let .currency(_, code): return style(.currency(Self.literal(code)))
            case .boolean, .empty: return Self.plain
            }
        }

        /// A currency code as a format literal: without quotes, backslashes and control characters.
        static func literal(_ code: String) -> String {
            String(String.UnicodeScalarView(code.unicodeScalars.filter { $0 != "\"" && $0 != "\\" && $0.value >= 0x20 }))
        }

        /// `xl/styles.xml`.
        func xml() -> [UInt8] {
            var out = Array(xmlDeclaration.utf8)
            out += "<styleSheet xmlns=\"\(spreadsheetNamespace)\">".utf8
            if !formats.isEmpty {
                out += "<numFmts count=\"\(formats.count)\">".utf8
                for (k, format) in formats.enumerated() {
                    out += "<numFmt numFmtId=\"\(Self.firstCustomFormat + k)\" formatCode=\"".utf8
                    XMLText.appendAttribute(format.code, to: &out)
                    out += "\"/>".utf8
                }
                out += "</numFmts>".utf8
            }
            out += """
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
                <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
                """.utf8
            out += "<cellXfs count=\"\(3 + formats.count)\">".utf8
            out += """
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>
                """.utf8
            for k in formats.indices {
                out += "<xf numFmtId=\"\(Self.firstCustomFormat + k)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>".utf8
            }
            out += """
                </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                <dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>\
                </styleSheet>
                """.utf8
            return out
        }
    }
}
