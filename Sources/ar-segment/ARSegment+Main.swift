import ArgumentParser
import Foundation
import Reporting
import Tabular

extension ARSegment {
    /// The process entry point: ArgumentParser's parsing and dispatch, with the failures that
    /// describe themselves (an input or model file at fault, an output that cannot be written) printed
    /// as their one line, without ArgumentParser's `Error: ` prefix, and given the exit codes of
    /// `ExitCodes`, whichever subcommand threw them. Everything else (usage errors, `ExitCode`s
    /// thrown by `ExitCodes.run`, unexpected errors) keeps ArgumentParser's handling.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            fail(error.description, code: ExitCodes.badInput)
        } catch let error as ModelError {
            fail(error.description, code: ExitCodes.badInput)
        } catch let error as OutputError {
            fail(error.description, code: ExitCodes.outputFailure)
        } catch {
            exit(withError: error)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(code)
    }
}
