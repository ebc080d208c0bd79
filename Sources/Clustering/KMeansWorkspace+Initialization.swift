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
    func kMeansPlusPlus(using rng: inout SplitMix64) -> [Double] {
        let trials = 2 + Int(log(Double(k)))
        var centers = [Double](repeating: 0, count: k * d)
        var closest = [Double](repeating: 0, count: n)
        var cumulative = [Double](repeating: 0, count: n)
        var partial = [Double](repeating: 0, count: tasks.count * trials)

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
        for slot in 1..<max(1, k) {
            running = 0
            for i in 0..<n { running += weight(i) * closest[i]; cumulative[i] = running }
            for trial in 0..<trials {
                // numpy's searchsorted(side="left"), clipped like scikit-learn's against rounding.
                let r = rng.nextUniform() * potential
                candidates[trial] = min(n - 1, firstIndex(in: cumulative, atLeast: r))
            }
            let pots: [Double] = closest.withUnsafeBufferPointer { closestBuffer in
                partial.withUnsafeMutableBufferPointer { partialBuffer in
                    let dist = closestBuffer.baseAddress!, sums = partialBuffer.baseAddress!
                    tasks.run(workers: workers) { _, t in
                        let out = sums + t * trials
                        for trial in 0..<trials {
                            let c = self.x + candidates[trial] * self.d
                            var s = 0.0
                            for i in self.tasks.range(t) {
                                s += min(dist[i], squaredDistance(self.x + i * self.d, c, d: self.d)) * self.weight(i)
                            }
                            out[trial] = s
                        }
                    }
                    return (0..<trials).map { trial in
                        (0..<tasks.count).reduce(0.0) { $0 + sums[$1 * trials + trial] }
                    }
                }
            }
            var best = 0
            for trial in 1..<trials where pots[trial] < pots[best] { best = trial }
            potential = pots[best]
            let chosen = candidates[best]
            closest.withUnsafeMutableBufferPointer { closestBuffer in
                let dist = closestBuffer.baseAddress!
                let c = x + chosen * d
                tasks.run(workers: workers) { _, t in
                    for i in self.tasks.range(t) {
                        dist[i] = min(dist[i], squaredDistance(self.x + i * self.d, c, d: self.d))
                    }
                }
            }
            copyRow(chosen, into: &centers, slot: slot)
        }
        return centers
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
