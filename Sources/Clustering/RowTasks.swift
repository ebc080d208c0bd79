import Dispatch
import Foundation

/// Rows split into fixed-size tasks for the parallel kernels.
///
/// The split depends only on the row count, never on the number of threads, and every task
/// writes its own partial results, which are then combined in task order. That is what makes
/// results bit-identical on 1 or 2 (or any number of) threads.
struct RowTasks {
    /// 16 chunks of 256 rows: large enough to amortise scheduling, small enough to balance two
    /// cores on a 1M-row matrix (245 tasks).
    static let defaultRowsPerTask = 4096

    let rows: Int
    let rowsPerTask: Int
    let count: Int

    init(rows: Int, rowsPerTask: Int = RowTasks.defaultRowsPerTask) {
        self.rows = rows
        self.rowsPerTask = rowsPerTask
        self.count = (rows + rowsPerTask - 1) / rowsPerTask
    }

    /// Rows of task `t`.
    @inline(__always)
    func range(_ t: Int) -> Range<Int> {
        let start = t * rowsPerTask
        return start..<min(rows, start + rowsPerTask)
    }

    /// Runs `body(worker, task)` for every task. Worker `w` takes tasks `w, w + W, w + 2W, ...`
    /// in order, so per-worker scratch buffers indexed by `worker` are never shared.
    func run(workers: Int, _ body: (_ worker: Int, _ task: Int) -> Void) {
        let w = min(max(1, workers), count)
        if w <= 1 {
            for t in 0..<count { body(0, t) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            var t = worker
            while t < count {
                body(worker, t)
                t += w
            }
        }
    }
}

enum Workers {
    /// The requested thread count, or every active core when `nil`.
    static func resolve(_ requested: Int?) -> Int {
        max(1, requested ?? ProcessInfo.processInfo.activeProcessorCount)
    }
}
