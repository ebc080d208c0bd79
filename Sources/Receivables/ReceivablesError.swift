/// A problem with data that is not tied to one cell of one file: a strategy book that
/// contradicts itself, a strategy condition that does not parse (cell-level problems are
/// `Tabular.InputError`, which names file, line and column; a bad parameter value is
/// `Tabular.ParameterError`).
///
/// `description` is the single line the command prints before exiting with the bad-data status.
public struct ReceivablesError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
