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
        var closest = [Double](repeating: 0, count: n)
        var cumulative = [Double](repeating: 0, count: n)
        var partial = [Double](repeating: 0, count: max(tasks.count, tasks.count * lanes))
        // Row i's distances to this step's candidates at i * lanes + lane.
        var candidateDistances = [Double](repeating: 0, count: k > 1 ? n * lanes : 0)
        // Candidates transposed per group of four lanes: (group * d + f) * 4 + lane.
        var packed = [Double](repeating: 0, count: d * lanes)

        // First centroid: numpy's `choice(p=w / sum w)` takes the first index whose normalised
        // cumulative weight exceeds a uniform draw.
        var running = 0.0
        for i in 0..<n { running += weight(i); cumulative[i] = running }
        let first = min(n - 1, firstIndex(in: cumulative, greaterThan: rng.nextUniform() * running))
        copyRow(first, into: &centers, slot: 0)

        var potential = closest.withUnsafeMutableBufferPointer { closestBuffer in
            partial.withUnsafeMutableBufferPointer { partialBuffer in
                let dist = closestBuffer.baseAddress!, sums = partialBuffer.baseAddress!
                let c = x + first * d
                tasks.run(workers: workers) { _, t in
                    var s = 0.0
                    for i in self.tasks.range(t) {
                        dist[i] = squaredDistance(self.x + i * self.d, c, d: self.d)
                        s += dist[i] * self.weight(i)
                    }
                    sums[t] = s
                }
                return (0..<tasks.count).reduce(0.0) { $0 + sums[$1] }
            }
        }

        var candidates = [Int](repeating: 0, count: trials)
        var chosenLane: Int?                   // the previous step's pick, not yet in `closest`
        for slot in 1..<max(1, k) {
            running = 0
            if let lane = chosenLane {
                for i in 0..<n {
                    closest[i] = min(closest[i], candidateDistances[i * lanes + lane])
                    running += weight(i) * closest[i]
                    cumulative[i] = running
                }
            } else {
                for i in 0..<n { running += weight(i) * closest[i]; cumulative[i] = running }
            }
            for trial in 0..<trials {
                // numpy's searchsorted(side="left"), clipped like scikit-learn's against rounding.
                let r = rng.nextUniform() * potential
                candidates[trial] = min(n - 1, firstIndex(in: cumulative, atLeast: r))
            }
            for lane in 0..<lanes {
                // Spare lanes repeat the last candidate; their sums are never read.
                let row = x + candidates[min(lane, trials - 1)] * d
                for f in 0..<d { packed[((lane / 4) * d + f) * 4 + lane % 4] = row[f] }
            }
            let pots: [Double] = closest.withUnsafeBufferPointer { closestBuffer in
                partial.withUnsafeMutableBufferPointer { partialBuffer in
                    candidateDistances.withUnsafeMutableBufferPointer { candidateBuffer in
                        packed.withUnsafeBufferPointer { packedBuffer in
                            let dist = closestBuffer.baseAddress!, sums = partialBuffer.baseAddress!
                            let toCandidates = candidateBuffer.baseAddress!, packedCandidates = packedBuffer.baseAddress!
                            tasks.run(workers: workers) { _, t in
                                self.evaluateCandidates(task: t, packed: packedCandidates, lanes: lanes, closest: dist,
                                                        distances: toCandidates, potentials: sums + t * lanes)
                            }
                        }
                    }
                    let sums = partialBuffer.baseAddress!
                    return (0..<trials).map { trial in
                        (0..<tasks.count).reduce(0.0) { $0 + sums[$1 * lanes + trial] }
                    }
                }
            }
            var best = 0
            for trial in 1..<trials where pots[trial] < pots[best] { best = trial }
            potential = pots[best]
            chosenLane = best
            copyRow(candidates[best], into: &centers, slot: slot)
        }
        return centers
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

/// First index `i` with `sorted[i] > value` (`sorted.count` when none).
private func firstIndex(in sorted: [Double], greaterThan value: Double) -> Int {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] > value { hi = mid } else { lo = mid + 1 }
    }
    return lo
}

/// First index `i` with `sorted[i] >= value` (`sorted.count` when none).
private func firstIndex(in sorted: [Double], atLeast value: Double) -> Int {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] >= value { hi = mid } else { lo = mid + 1 }
    }
    return lo
}
