import ArgumentParser
import Foundation
import Tabular

extension ARSegment {
    /// The process entry point: ArgumentParser's parsing and dispatch, with the failures that
    /// describe themselves (the data at fault, an output that cannot be written: `ExitCodes.code(for:)`)
    /// printed as their one line, without ArgumentParser's `Error: ` prefix, and given the exit codes
    /// of `ExitCodes`, whichever subcommand threw them. A library's refusal of a parameter value is a
    /// usage error. Everything else (usage errors, `ExitCode`s thrown by `ExitCodes.run`, unexpected
    /// errors) keeps ArgumentParser's handling.
    static func main() {
        returnLargeBlocksToTheSystem()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ParameterError {
            exit(withError: ExitCodes.usageError(error))
        } catch {
            guard let code = ExitCodes.code(for: error) else { exit(withError: error) }
            fail(ExitCodes.message(for: error), code: code)
        }
    }

    /// Serves every allocation of 1 MiB or more with its own mapping, returned to the system
    /// when freed. glibc's default raises that threshold to 32 MiB after the first large free,
    /// after which big temporary arrays (a chunk's parse, a k-means restart's buffers) come from
    /// the heap and stay resident: `segment`'s peak memory at 1M accounts varied by 50 MB from
    /// run to run with the same input.
    private static func returnLargeBlocksToTheSystem() {
#if canImport(Glibc)
        // M_MMAP_THRESHOLD (-3) and M_TRIM_THRESHOLD (-1) from <malloc.h>, which the Glibc
        // module does not export (hence the declaration below).
        _ = mallopt(-3, 1 << 20)
        _ = mallopt(-1, 8 << 20)
#endif
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(code)
    }
}

#if os(Linux)
/// glibc's `int mallopt(int param, int value)` from <malloc.h>.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
