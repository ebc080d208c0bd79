import ArgumentParser
import Clustering
import Foundation
import NumericCore
import Tabular

/// Process exit codes of ar-segment, following BSD `sysexits.h` (ArgumentParser
/// already exits with 64 for usage errors):
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | runtime failure (a numeric routine failed, an unexpected error) |
/// | 64 | usage error: unknown option, bad option value (ArgumentParser's `EX_USAGE`) |
/// | 65 | bad input data: unreadable or malformed CSV, a non-numeric cell, k larger than the rows (`EX_DATAERR`) |
/// | 73 | an output file cannot be written, or would overwrite an input (`EX_CANTCREAT`) |
///
/// Every failure prints one line on standard error and writes no output file.
enum ExitCodes {
    static let success: Int32 = 0
    static let runtimeFailure: Int32 = 1
    static let usage: Int32 = 64
    static let badInput: Int32 = 65
    static let outputFailure: Int32 = 73

    /// Runs a command's work. A failure is printed as one line on standard error,
    /// prefixed with `dataPath` when the error itself names no file, and becomes an
    /// `ExitCode` (which ArgumentParser turns into the exit status without printing more).
    /// `ValidationError`s pass through so ArgumentParser shows the usage.
    static func run(dataPath: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ValidationError {
            throw error
        } catch let error as InputError {
            throw fail(error.description, code: badInput)
        } catch let error as OutputError {
            throw fail(error.description, code: outputFailure)
        } catch let error as ClusteringError {
            throw fail("\(dataPath): \(error)", code: badInput)
        } catch let error as PCAError {
            throw fail("\(dataPath): \(error)", code: badInput)
        } catch {
            throw fail("\(dataPath): \(error)", code: runtimeFailure)
        }
    }

    private static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        return ExitCode(code)
    }
}

/// Options shared by the numeric validation commands (`kmeans`, `pca`, `metrics`).
struct NumericDataOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Numeric CSV: a header row, then one row per sample.",
        discussion: "Every column is a feature except the --id column (and the --weights column of kmeans). Cells must be plain decimals such as -12.5 or 1e-3; empty cells, NA, nan, inf, 1,234 or $12 are errors naming the cell.",
        valueName: "DATA.csv"))
    var data: String

    @Option(help: ArgumentHelp("Column of row identifiers, kept as text and not used as a feature.", valueName: "COLUMN"))
    var id: String?

    @Flag(help: "Z-score every feature first (mean 0, standard deviation 1 with ddof=0, as scikit-learn's StandardScaler). A zero-variance feature gets scale 1 and a warning.")
    var standardize = false

    @Option(help: ArgumentHelp("Where to write the JSON result (written atomically; never over an input file).", valueName: "OUT.json"))
    var json: String
}

/// A numeric CSV read into a matrix, with what the commands report next to the numbers.
struct NumericData {
    /// Samples x features, in file order.
    var matrix: Matrix
    /// Feature column names, in matrix column order.
    var featureNames: [String]
    /// The --id column's text per row, when one was named.
    var ids: [String]?
    /// The weights column per row, when one was named.
    var weights: [Double]?
    /// The scaler fitted on `matrix` before it was standardized (nil without --standardize).
    var scaler: FittedStandardScaler?

    /// Reads `options.data`: every column but `options.id` and `weightsColumn` is a feature,
    /// parsed strictly; standardizes when asked.
    /// - Throws: `InputError` naming the file, line, column and cell for any bad value;
    ///   weights must be finite and non-negative.
    init(_ options: NumericDataOptions, weightsColumn: String? = nil) throws {
        let table = try CSVReader.read(path: options.data)
        let idIndex = try options.id.map(table.columnIndex)
        let weightIndex = try weightsColumn.map(table.columnIndex)
        if let idIndex, idIndex == weightIndex {
            throw InputError(file: options.data, line: 1, column: table.header[idIndex],
                             message: "the same column cannot be both --id and --weights")
        }
        let features = (0..<table.columnCount).filter { $0 != idIndex && $0 != weightIndex }
        guard !features.isEmpty else {
            throw InputError(file: options.data, line: 1, message: "no feature columns left after --id and --weights")
        }
        featureNames = features.map { table.header[$0] }
        matrix = Matrix(rows: table.rowCount, columns: features.count, storage: try table.numericColumns(features))
        ids = idIndex.map { column in (0..<table.rowCount).map { table.string(row: $0, column: column) } }
        weights = try weightIndex.map { column in
            try (0..<table.rowCount).map { row in
                let weight = try table.double(row: row, column: column)
                guard weight >= 0 else { throw table.error(row: row, column: column, "sample weight must be non-negative") }
                return weight
            }
        }
        if options.standardize {
            let fitted = StandardScaler(ddof: 0).fit(matrix)
            fitted.transform(inPlace: &matrix)
            scaler = fitted
        }
    }

    /// Warnings from the scaler, with column indices replaced by feature names.
    var scalerWarnings: [String] {
        guard let scaler else { return [] }
        return scaler.constantColumns.map {
            "feature '\(featureNames[$0])' has zero variance: scaled by 1, so it is 0 after standardizing"
        }
    }
}

/// The scaler as written in JSON results (`scale` is the ddof=0 standard deviation, 1 for constant features).
struct ScalerJSON: Encodable {
    var mean: [Double]
    var scale: [Double]
    var ddof: Int

    init(_ scaler: FittedStandardScaler) {
        mean = scaler.mean
        scale = scaler.scale
        ddof = scaler.ddof
    }
}

/// Writes `value` as JSON with sorted keys and shortest round-trip numbers, atomically,
/// refusing to overwrite any of `inputs`.
func writeJSON(_ value: some Encodable, to path: String, inputs: [String]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var bytes = [UInt8](try encoder.encode(value))
    bytes.append(UInt8(ascii: "\n"))
    try AtomicFile.write(bytes, to: path, inputs: inputs)
}
