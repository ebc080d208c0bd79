import Dispatch
import Foundation

/// Rows split into fixed-size tasks for the parallel kernels (k-means, silhouette, PCA).
///
/// The split depends only on the row count, never on the number of threads, and every task
/// writes its own partial results, which are then combined in task order. That is what makes
/// results bit-identical on 1 or 2 (or any number of) threads.
public struct RowTasks: Sendable {
    /// 16 chunks of 256 rows: large enough to amortise scheduling, small enough to balance two
    /// cores on a 1M-row matrix (245 tasks).
    public static let defaultRowsPerTask = 4096

    public let rows: Int
    public let rowsPerTask: Int
    /// Number of tasks: `ceil(rows / rowsPerTask)`.
    public let count: Int

    public init(rows: Int, rowsPerTask: Int = RowTasks.defaultRowsPerTask) {
        self.rows = rows
        self.rowsPerTask = rowsPerTask
        self.count = (rows + rowsPerTask - 1) / rowsPerTask
    }

    /// Rows of task `t`.
    @inlinable
    public func range(_ t: Int) -> Range<Int> {
        let start = t * rowsPerTask
        return start..<min(rows, start + rowsPerTask)
    }

    /// Runs `body(worker, task)` for every task, each exactly once, with `worker < workers`.
    /// Workers take the next unclaimed task in turn (dynamic scheduling: on a shared machine a
    /// descheduled thread does not hold the others up); a worker runs one task at a time, so
    /// per-worker scratch indexed by `worker` is never shared.
    public func run(workers: Int, _ body: (_ worker: Int, _ task: Int) -> Void) {
        let w = min(max(1, workers), count)
        if w <= 1 {
            for t in 0..<count { body(0, t) }
            return
        }
        let queue = TaskQueue()
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            while true {
                let t = queue.take()
                guard t < count else { return }
                body(worker, t)
            }
        }
    }
}

/// Hands out task numbers 0, 1, 2, ... to competing workers.
private final class TaskQueue {
    private var next = 0
    private let lock = NSLock()

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }
}

/// How many threads a parallel kernel uses.
public enum Workers {
    /// The requested thread count, or every active core when `nil`.
    public static func resolve(_ requested: Int?) -> Int {
        max(1, requested ?? ProcessInfo.processInfo.activeProcessorCount)
    }
}
