import Foundation

/// Renders report models as JSON: sorted keys, two-space indentation, every number at full
/// precision (shortest text that reads back to the same `Double`), so the same report always
/// gives the same bytes and a decoder gets back an equal model.
///
/// `<`, `>` and `&` inside strings are written as `\u003c`, `\u003e`, `\u0026` (as Go's
/// `encoding/json` does): still the same JSON value, but safe to paste into HTML, and no raw
/// `<script>` from a customer name ever appears in the file. Non-finite numbers, which JSON
/// cannot hold, are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
public enum DeterministicJSON {
    public static func render<Report: Encodable>(_ report: Report) throws -> String {
        String(decoding: try data(report), as: UTF8.self)
    }

    /// The JSON as UTF-8 bytes, ending in a newline.
    public static func data<Report: Encodable>(_ report: Report) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var bytes = Data()
        for byte in try encoder.encode(report) {
            // These three bytes only ever occur inside JSON strings, where the escapes mean the same.
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: Array("\\u003c".utf8))
            case UInt8(ascii: ">"): bytes.append(contentsOf: Array("\\u003e".utf8))
            case UInt8(ascii: "&"): bytes.append(contentsOf: Array("\\u0026".utf8))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads a report written by `data(_:)` (for `ar-segment report`, which re-renders a saved run).
    public static func decode<Report: Decodable>(_ type: Report.Type, from data: Data) throws -> Report {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(type, from: data)
    }
}
