import Foundation

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "receivables-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns the full path.
    func file(_ name: String, _ text: String) -> String {
        let full = path + "/" + name
        try! text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// The `description` of the error `body` throws, or `nil` when it does not throw.
func errorDescription(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return String(describing: error)
    }
}
