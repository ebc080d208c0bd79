import ArgumentParser
import Clustering
import Foundation
import NumericCore
import Receivables
import Segmentation
import Tabular

/// Process exit codes of ar-segment, following BSD `sysexits.h`, as README "Errors and exit
/// codes" documents them:
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | runtime failure (a numeric routine failed, an unexpected error) |
/// | 64 | usage error: unknown option, bad option value, bad option combination (ArgumentParser's `EX_USAGE`) |
/// | 65 | bad input data: unreadable or malformed CSV, ledger, model or strategy file, a non-numeric cell, k larger than the rows (`EX_DATAERR`) |
/// | 73 | an output file cannot be written, or would overwrite an input (`EX_CANTCREAT`) |
///
/// Every failure prints one line on standard error and writes no output file.
enum ExitCodes {
    static let success: Int32 = 0
    static let runtimeFailure: Int32 = 1
    static let usage: Int32 = 64
    static let badInput: Int32 = 65
    static let outputFailure: Int32 = 73

    /// The code of a failure that describes itself in one line, by who is at fault: the data
    /// (an input, model or strategy file; data a fit or a projection refuses) or an output.
    /// `nil` for the errors ArgumentParser reports itself (usage errors, `ExitCode`s, unexpected errors).
    static func code(for error: Error) -> Int32? {
        switch error {
        case is InputError, is ModelError, is ReceivablesError, is ClusteringError, is PCAError, is SelectionError:
            return badInput
        case is OutputError:
            return outputFailure
        default:
            return nil
        }
    }

    /// The line printed for `error`, with every parameter it names spelled as its flag.
    static func message(for error: Error) -> String {
        switch error {
        case let error as InputError: return error.description(spelling: \.flag)
        case let error as ParameterError: return error.description(spelling: \.flag)
        default: return "\(error)"
        }
    }

    /// A library's refusal of a parameter value, as the usage error it is on the command line.
    static func usageError(_ error: ParameterError) -> ValidationError {
        ValidationError(message(for: error))
    }

    /// Runs a command's work. A failure is printed as one line on standard error,
    /// prefixed with `dataPath` when the error itself names no file, and becomes an
    /// `ExitCode` (which ArgumentParser turns into the exit status without printing more).
    /// `ValidationError`s (and `ParameterError`s, as one) pass through so ArgumentParser shows the usage.
    static func run(dataPath: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ValidationError {
            throw error
        } catch let error as ParameterError {
            throw usageError(error)
        } catch {
            let namesFile = error is InputError || error is OutputError || error is ModelError
            let line = namesFile ? message(for: error) : "\(dataPath): \(message(for: error))"
            throw fail(line, code: code(for: error) ?? runtimeFailure)
        }
    }

    private static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        return ExitCode(code)
    }
}
