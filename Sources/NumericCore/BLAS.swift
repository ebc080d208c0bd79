internal import COpenBLAS

// One thin shim per BLAS routine. Only this module sees the C library; the
// shims take Swift buffers and row-major shapes and hide CBLAS enums.

/// `C = alpha * A * op(B) + beta * C`, row-major, with `B` optionally transposed.
/// `A` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`. Public so that modules
/// above NumericCore can use DGEMM on raw buffers without seeing the C library.
public func blasGemm(m: Int, n: Int, k: Int, alpha: Double,
              a: UnsafePointer<Double>, lda: Int,
              b: UnsafePointer<Double>, ldb: Int, transposeB: Bool,
              beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda),
                b, blasint(ldb), beta, c, blasint(ldc))
}

/// Upper triangle of `C = alpha * A^T * A + beta * C`, row-major; `A` is `k x n`, `C` is `n x n`.
func blasSyrkTransposed(n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, blasint(n), blasint(k),
                alpha, a, blasint(lda), beta, c, blasint(ldc))
}

/// Facts about the linked OpenBLAS, for `ar-segment --version` and bug reports.
public enum BLASInfo {
    /// The CPU kernel set OpenBLAS chose at load time (for example `Haswell`,
    /// `SkylakeX`, or `Prescott` when it misdetects a virtual CPU). Set the
    /// environment variable `OPENBLAS_CORETYPE` to override it.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The OpenBLAS build configuration string.
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config)
    }

    /// Threads OpenBLAS will use (`OPENBLAS_NUM_THREADS` or the core count).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the OpenBLAS thread count for subsequent calls.
    public static func setThreadCount(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }
}

/// Runs `body` with OpenBLAS limited to one thread, restoring the previous count after.
///
/// Why: OpenBLAS splits work differently with the thread count, and the last bits of a
/// product or a factorisation change with it. ar-segment promises the same bytes for the
/// same seed on any machine and under any `OPENBLAS_NUM_THREADS`, so the kernels that need
/// both cores split rows into fixed `RowTasks` themselves and call single-threaded BLAS
/// inside each task. The thread count is process-global: do not call BLAS from elsewhere
/// concurrently with `body` expecting more threads.
public func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
    let previous = Int(openblas_get_num_threads())
    if previous != 1 { openblas_set_num_threads(1) }
    defer { if previous != 1 { openblas_set_num_threads(Int32(previous)) } }
    return try body()
}
