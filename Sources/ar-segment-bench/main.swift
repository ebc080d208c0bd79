// ar-segment-bench: times ar-segment's phases on a CSV, for scripts/bench.
//
// Usage: ar-segment-bench DATA.csv INIT.csv --k 8 [--repeats 5] [--lloyd-iterations 10]
//                         [--silhouette-rows 20000] [--seed 0] [--skip-fit] [--only PHASE,...]
// Prints one JSON object {phase: median seconds}; the phases and their inputs
// mirror scripts/reference/bench.py exactly, so the ratios compare equal work.
// Timing lives here, not in tests: speed is measured in benchmarks.
import Clustering
import Foundation
import NumericCore
import Tabular

struct Arguments {
    var data = "", initPath = ""
    var k = 8, repeats = 5, lloydIterations = 10, silhouetteRows = 20_000
    var seed: UInt64 = 0
    var skipFit = false
    /// Phases to time (all when empty): for iterating on one kernel.
    var only = Set<String>()

    init(_ argv: [String]) {
        var positional = [String]()
        var i = 0
        func value() -> String {
            i += 1
            guard i < argv.count else { fatalError("missing value after \(argv[i - 1])") }
            return argv[i]
        }
        while i < argv.count {
            switch argv[i] {
            case "--k": k = Int(value())!
            case "--repeats": repeats = Int(value())!
            case "--lloyd-iterations": lloydIterations = Int(value())!
            case "--silhouette-rows": silhouetteRows = Int(value())!
            case "--seed": seed = UInt64(value())!
            case "--skip-fit": skipFit = true
            case "--only": only = Set(value().split(separator: ",").map(String.init))
            default: positional.append(argv[i])
            }
            i += 1
        }
        guard positional.count == 2 else {
            FileHandle.standardError.write("usage: ar-segment-bench DATA.csv INIT.csv --k K [--repeats N]\n".data(using: .utf8)!)
            exit(2)
        }
        (data, initPath) = (positional[0], positional[1])
    }
}

/// Median wall time of `repeats` runs of `body`, and the last result.
func medianTime<T>(_ repeats: Int, _ body: () throws -> T) rethrows -> (Double, T) {
    var times = [Double]()
    var result: T?
    for _ in 0..<max(1, repeats) {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return (times[times.count / 2], result!)
}

func readMatrix(_ path: String) throws -> Matrix {
    let stream = try CSVStream(path: path)
    let (values, rows) = try stream.readNumericColumns(Array(stream.header.indices))
    return Matrix(rows: rows, columns: stream.header.count, storage: values)
}

let args = Arguments(Array(CommandLine.arguments.dropFirst()))
func wants(_ phase: String) -> Bool { args.only.isEmpty || args.only.contains(phase) }
/// Repeats for a timed phase; a phase that only prepares input for another runs once.
func repeats(_ phase: String, _ count: Int) -> Int { wants(phase) ? count : 1 }

var out = [String: Double]()
do {
    let (readTime, x) = try medianTime(repeats("csv_read", args.repeats)) { try readMatrix(args.data) }
    if wants("csv_read") { out["csv_read"] = readTime }
    let (scaleTime, z) = medianTime(repeats("standardize", args.repeats)) { StandardScaler().fit(x).transform(x) }
    if wants("standardize") { out["standardize"] = scaleTime }

    if wants("kmeanspp_init") {
        out["kmeanspp_init"] = try medianTime(args.repeats) {
            try KMeans(clusterCount: args.k, restarts: 1, seed: args.seed).initialCentroids(z)
        }.0
    }

    // The Lloyd run's labels feed the silhouette phase.
    var lloydModel: KMeansModel?
    if wants("lloyd_iteration") || wants("silhouette_20k") {
        let lloyd = KMeans(clusterCount: args.k, initialization: .centroids(try readMatrix(args.initPath)),
                           restarts: 1, maxIterations: args.lloydIterations, tolerance: 0)
        let (lloydTime, model) = try medianTime(repeats("lloyd_iteration", args.repeats)) { try lloyd.fit(z) }
        lloydModel = model
        if wants("lloyd_iteration") {
            out["lloyd_iteration"] = lloydTime / Double(model.iterations)
            out["lloyd_iterations_run"] = Double(model.iterations)
            out["lloyd_inertia"] = model.inertia
            // The cost of one more iteration without the per-fit setup (centred copy, norms,
            // final inertia) that both sides pay once: a fit with 3x the iterations, minus this one.
            var longer = lloyd
            longer.maxIterations = 3 * args.lloydIterations
            let (longTime, longModel) = try medianTime(args.repeats) { try longer.fit(z) }
            // Undefined when the fit converges (labels stop changing) within the shorter run.
            if longModel.iterations > model.iterations {
                out["lloyd_iteration_marginal"] = (longTime - lloydTime) / Double(longModel.iterations - model.iterations)
            }
        }
    }

    if !args.skipFit && wants("fit_ninit10") {
        let (fitTime, model) = try medianTime(max(1, args.repeats / 2)) {
            try KMeans(clusterCount: args.k, restarts: 10, seed: args.seed).fit(z)
        }
        out["fit_ninit10"] = fitTime
        out["fit_ninit10_inertia"] = model.inertia
    }
    if wants("minibatch_fit") {
        let (time, model) = try medianTime(max(1, args.repeats / 2)) {
            try MiniBatchKMeans(clusterCount: args.k, restarts: 3, seed: args.seed).fit(z)
        }
        out["minibatch_fit"] = time
        out["minibatch_inertia"] = model.inertia
    }
    if wants("pca") {
        out["pca"] = try medianTime(args.repeats) { try PrincipalComponents().fit(x) }.0
    }

    if wants("silhouette_20k") {
        let rows = min(args.silhouetteRows, z.rows)
        let sample = z.selectingRows(0..<rows)
        let labels = Array(lloydModel!.labels.prefix(rows))
        let (time, score) = medianTime(max(1, args.repeats / 2)) {
            ClusterQuality.silhouetteScore(sample, labels: labels)
        }
        out["silhouette_20k"] = time
        out["silhouette_20k_score"] = score
    }
} catch {
    FileHandle.standardError.write("ar-segment-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
let json = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
