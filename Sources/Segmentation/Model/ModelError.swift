/// Why a model file cannot be read or applied. Each message names the file and what differs.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The bytes are not JSON; `line`/`column` point at the problem when the parser says where.
    case invalidJSON(path: String, line: Int?, column: Int?, detail: String)
    /// The file ends before the JSON does (an interrupted copy or write).
    case truncated(path: String)
    /// Valid JSON, but not an ar-segment model (`format` is something else or absent).
    case notAModel(path: String, format: String?)
    /// A model written by another model-file version.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// A key is missing or holds the wrong type.
    case malformed(path: String, field: String, detail: String)
    /// A number that must be finite is not (or an array has the wrong length).
    case nonFinite(path: String, field: String)
    /// The parts of the model disagree with each other (an edited file).
    case inconsistent(path: String, detail: String)
    /// The accounts lack columns the model needs.
    case missingFeatures(modelPath: String, accountsPath: String, missing: [String])
    /// Two models cannot be compared because their features differ.
    case featuresDiffer(path: String, otherPath: String, difference: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read the model file (\(reason))"
        case .invalidJSON(let path, let line, let column, let detail):
            let location = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return "\(path)\(location): the model file is not valid JSON (\(detail))"
        case .truncated(let path):
            return "\(path): the model file is truncated: it ends in the middle of the JSON (re-run segment or restore the file)"
        case .notAModel(let path, let format):
            return "\(path): not an ar-segment model file (format: \(format ?? "absent"), expected \(SegmentationModel.formatName))"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path): model version \(found) is not supported: this ar-segment reads model version \(supported) (re-run segment with this version)"
        case .malformed(let path, let field, let detail):
            return "\(path): bad model field \(field) (\(detail))"
        case .nonFinite(let path, let field):
            return "\(path): model field \(field) holds a number that is not finite"
        case .inconsistent(let path, let detail):
            return "\(path): the model file is inconsistent: \(detail)"
        case .missingFeatures(let modelPath, let accountsPath, let missing):
            return "\(accountsPath): missing feature column\(missing.count == 1 ? "" : "s") that the model \(modelPath) needs (\(missing.joined(separator: ", ")))"
        case .featuresDiffer(let path, let otherPath, let difference):
            return "\(otherPath): its features differ from \(path): \(difference)"
        }
    }
}
