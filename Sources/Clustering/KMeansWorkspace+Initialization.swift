import NumericCore

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension KMeansWorkspace {
    /// Greedy k-means++ as scikit-learn's `_kmeans_plusplus`, returning `k x d` centred centroids.
    ///
    /// The first centroid is row `i` with probability `w_i / sum w`. Each next one: draw
    /// `2 + floor(ln k)` candidates with probability `w_i D_i^2 / sum w D^2` (`D_i` the distance to
    /// the nearest chosen centroid), and keep the candidate whose addition gives the lowest
    /// potential `sum_i w_i min(D_i^2, ||x_i - candidate||^2)`. Ties go to the earlier candidate.
    ///
    /// Candidates are evaluated four at a time, one SIMD lane each, with every lane's distance
    /// summed exactly as `squaredDistance` sums it (so choices do not depend on the lane width),
    /// and the distances to the chosen candidate are kept for the next step instead of being
    /// computed again.
    func kMeansPlusPlus(using rng: inout SplitMix64) -> [Double] {
        let trials = 2 + Int(log(Double(k)))
        let lanes = (trials + 3) / 4 * 4
        var centers = [Double](repeating: 0, count: k * d)
        // The two n-long buffers are the workspace's, reused by every restart (each is fully
        // written before it is read): fresh ones per restart cost 40 MB of page faults at 1M rows.
        var closest = [Double]()
        var candidateDistances = [Double]()
        swap(&closest, &seedingClosest)
        swap(&candidateDistances, &seedingCandidateDistances)
        defer {
            swap(&closest, &seedingClosest)
            swap(&candidateDistances, &seedingCandidateDistances)
        }
        if closest.count != n { closest = [Double](repeating: 0, count: n) }
        // Row i's distances to this step's candidates at i * lanes + lane.
        if k > 1, candidateDistances.count != n * lanes { candidateDistances = [Double](repeating: 0, count: n * lanes) }
        // Per task: the sum of w_i * closest_i over its rows (row order), the draws' index.
        var taskPotentials = [Double](repeating: 0, count: tasks.count)
        var partial = [Double](repeating: 0, count: tasks.count * lanes)
        // Candidates transposed per group of four lanes: (group * d + f) * 4 + lane.
        var packed = [Double](repeating: 0, count: d * lanes)

        // First centroid: numpy's `choice(p=w / sum w)` takes the first index whose normalised
        // cumulative weight exceeds a uniform draw.
        var totalWeight = 0.0
        for i in 0..<n { totalWeight += weight(i) }
        let target = rng.nextUniform() * totalWeight
        var first = n - 1, running = 0.0
        for i in 0..<n {
            running += weight(i)
            if running > target { first = i; break }
        }
        copyRow(first, into: &centers, slot: 0)

        startDistances(from: first, closest: &closest, totals: &taskPotentials)

        var candidates = [Int](repeating: 0, count: trials)
        for slot in 1..<max(1, k) {
            // numpy's searchsorted(side="left") over the cumulative potential, clipped like
            // scikit-learn's against rounding; the cumulative sum is walked per task (see `draw`).
            let potential = taskPotentials.reduce(0, +)
            for trial in 0..<trials {
                candidates[trial] = draw(rng.nextUniform() * potential, closest: closest, taskPotentials: taskPotentials)
            }
            for lane in 0..<lanes {
                // Spare lanes repeat the last candidate; their sums are never read.
                let row = x + candidates[min(lane, trials - 1)] * d
                for f in 0..<d { packed[((lane / 4) * d + f) * 4 + lane % 4] = row[f] }
            }
            scoreCandidates(packed, lanes: lanes, closest: closest, distances: &candidateDistances, potentials: &partial)
            let pots = (0..<trials).map { trial in
                (0..<tasks.count).reduce(0.0) { $0 + partial[$1 * lanes + trial] }
            }
            var best = 0
            for trial in 1..<trials where pots[trial] < pots[best] { best = trial }
            copyRow(candidates[best], into: &centers, slot: slot)
            // The chosen candidate joins the centroids: each task folds its distances into
            // `closest` and re-totals its potential (all cores; it was one sequential pass).
            guard slot + 1 < k else { break }
            foldChosen(candidateDistances, lane: best, lanes: lanes, closest: &closest, totals: &taskPotentials)
        }
        return centers
    }

    // The three parallel steps of `kMeansPlusPlus`. Their arrays arrive as base addresses, lent
    // for the call; each task writes only its own rows and its own slot of the totals.

    /// Each row's squared distance to row `first` (the first centroid) into `closest`, and each
    /// task's potential `sum_i w_i closest_i` (row order) into `totals[task]`.
    private func startDistances(from first: Int, closest dist: UnsafeMutablePointer<Double>,
                                totals: UnsafeMutablePointer<Double>) {
        let c = x + first * d
        tasks.run(workers: workers) { _, t in
            var s = 0.0
            for i in self.tasks.range(t) {
                dist[i] = squaredDistance(self.x + i * self.d, c, d: self.d)
                s += dist[i] * self.weight(i)
            }
            totals[t] = s
        }
    }

    /// `evaluateCandidates` for every task: the rows' distances to the packed candidates into
    /// `distances`, each task's potentials (one per lane) at `potentials + task * lanes`.
    private func scoreCandidates(_ packed: UnsafePointer<Double>, lanes: Int, closest: UnsafePointer<Double>,
                                 distances: UnsafeMutablePointer<Double>, potentials: UnsafeMutablePointer<Double>) {
        tasks.run(workers: workers) { _, t in
            self.evaluateCandidates(task: t, packed: packed, lanes: lanes, closest: closest,
                                    distances: distances, potentials: potentials + t * lanes)
        }
    }

    /// The chosen candidate (lane `lane` of `toCandidates`) joins the centroids: each row's
    /// `closest` becomes the smaller of the two, and each task's potential is totalled again.
    private func foldChosen(_ toCandidates: UnsafePointer<Double>, lane: Int, lanes: Int,
                            closest dist: UnsafeMutablePointer<Double>, totals: UnsafeMutablePointer<Double>) {
        let toChosen = toCandidates + lane
        tasks.run(workers: workers) { _, t in
            var s = 0.0
            for i in self.tasks.range(t) {
                dist[i] = min(dist[i], toChosen[i * lanes])
                s += self.weight(i) * dist[i]
            }
            totals[t] = s
        }
    }

    /// The row a k-means++ draw of `r` (uniform in `[0, sum of taskPotentials)`) selects: the
    /// first row whose cumulative potential `sum_{j <= i} w_j closest_j` reaches `r`
    /// (searchsorted, side "left"). The cumulative sum is the task totals in task order, then
    /// the rows of the one task it falls in; no `n`-long cumulative array is built or rescanned.
    /// Rounding can leave `r` past the end: the last row (of the task, or of the data), as
    /// scikit-learn clips its index.
    private func draw(_ r: Double, closest: [Double], taskPotentials: [Double]) -> Int {
        var before = 0.0
        for t in 0..<tasks.count {
            let through = before + taskPotentials[t]
            if through >= r {
                var running = before
                for i in tasks.range(t) {
                    running += weight(i) * closest[i]
                    if running >= r { return i }
                }
                return tasks.range(t).upperBound - 1
            }
            before = through
        }
        return n - 1
    }

    /// For the rows of task `t`: each row's squared distance to every packed candidate into
    /// `distances` (`lanes` per row), and per candidate the task's share of the potential,
    /// `sum_i w_i min(closest_i, ||x_i - candidate||^2)`, into `potentials[lane]`. On `kernel`:
    /// this is the portable path, `evaluateCandidatesNative` the C one (same bits).
    private func evaluateCandidates(task t: Int, packed: UnsafePointer<Double>, lanes: Int,
                                    closest: UnsafePointer<Double>, distances: UnsafeMutablePointer<Double>,
                                    potentials: UnsafeMutablePointer<Double>) {
        guard kernel == .portable else {
            evaluateCandidatesNative(task: t, packed: packed, lanes: lanes, closest: closest, distances: distances,
                                     potentials: potentials)
            return
        }
        let d = self.d, x = UnsafePointer(self.x), weights = self.weights
        let range = tasks.range(t)
        for group in 0..<(lanes / 4) {
            let candidatesT = packed + group * d * 4
            var sums = Lanes()
            for i in range {
                let toCandidates = squaredDistancesToFour(x + i * d, candidatesT, d: d)
                storeLanes(toCandidates, distances + i * lanes + group * 4)
                let w = weights?[i] ?? 1
                sums += lanesMin(toCandidates, Lanes(repeating: closest[i])) * w
            }
            storeLanes(sums, potentials + group * 4)
        }
    }

    /// `k` distinct rows drawn with probability proportional to weight, without replacement
    /// (each draw renormalises over the rows not yet taken, like numpy's `choice(replace=False, p=)`).
    /// Needs at least `k` rows with positive weight (checked by the caller).
    func randomRows(using rng: inout SplitMix64) -> [Double] {
        var centers = [Double](repeating: 0, count: k * d)
        var taken = [Bool](repeating: false, count: n)
        for slot in 0..<k {
            var remaining = 0.0
            for i in 0..<n where !taken[i] { remaining += weight(i) }
            let r = rng.nextUniform() * remaining
            var running = 0.0
            var pick = -1
            for i in 0..<n where !taken[i] && weight(i) > 0 {
                pick = i
                running += weight(i)
                if running > r { break }
            }
            taken[pick] = true
            copyRow(pick, into: &centers, slot: slot)
        }
        return centers
    }

    private func copyRow(_ i: Int, into centers: inout [Double], slot: Int) {
        for f in 0..<d { centers[slot * d + f] = x[i * d + f] }
    }
}
