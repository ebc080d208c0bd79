import Foundation
import ZIPFoundation

/// Something that consumes the tokens of one XML part as they are scanned.
protocol XMLPartHandler {
    /// Handles one token (its ranges index `b`, valid during the call only); false stops
    /// the scan.
    mutating func handle(_ token: XMLPullScanner.Token, _ b: UnsafeBufferPointer<UInt8>) throws -> Bool
    /// Called when the part ends without the handler having stopped the scan; throws
    /// `XMLPullScanner.SyntaxError` when the part ended too early.
    mutating func finish() throws
}

extension XMLPartHandler {
    mutating func finish() throws {}
}

/// Thrown out of ZIPFoundation's extraction to stop reading a part early.
private struct ScanStopped: Error {}

/// The bytes of a streamed part not yet tokenized, and the tokenizer and handler over them.
private struct PartStream<Handler: XMLPartHandler> {
    var handler: Handler
    var buffer: [UInt8] = []
    var scanner = XMLPullScanner()
    var stopped = false
    /// Bytes of the part dropped from the front of `buffer` so far.
    var dropped = 0

    init(handler: Handler) { self.handler = handler }

    /// Hands every complete token of `buffer` to the handler, then drops the bytes used.
    mutating func drain(final: Bool) throws {
        let bytes = buffer
        try bytes.withUnsafeBufferPointer { b in
            while !stopped, let token = try scanner.next(b, final: final) {
                if try !handler.handle(token, b) { stopped = true }
            }
        }
        dropped += scanner.position
        buffer.removeSubrange(0..<scanner.position)
        scanner.position = 0
    }
}

/// An Open Packaging Conventions (ECMA-376 Part 2) package read through ZIPFoundation: parts
/// by name, relationships, and XML parts scanned whole or streamed.
struct XLSXPackage {
    /// A relationship from a `.rels` part: its id, type URI and target part (resolved to a
    /// ZIP path).
    struct Relationship: Equatable {
        var id: String
        var type: String
        var target: String
    }

    let archive: Archive
    /// The file as the user named it, for errors.
    let path: String

    /// Bytes of the streamed part's text handed to the scanner at a time.
    static let chunkSize = 1 << 20

    /// The ZIP entry of `part`: its exact name, else a case-insensitive match (part names are
    /// case-insensitive in OPC).
    func entry(_ part: String) -> Entry? {
        if let entry = archive[part] { return entry }
        let lower = part.lowercased()
        return archive.first { $0.path.lowercased() == lower }
    }

    /// The whole (uncompressed) part, or nil when the package has no such part.
    /// - Throws: `InputError` when the entry cannot be decompressed.
    func bytes(of part: String) throws -> [UInt8]? {
        guard let entry = entry(part) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(clamping: min(entry.uncompressedSize, UInt64(1 << 26))))
        do {
            _ = try archive.extract(entry, bufferSize: Self.chunkSize) { data in bytes.append(contentsOf: data) }
        } catch {
            throw corrupt(part, error)
        }
        return bytes
    }

    /// Runs `body` over the bytes of a whole XML part, turning syntax errors into `InputError`.
    func parse<T>(_ bytes: [UInt8], part: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        do {
            return try bytes.withUnsafeBufferPointer(body)
        } catch let error as XMLPullScanner.SyntaxError {
            throw malformed(part, error)
        }
    }

    /// Streams part `part` through the tokenizer into `handler`, one decompressed chunk at a
    /// time (memory: the largest token plus one chunk), until the part ends or the handler
    /// returns false. Returns false when the package has no such part.
    /// - Throws: `InputError` for a malformed or corrupt part, and whatever `handler` throws.
    func scan<Handler: XMLPartHandler>(_ part: String, into handler: inout Handler) throws -> Bool {
        guard let entry = entry(part) else { return false }
        // The state lives in one struct whose mutating `drain` runs the token loop, so the
        // per-token work needs no dynamic exclusivity checks (only one per chunk).
        var stream = PartStream(handler: handler)
        defer { handler = stream.handler }
        do {
            do {
                _ = try archive.extract(entry, bufferSize: Self.chunkSize) { data in
                    stream.buffer.append(contentsOf: data)
                    try stream.drain(final: false)
                    if stream.stopped { throw ScanStopped() }
                }
                try stream.drain(final: true)
                if !stream.stopped { try stream.handler.finish() }
            } catch var error as XMLPullScanner.SyntaxError {
                if error.offset >= 0 { error.offset += stream.dropped }
                throw malformed(part, error)
            }
        } catch is ScanStopped {
        } catch let error as InputError {
            throw error
        } catch {
            throw corrupt(part, error)
        }
        return true
    }

    /// The relationships of `part` (from `DIR/_rels/NAME.rels`; the package's own for ""),
    /// external targets left out; empty when there is no such `.rels` part.
    func relationships(of part: String) throws -> [Relationship] {
        let slash = part.lastIndex(of: "/")
        let directory = slash.map { String(part[..<$0]) } ?? ""
        let name = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let relsPart = (directory.isEmpty ? "" : directory + "/") + "_rels/\(name).rels"
        guard let bytes = try bytes(of: relsPart) else { return [] }
        return try parse(bytes, part: relsPart) { b in
            var result: [Relationship] = []
            var scanner = XMLPullScanner()
            while let token = try scanner.next(b, final: true) {
                guard case let .start(element, attributes, _) = token,
                      XMLPullScanner.isNamed(b, element, "Relationship") else { continue }
                var id = "", type = "", target = "", external = false
                try XMLPullScanner.forEachAttribute(b, attributes) { key, value in
                    let text = try Self.decode(b, value)
                    switch String(decoding: UnsafeBufferPointer(rebasing: b[key]), as: UTF8.self) {
                    case "Id": id = text
                    case "Type": type = text
                    case "Target": target = text
                    case "TargetMode": external = text == "External"
                    default: break
                    }
                }
                if !external { result.append(Relationship(id: id, type: type, target: Self.resolve(target, from: directory))) }
            }
            return result
        }
    }

    /// The ZIP path of relationship target `target` of a part in `directory`: an absolute
    /// target (`/xl/...`) from the package root, a relative one from `directory`, with `.`
    /// and `..` segments applied.
    static func resolve(_ target: String, from directory: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : (directory.isEmpty ? target : directory + "/" + target)
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// The decoded text of an attribute value or text range.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> String {
        var out: [UInt8] = []
        try XMLText.appendDecoded(b, range, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func malformed(_ part: String, _ error: XMLPullScanner.SyntaxError) -> InputError {
        InputError(file: path, message: "malformed spreadsheet part \(part): \(error.message)"
                   + (error.offset >= 0 ? " at byte \(error.offset)" : ""))
    }

    func corrupt(_ part: String, _ error: Error) -> InputError {
        InputError(file: path, message: "corrupt .xlsx file: cannot decompress \(part) (\(error))")
    }
}
