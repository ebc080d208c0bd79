/// Collects the text of the string items of `xl/sharedStrings.xml` (`<sst><si>...</si>`).
///
/// An item is plain (`<si><t>text</t></si>`) or rich text (`<si><r><rPr>...</rPr><t>a</t></r>
/// <r><t>b</t></r></si>`, the runs' texts joined); phonetic guides (`<rPh>`, East Asian
/// readings shown above the text) are not part of the value and are left out, as Excel does
/// when it exports. Each `<t>`'s `_xHHHH_` escapes are decoded.
struct XLSXSharedStringsParser: XMLPartHandler {
    /// The table, in item order (`t="s"` cells hold an index into it).
    var strings: [String] = []
    private var text: [UInt8] = []
    private var inItem = false
    private var inPhonetic = false
    /// Where the current `<t>`'s text starts in `text`, while inside one.
    private var textStart: Int?

    mutating func handle(_ token: XMLPullScanner.Token, _ b: UnsafeBufferPointer<UInt8>) throws -> Bool {
        switch token {
        case let .start(name, _, selfClosing):
            if XMLPullScanner.isNamed(b, name, "si") {
                text.removeAll(keepingCapacity: true)
                if selfClosing { strings.append("") } else { inItem = true }
            } else if XMLPullScanner.isNamed(b, name, "rPh") {
                inPhonetic = !selfClosing
            } else if XMLPullScanner.isNamed(b, name, "t"), inItem, !inPhonetic, !selfClosing {
                textStart = text.count
            }
        case let .end(name):
            if XMLPullScanner.isNamed(b, name, "t"), let start = textStart {
                XMLText.decodeOOXMLEscapes(&text, from: start)
                textStart = nil
            } else if XMLPullScanner.isNamed(b, name, "rPh") {
                inPhonetic = false
            } else if XMLPullScanner.isNamed(b, name, "si") {
                strings.append(String(decoding: text, as: UTF8.self))
                inItem = false
            }
        case let .text(range):
            if textStart != nil { try XMLText.appendDecoded(b, range, to: &text) }
        case let .cdata(range):
            if textStart != nil { text.append(contentsOf: UnsafeBufferPointer(rebasing: b[range])) }
        }
        return true
    }
}
