import NumericCore
import Tabular

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
        let tables = TableInputs()
        let path = try tables.open(options.data, sheet: options.sheetOption.sheet, textColumns: Set(options.id.map { [$0] } ?? []))
        self = try tables.reading { try NumericData(options, path: path, weightsColumn: weightsColumn) }
    }

    /// Reads the CSV at `path` (`options.data` or its sheet as CSV).
    private init(_ options: NumericDataOptions, path: String, weightsColumn: String?) throws {
        // Streamed: memory is the matrix plus one chunk of the file, never the whole file.
        let stream = try CSVStream(path: path)
        let idIndex: Int?, weightIndex: Int?, features: [Int]
        do {
            idIndex = try options.id.map(stream.columnIndex)
            weightIndex = try weightsColumn.map(stream.columnIndex)
            if let idIndex, idIndex == weightIndex {
                throw InputError(file: path, line: 1, column: stream.header[idIndex],
                                 message: "the same column cannot be both --id and --weights")
            }
            features = (0..<stream.header.count).filter { $0 != idIndex && $0 != weightIndex }
            guard !features.isEmpty else {
                throw InputError(file: path, line: 1, message: "no feature columns left after --id and --weights")
            }
        } catch {
            // A malformed record anywhere is reported first, as when the whole file is read.
            try stream.skipRest()
            throw error
        }
        featureNames = features.map { stream.header[$0] }
        var ids: [String]? = idIndex.map { _ in [] }
        var weights: [Double]? = weightIndex.map { _ in [] }
        var weightFailure: InputError?
        let (values, rows) = try stream.readNumericColumns(features) { chunk in
            if let idIndex { for row in 0..<chunk.rowCount { ids!.append(chunk.string(row: row, column: idIndex)) } }
            if let weightIndex, weightFailure == nil {
                weightFailure = Self.appendWeights(chunk, column: weightIndex, to: &weights!)
            }
        }
        // After the features: a bad feature cell anywhere is reported before a bad weight.
        if let weightFailure { throw weightFailure }
        matrix = Matrix(rows: rows, columns: features.count, storage: values)
        self.ids = ids
        self.weights = weights
        if options.standardize {
            let fitted = StandardScaler(ddof: 0).fit(matrix)
            fitted.transform(inPlace: &matrix)
            scaler = fitted
        }
    }

    /// Appends the chunk's weights; returns the error of its first weight (in row order) that is
    /// not a number or is negative, if any.
    private static func appendWeights(_ chunk: CSVChunk, column: Int, to weights: inout [Double]) -> InputError? {
        let start = weights.count
        weights.append(contentsOf: repeatElement(0, count: chunk.rowCount))
        let failure = weights.withUnsafeMutableBufferPointer {
            chunk.parseNumbers([column], into: $0.baseAddress! + start).first
        }
        let parsed = failure?.row ?? chunk.rowCount
        if let negative = (0..<parsed).first(where: { weights[start + $0] < 0 }) {
            return chunk.error(row: negative, column: column, "sample weight must be non-negative")
        }
        return failure.map { chunk.error(row: $0.row, column: column, ParameterText($0.failure.message)) }
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
