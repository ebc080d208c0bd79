/// A problem with options or data that is not tied to one cell of one file
/// (cell-level problems are `Tabular.InputError`, which names file, line and column).
///
/// `description` is the single line the command prints before exiting non-zero.
public struct ReceivablesError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
