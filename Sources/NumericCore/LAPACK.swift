internal import COpenBLAS

/// A LAPACK routine failed on this data (`info > 0`) or returned non-finite values.
///
/// `info < 0` means an argument was wrong: that is a bug in ar-segment and traps
/// instead (see `checkArguments`).
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The eigen solver did not converge; `info` is LAPACK's count of failed off-diagonals.
    case eigenSolverDidNotConverge(routine: String, info: Int)
    /// The routine reported success but its output contains NaN or infinity.
    case nonFiniteResult(routine: String)
    /// The input contains NaN or infinity.
    case nonFiniteInput(operation: String)

    public var description: String {
        switch self {
        case let .eigenSolverDidNotConverge(routine, info):
            return "\(routine) did not converge (info = \(info)): the matrix is too ill-conditioned"
        case let .nonFiniteResult(routine):
            return "\(routine) returned NaN or infinity: the data is degenerate (check for near-duplicate or extreme columns)"
        case let .nonFiniteInput(operation):
            return "\(operation): the input contains NaN or infinity"
        }
    }
}

/// Converts a LAPACK status in one place: negative is our bug, positive depends on the data.
@inline(__always)
private func checkInfo(_ info: Int32, routine: String) throws {
    precondition(info >= 0, "\(routine): argument \(-info) is invalid (ar-segment bug)")
    if info > 0 { throw LinearAlgebraError.eigenSolverDidNotConverge(routine: routine, info: Int(info)) }
}

/// Eigen-decomposition of a real symmetric `n x n` matrix (divide and conquer, `dsyevd`).
///
/// - Parameter symmetric: `n x n` symmetric matrix; only the upper triangle (row-major) is read.
/// - Returns: eigenvalues in ascending order and the eigenvectors as the *rows* of a
///   `n x n` matrix (row `i` belongs to `values[i]`), each of unit length.
/// - Throws: `LinearAlgebraError` when LAPACK fails to converge or returns non-finite values.
///
/// A symmetric row-major matrix is the same array as its column-major form, so we
/// call LAPACKE in `LAPACK_COL_MAJOR` and avoid the row-major wrappers' transposes.
/// In column-major, eigenvector `i` is column `i`, which is row `i` of our row-major view.
public func symmetricEigen(_ symmetric: Matrix) throws -> (values: [Double], vectors: Matrix) {
    let n = symmetric.rows
    precondition(symmetric.columns == n, "symmetricEigen needs a square matrix")
    guard n > 0 else { return ([], Matrix(rows: 0, columns: 0)) }
    guard symmetric.isFinite else { throw LinearAlgebraError.nonFiniteInput(operation: "symmetricEigen") }
    // Our upper triangle (row-major) is LAPACK's lower triangle (column-major).
    var a = symmetric.storage
    var w = [Double](repeating: 0, count: n)
    // One thread: the eigenvectors' last bits change with OpenBLAS's thread count, and a
    // features x features matrix gains nothing from threads anyway.
    let info = withSingleThreadedBLAS {
        a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")),
                               Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
            }
        }
    }
    try checkInfo(info, routine: "LAPACKE_dsyevd")
    guard w.allSatisfy(\.isFinite), a.allSatisfy(\.isFinite) else {
        throw LinearAlgebraError.nonFiniteResult(routine: "LAPACKE_dsyevd")
    }
    return (w, Matrix(rows: n, columns: n, storage: a))
}
