/// The outcome of one Lloyd run, in centred coordinates.
struct LloydRun {
    var centers: [Double]          // k x d, centred
    var labels: [Int]              // empty unless asked for (see `runLloyd`)
    var inertia: Double
    var iterations: Int
    var converged: Bool
    var inertiaHistory: [Double]
}

extension KMeansWorkspace {
    /// One run of Lloyd's algorithm from `initial` (`k x d`, centred), as scikit-learn's
    /// `_kmeans_single_lloyd`: assign + accumulate, relocate empty clusters, average, then stop on
    /// unchanged labels (strict convergence) or a total squared centre shift `<= tolerance`
    /// (already scaled by the data variance). Without strict convergence a last assignment makes
    /// labels match the returned centres. The labels stay in `labels`; the run holds a copy
    /// only when `copyLabels` (`fit` copies those of the best run only: an 8 MB array per
    /// restart at 1M rows, fresh pages each time).
    func runLloyd(initial: [Double], maxIterations: Int, tolerance: Double, copyLabels: Bool = true) -> LloydRun {
        var centers = initial
        var updated = [Double](repeating: 0, count: k * d)
        var clusterWeights = [Double](repeating: 0, count: k)
        var history = [Double]()
        history.reserveCapacity(maxIterations)
        labels.update(repeating: -1, count: n)

        var iterations = 0
        var strict = false
        var converged = false
        for _ in 0..<maxIterations {
            iterations += 1
            centers.withUnsafeBufferPointer { prepare(centers: $0.baseAddress!) }
            let (stepInertia, changed) = assign(accumulate: true)
            history.append(stepInertia)
            let shift = centers.withUnsafeBufferPointer { old in
                updated.withUnsafeMutableBufferPointer { new in
                    clusterWeights.withUnsafeMutableBufferPointer { w in
                        updateCenters(old: old.baseAddress!, new: new.baseAddress!, clusterWeights: w.baseAddress!)
                    }
                }
            }
            swap(&centers, &updated)
            if changed == 0 { strict = true; converged = true; break }
            if shift <= tolerance { converged = true; break }
        }
        if !strict {
            centers.withUnsafeBufferPointer { prepare(centers: $0.baseAddress!) }
            _ = assign(accumulate: false)
        }
        let finalInertia = centers.withUnsafeBufferPointer { self.inertia(centers: $0.baseAddress!) }
        return LloydRun(centers: centers, labels: copyLabels ? Array(UnsafeBufferPointer(start: labels, count: n)) : [],
                        inertia: finalInertia, iterations: iterations, converged: converged,
                        inertiaHistory: history)
    }

    /// M-step after an accumulating assignment: combine partials into `new`, relocate empty
    /// clusters, divide by the weights. Returns the total squared shift from `old`.
    func updateCenters(old: UnsafePointer<Double>, new: UnsafeMutablePointer<Double>,
                       clusterWeights: UnsafeMutablePointer<Double>) -> Double {
        reducePartials(sums: new, clusterWeights: clusterWeights)
        relocateEmptyClusters(old: old, sums: new, clusterWeights: clusterWeights)
        averageCenters(new, clusterWeights: clusterWeights)
        // Per-cluster Euclidean shift, squared and summed, as scikit-learn's `_center_shift`.
        var total = 0.0
        for j in 0..<k {
            let shift = squaredDistance(new + j * d, old + j * d, d: d).squareRoot()
            total += shift * shift
        }
        return total
    }

    /// scikit-learn's `_relocate_empty_clusters_dense`: each cluster with zero weight takes the
    /// row farthest from its (old) centroid, which leaves its previous cluster. Nothing moves
    /// when every row sits on its centroid (fewer distinct rows than clusters).
    ///
    /// With several empty clusters the farthest rows are taken in decreasing distance (ties by
    /// row index); scikit-learn's `argpartition` leaves their order unspecified.
    func relocateEmptyClusters(old: UnsafePointer<Double>, sums: UnsafeMutablePointer<Double>,
                               clusterWeights: UnsafeMutablePointer<Double>) {
        let empty = (0..<k).filter { clusterWeights[$0] == 0 }
        guard !empty.isEmpty else { return }
        var distances = [Double](repeating: 0, count: n)
        for i in 0..<n { distances[i] = squaredDistance(x + i * d, old + labels[i] * d, d: d) }
        guard let largest = distances.max(), largest > 0 else { return }
        let farthest = (0..<n).sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
        for (slot, cluster) in empty.enumerated() {
            let far = farthest[slot]
            let w = weight(far)
            let previous = labels[far]
            let xi = x + far * d
            for f in 0..<d {
                sums[previous * d + f] -= xi[f] * w
                sums[cluster * d + f] = xi[f] * w
            }
            clusterWeights[cluster] = w
            clusterWeights[previous] -= w
        }
    }

    /// scikit-learn's `_average_centers`: sums times `1 / weight`; a still-empty cluster copies
    /// the row of the heaviest cluster *as it is at that moment of the in-place loop* (already
    /// averaged if it comes earlier, still a sum if later). Kept identical so explicit-init
    /// results match scikit-learn exactly; it only happens when relocation was impossible.
    func averageCenters(_ centers: UnsafeMutablePointer<Double>, clusterWeights: UnsafePointer<Double>) {
        var heaviest = 0
        for j in 1..<max(1, k) where clusterWeights[j] > clusterWeights[heaviest] { heaviest = j }
        for j in 0..<k {
            if clusterWeights[j] > 0 {
                let alpha = 1 / clusterWeights[j]
                for f in 0..<d { centers[j * d + f] *= alpha }
            } else {
                for f in 0..<d { centers[j * d + f] = centers[heaviest * d + f] }
            }
        }
    }
}
