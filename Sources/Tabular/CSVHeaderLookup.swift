/// Column lookup by name in a CSV file's header, shared by the whole-file table
/// (`CSVTable`) and the streaming reader (`CSVStream`).
public protocol CSVHeaderLookup {
    /// The file name used in error messages.
    var path: String { get }
    /// Column names from the first record, unescaped, unique and non-empty.
    var header: [String] { get }
}

extension CSVHeaderLookup {
    /// Index of the column named `name`.
    /// - Throws: `InputError` naming the file and the missing column.
    public func columnIndex(_ name: String) throws -> Int {
        guard let index = optionalColumnIndex(name) else {
            throw InputError(file: path, line: 1, value: name, message: "missing required column")
        }
        return index
    }

    /// Index of the column named `name`, or nil when there is none.
    public func optionalColumnIndex(_ name: String) -> Int? {
        header.firstIndex(of: name)
    }

    /// Index of the column named `name`, nil when there is none.
    /// - Throws: `InputError` when the header has the name more than once (a column a
    ///   mapping uses must be unambiguous).
    public func uniqueColumnIndex(_ name: String) throws -> Int? {
        guard let first = header.firstIndex(of: name) else { return nil }
        if header[(first + 1)...].contains(name) {
            throw InputError(file: path, line: 1, column: name,
                             message: "duplicate column name that a mapping uses (\(header.filter { $0 == name }.count) times)")
        }
        return first
    }
}
