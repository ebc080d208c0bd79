/// A dense, row-major matrix of `Double`: `rows` samples by `columns` features.
///
/// Element `(i, j)` lives at `storage[i * columns + j]`. `Matrix` is a value
/// type with copy-on-write storage (it wraps a Swift `Array`), so passing it
/// around is cheap and mutation never aliases.
///
/// Edge cases: a matrix may have zero rows or zero columns; `storage.count`
/// is always `rows * columns` (checked at construction).
public struct Matrix: Equatable, Sendable {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// Row-major elements; `storage.count == rows * columns`.
    public var storage: [Double]

    /// A `rows x columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// Wraps row-major `storage`; traps if `storage.count != rows * columns`.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(storage.count == rows * columns,
                     "Matrix storage has \(storage.count) elements, expected \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from an array of equally long rows.
    /// An empty array gives a `0 x 0` matrix; ragged rows trap.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        var storage = [Double]()
        storage.reserveCapacity(rowArrays.count * columns)
        for row in rowArrays {
            precondition(row.count == columns, "Ragged rows: \(row.count) vs \(columns)")
            storage.append(contentsOf: row)
        }
        self.init(rows: rowArrays.count, columns: columns, storage: storage)
    }

    /// Element at row `i`, column `j`.
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * columns + j] }
        set { storage[i * columns + j] = newValue }
    }

    /// Row `i` as an array slice (no copy until mutated).
    @inlinable
    public func row(_ i: Int) -> ArraySlice<Double> {
        storage[(i * columns)..<((i + 1) * columns)]
    }

    /// Column `j` copied into a new array.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { storage[$0 * columns + j] }
    }

    /// Rows as nested arrays (for JSON output and tests).
    public var rowArrays: [[Double]] {
        (0..<rows).map { Array(row($0)) }
    }

    /// A new matrix holding the given rows, in the given order (duplicates allowed).
    public func selectingRows<S: Sequence>(_ indices: S) -> Matrix where S.Element == Int {
        var out = [Double]()
        var count = 0
        for i in indices {
            out.append(contentsOf: row(i))
            count += 1
        }
        return Matrix(rows: count, columns: columns, storage: out)
    }

    /// A new matrix holding the given columns, in the given order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(rows * indices.count)
        for i in 0..<rows {
            let base = i * columns
            for j in indices { out.append(storage[base + j]) }
        }
        return Matrix(rows: rows, columns: indices.count, storage: out)
    }

    /// The transpose (`columns x rows`).
    public var transposed: Matrix {
        var out = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { out.storage[j * rows + i] = storage[i * columns + j] }
        }
        return out
    }

    /// `true` when every element is finite (no NaN, no infinity).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }
}

/// Encoded as nested row arrays (`[[1, 2], [3, 4]]`), the form JSON readers,
/// numpy and pandas expect. A `r x 0` matrix cannot record `r` this way and
/// decodes as `0 x 0`; model files never hold one.
extension Matrix: Codable {
    public init(from decoder: Decoder) throws {
        let rowArrays = try decoder.singleValueContainer().decode([[Double]].self)
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "matrix rows have different lengths"))
        }
        self.init(rowArrays)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rowArrays)
    }
}
