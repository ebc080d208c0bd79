import Foundation
import NumericCore

extension SegmentationModel {
    /// The model as deterministic JSON, written as the reports' JSON is (`DeterministicJSON`):
    /// pretty-printed, keys sorted, numbers in shortest round-trip form, `<>&` escaped, a final
    /// newline; a non-finite number becomes the string `"NaN"` or `"Infinity"`, which `load` refuses.
    public func encodedJSON() throws -> [UInt8] {
        Array(try DeterministicJSON.data(self))
    }

    /// Reads and checks the model file at `path`.
    /// Throws `ModelError` naming what is wrong: unreadable, truncated or invalid JSON, not a model,
    /// another model version, a missing or mistyped field, or parts that disagree.
    public static func load(path: String) throws -> SegmentationModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw ModelError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path)
                                        ? reason : "no such file")
        }
        return try decode(data, path: path)
    }

    /// Decodes and checks model JSON; `path` only names the file in errors.
    public static func decode(_ data: Data, path: String) throws -> SegmentationModel {
        // The header first: a model of another version may not decode as this one, and the
        // version is the one thing worth saying then.
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch let error as DecodingError {
            throw translate(error, data: data, path: path)
        }
        guard header.format == formatName else { throw ModelError.notAModel(path: path, format: header.format) }
        guard let version = header.modelVersion else {
            throw ModelError.malformed(path: path, field: "modelVersion", detail: "missing")
        }
        guard version == currentVersion else {
            throw ModelError.unsupportedVersion(path: path, found: version, supported: currentVersion)
        }
        let model: SegmentationModel
        do {
            model = try DeterministicJSON.decode(SegmentationModel.self, from: data)
        } catch let error as DecodingError {
            throw translate(error, data: data, path: path)
        }
        try model.check(path: path)
        return model
    }

    private struct Header: Decodable {
        var format: String?
        var modelVersion: Int?
    }

    /// Turns a decoder error into a `ModelError` that names the field or the place in the file.
    static func translate(_ error: DecodingError, data: Data, path: String) -> ModelError {
        func field(_ codingPath: [CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return syntaxError(data: data, path: path)
        case .dataCorrupted(let context):
            return .malformed(path: path, field: field(context.codingPath), detail: context.debugDescription)
        case .keyNotFound(let key, let context):
            return .malformed(path: path, field: field(context.codingPath + [key]), detail: "missing")
        case .typeMismatch(let type, let context):
            return .malformed(path: path, field: field(context.codingPath), detail: "expected \(type)")
        case .valueNotFound(let type, let context):
            return .malformed(path: path, field: field(context.codingPath), detail: "null where \(type) is expected")
        @unknown default:
            return .malformed(path: path, field: "", detail: "\(error)")
        }
    }

    /// Asks the JSON parser what is wrong with `data`, which Codable does not say.
    static func syntaxError(data: Data, path: String) -> ModelError {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return .invalidJSON(path: path, line: nil, column: nil, detail: "not a JSON object")
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            if detail.contains("Unexpected end of file") || data.isEmpty { return .truncated(path: path) }
            if let offset = characterOffset(in: detail) {
                let (line, column) = lineAndColumn(of: offset, in: data)
                return .invalidJSON(path: path, line: line, column: column, detail: detail)
            }
            return .invalidJSON(path: path, line: nil, column: nil, detail: detail)
        }
    }

    /// The N in Foundation's "... around character N." message.
    static func characterOffset(in detail: String) -> Int? {
        guard let range = detail.range(of: "character ") else { return nil }
        return Int(detail[range.upperBound...].prefix { $0.isNumber })
    }

    /// 1-based line and column of byte `offset`.
    static func lineAndColumn(of offset: Int, in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
