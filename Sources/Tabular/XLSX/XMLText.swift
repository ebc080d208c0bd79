/// Text inside spreadsheet XML, both ways.
///
/// Reading: XML entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#NN;`, `&#xHH;`), XML 1.0
/// line-end normalisation (CR LF and a lone CR become LF, XML 1.0 section 2.11) and then,
/// for cell strings, OOXML's `_xHHHH_` escapes (ECMA-376 Part 1, 22.9.2.19 `ST_Xstring`:
/// Excel writes a character XML cannot carry, such as U+0001, or a CR it wants kept, as
/// `_x0001_`, `_x000D_`; a literal `_x0041_` in the text is written `_x005F_x0041_`).
///
/// Writing: the same escapes in reverse (see `appendEscaped`).
enum XMLText {
    /// Appends the text of `b[range]` with entities decoded and line ends normalised.
    /// - Throws: `XMLPullScanner.SyntaxError` for an unknown or malformed entity.
    static func appendDecoded(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) throws {
        var p = range.lowerBound
        let end = range.upperBound
        var runStart = p
        while p < end {
            let c = b[p]
            if c == UInt8(ascii: "&") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<p]))
                guard let semicolon = (p..<min(end, p + 12)).first(where: { b[$0] == UInt8(ascii: ";") }) else {
                    throw XMLPullScanner.SyntaxError(message: "malformed entity reference", offset: p)
                }
                try appendEntity(UnsafeBufferPointer(rebasing: b[(p + 1)..<semicolon]), offset: p, to: &out)
                p = semicolon + 1
                runStart = p
            } else if c == UInt8(ascii: "\r") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<p]))
                out.append(UInt8(ascii: "\n"))
                p += (p + 1 < end && b[p + 1] == UInt8(ascii: "\n")) ? 2 : 1
                runStart = p
            } else {
                p += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<end]))
    }

    /// Appends the character an entity name (between `&` and `;`) stands for.
    private static func appendEntity(_ name: UnsafeBufferPointer<UInt8>, offset: Int, to out: inout [UInt8]) throws {
        switch String(decoding: name, as: UTF8.self) {
        case "lt": out.append(UInt8(ascii: "<"))
        case "gt": out.append(UInt8(ascii: ">"))
        case "amp": out.append(UInt8(ascii: "&"))
        case "quot": out.append(UInt8(ascii: "\""))
        case "apos": out.append(UInt8(ascii: "'"))
        case let text where text.hasPrefix("#"):
            let hex = text.hasPrefix("#x") || text.hasPrefix("#X")
            let digits = text.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: hex ? 16 : 10),
                  let scalar = Unicode.Scalar(value), value != 0 else {
                throw XMLPullScanner.SyntaxError(message: "malformed character reference &\(text);", offset: offset)
            }
            appendUTF8(scalar, to: &out)
        default:
            throw XMLPullScanner.SyntaxError(message: "unknown entity &\(String(decoding: name, as: UTF8.self));", offset: offset)
        }
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    /// The value of four hex digits at `bytes[at...]`, or nil.
    private static func hex4(_ bytes: [UInt8], at: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[at + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// `bytes` from `start` with every `_xHHHH_` replaced by the UTF-16 code unit it names
    /// (a high and a low surrogate escape in a row make one character; a lone surrogate
    /// becomes U+FFFD). Bytes before `start` are kept as they are.
    static func decodeOOXMLEscapes(_ bytes: inout [UInt8], from start: Int = 0) {
        guard bytes.count - start >= 7, bytes[start...].contains(UInt8(ascii: "_")) else { return }
        var out: [UInt8] = Array(bytes[..<start])
        out.reserveCapacity(bytes.count)
        var p = start
        func escape(at p: Int) -> UInt32? {
            guard p + 7 <= bytes.count, bytes[p] == UInt8(ascii: "_"), bytes[p + 1] == UInt8(ascii: "x"),
                  bytes[p + 6] == UInt8(ascii: "_") else { return nil }
            return hex4(bytes, at: p + 2)
        }
        while p < bytes.count {
            guard let unit = escape(at: p) else {
                out.append(bytes[p])
                p += 1
                continue
            }
            p += 7
            if (0xD800..<0xDC00).contains(unit), let low = escape(at: p), (0xDC00..<0xE000).contains(low) {
                p += 7
                appendUTF8(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!, to: &out)
            } else {
                appendUTF8(Unicode.Scalar(unit) ?? "\u{FFFD}", to: &out)
            }
        }
        bytes = out
    }

    /// Appends `text` for XML element content: `&`, `<` and `>` as entities, and, following
    /// Excel (ECMA-376 Part 1, 22.9.2.19), OOXML `_xHHHH_` escapes for:
    /// - the characters XML 1.0 cannot carry at all: U+0000-U+0008, U+000B, U+000C,
    ///   U+000E-U+001F, U+FFFE and U+FFFF;
    /// - CR (U+000D), which any XML reader would otherwise turn into LF;
    /// - the `_` of a literal `_xHHHH_` in the text (written `_x005F_`), so reading it back does
    ///   not decode it.
    /// Excel, LibreOffice, openpyxl and our reader decode these escapes, so every string comes
    /// back exactly as written. TAB and LF are written as they are.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        var p = 0
        while p < utf8.count {
            let c = utf8[p]
            switch c {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"): out.append(c)
            case 0..<0x20: appendHexEscape(UInt32(c), to: &out)
            case UInt8(ascii: "_"):
                if p + 7 <= utf8.count, utf8[p + 1] == UInt8(ascii: "x"), utf8[p + 6] == UInt8(ascii: "_"),
                   hex4(utf8, at: p + 2) != nil {
                    appendHexEscape(0x5F, to: &out)
                } else {
                    out.append(c)
                }
            case 0xEF where p + 2 < utf8.count && utf8[p + 1] == 0xBF && (utf8[p + 2] == 0xBE || utf8[p + 2] == 0xBF):
                // U+FFFE or U+FFFF.
                appendHexEscape(utf8[p + 2] == 0xBE ? 0xFFFE : 0xFFFF, to: &out)
                p += 2
            default: out.append(c)
            }
            p += 1
        }
    }

    private static func appendHexEscape(_ unit: UInt32, to out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        out.append(contentsOf: "_x".utf8)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((unit >> UInt32(shift)) & 0xF)]) }
        out.append(UInt8(ascii: "_"))
    }

    /// Appends `text` for a double-quoted XML attribute value (`&`, `<`, `>` and `"` as
    /// entities; TAB, LF and CR as character references so they survive attribute-value
    /// normalisation; the characters XML 1.0 cannot carry become U+FFFD).
    static func appendAttribute(_ text: String, to out: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "\t", "\n", "\r": out.append(contentsOf: "&#\(scalar.value);".utf8)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                appendUTF8("\u{FFFD}", to: &out)
            default: appendUTF8(scalar, to: &out)
            }
        }
    }
}
