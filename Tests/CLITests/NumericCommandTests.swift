import Foundation
import TestSupport
import Testing

/// Runs the built `ar-segment` binary on CSV files and checks its JSON, exit codes and
/// error lines. Reference numbers come from scikit-learn 1.9.1 (the fixtures committed
/// under Tests/ClusteringTests/Fixtures and scikit-learn's own `test_kmeans_results`).
@Suite(.tags(.cli)) struct NumericCommandTests {
    /// This test's files, and the binary's working directory (every test gets its own; removed
    /// when it ends).
    private let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory(prefix: "numeric-cli") }

    // MARK: helpers

    private typealias Run = BinaryRunner.Result

    /// Runs the built `ar-segment` in this test's directory.
    private func run(_ arguments: [String]) throws -> Run {
        try BinaryRunner.run(arguments, in: scratch.url)
    }

    private func path(_ name: String) -> String { scratch.path(name) }

    private func write(_ name: String, _ text: String) throws { try scratch.write(name, text) }

    /// Writes a numeric matrix as CSV with columns f0, f1, ... (shortest round-trip numbers).
    private func writeMatrix(_ name: String, _ rows: [[Double]], prefix: String = "f", extra: (String, [String])? = nil) throws {
        let width = rows.first?.count ?? 0
        var header = (0..<width).map { "\(prefix)\($0)" }
        if let extra { header.append(extra.0) }
        var text = header.joined(separator: ",") + "\n"
        for (i, row) in rows.enumerated() {
            var cells = row.map { "\($0)" }
            if let extra { cells.append(extra.1[i]) }
            text += cells.joined(separator: ",") + "\n"
        }
        try write(name, text)
    }

    private func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func fixture(_ name: String) throws -> [[String: Any]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ClusteringTests/Fixtures/\(name).json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(object?["cases"] as? [[String: Any]])
    }

    private func matrix(_ value: Any?) -> [[Double]] { (value as? [[NSNumber]])?.map { $0.map(\.doubleValue) } ?? [] }
    private func vector(_ value: Any?) -> [Double] { (value as? [NSNumber])?.map(\.doubleValue) ?? [] }
    private func integers(_ value: Any?) -> [Int] { (value as? [NSNumber])?.map(\.intValue) ?? [] }

    // MARK: agreement with scikit-learn

    /// scikit-learn's `test_kmeans_results`: weights [3,1,1,3], init [[0,0],[1,1]].
    @Test func kmeansReproducesScikitLearnKnownAnswer() throws {
        try write("x.csv", "account,x,y,w\n007,0,0,3\n008,.5,0,1\n009,.5,1,1\n010,1,1,3\n")
        try write("init.csv", "y,x\n0,0\n1,1\n")
        let result = try run(["kmeans", "x.csv", "--id", "account", "--weights", "w", "--k", "2",
                              "--init", "init.csv", "--json", "out.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = try json("out.json")
        #expect(integers(out["labels"]) == [0, 0, 1, 1])
        #expect(approxEqual(vector(out["inertia"].map { [$0] }), [0.375]))
        #expect(approxEqual(matrix(out["cluster_centers"]).flatMap { $0 }, [0.125, 0, 0.875, 1]))
        #expect(out["n_iter"] as? Int == 2)
        #expect(out["ids"] as? [String] == ["007", "008", "009", "010"])
        #expect(out["feature_names"] as? [String] == ["x", "y"])
    }

    @Test func kmeansMatchesExplicitInitFixtures() throws {
        for case_ in try fixture("kmeans_explicit") {
            let name = case_["name"] as! String
            let weights = vector(case_["sample_weight"])
            try writeMatrix("x.csv", matrix(case_["x"]), extra: weights.isEmpty ? nil : ("w", weights.map { "\($0)" }))
            try writeMatrix("init.csv", matrix(case_["init"]))
            let k = matrix(case_["init"]).count
            var arguments = ["kmeans", "x.csv", "--k", "\(k)", "--init", "init.csv", "--json", "out.json",
                             "--max-iter", "\(case_["max_iter"] as! Int)", "--tol", "\(case_["tol"] as! Double)"]
            if !weights.isEmpty { arguments += ["--weights", "w"] }
            let result = try run(arguments)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let out = try json("out.json")
            #expect(integers(out["labels"]) == integers(case_["labels"]), "\(name)")
            let inertia = (case_["inertia"] as! NSNumber).doubleValue
            #expect(approxEqual((out["inertia"] as! NSNumber).doubleValue, inertia, absolute: 1e-9), "\(name)")
            #expect(approxEqual(matrix(out["cluster_centers"]).flatMap { $0 }, matrix(case_["cluster_centers"]).flatMap { $0 },
                                absolute: 1e-9), "\(name)")
            #expect(out["n_iter"] as? Int == case_["n_iter"] as? Int, "\(name)")
        }
    }

    @Test func pcaMatchesFixtures() throws {
        for case_ in try fixture("pca") {
            let name = case_["name"] as! String
            try writeMatrix("x.csv", matrix(case_["x"]))
            var arguments = ["pca", "x.csv", "--json", "out.json"]
            if let count = case_["n_components"] as? Int { arguments += ["--components", "\(count)"] }
            let result = try run(arguments)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let out = try json("out.json")
            for key in ["mean", "explained_variance", "explained_variance_ratio", "singular_values"] {
                #expect(approxEqual(vector(out[key]), vector(case_[key]), absolute: 1e-9), "\(name) \(key)")
            }
            // Components of (near) zero variance are arbitrary; compare those with real variance.
            let kept = vector(case_["explained_variance"]).prefix { $0 > 1e-9 }.count
            #expect(approxEqual(matrix(out["components"]).prefix(kept).flatMap { $0 },
                                matrix(case_["components"]).prefix(kept).flatMap { $0 }, absolute: 1e-9), "\(name)")
        }
    }

    @Test func metricsMatchFixtures() throws {
        for case_ in try fixture("metrics") {
            let name = case_["name"] as! String
            try writeMatrix("x.csv", matrix(case_["x"]))
            try write("labels.csv", "cluster\n" + integers(case_["labels"]).map(String.init).joined(separator: "\n") + "\n")
            let result = try run(["metrics", "x.csv", "--labels", "labels.csv", "--json", "out.json"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let out = try json("out.json")
            for (ours, theirs) in [("silhouette", "silhouette_score"), ("calinski_harabasz", "calinski_harabasz"),
                                   ("davies_bouldin", "davies_bouldin")] {
                #expect(approxEqual((out[ours] as! NSNumber).doubleValue, (case_[theirs] as! NSNumber).doubleValue),
                        "\(name) \(ours)")
            }
        }
    }

    @Test func standardizeMatchesScalerFixtureAndWarnsOnConstantColumn() throws {
        let case_ = try #require(try fixture("scaler").first { ($0["name"] as? String) == "n100_d6_constant_column" })
        try writeMatrix("x.csv", matrix(case_["x"]))
        let result = try run(["pca", "x.csv", "--standardize", "--json", "out.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = try json("out.json")
        let scaler = try #require(out["scaler"] as? [String: Any])
        #expect(approxEqual(vector(scaler["mean"]), vector(case_["mean"]), relative: 1e-12))
        #expect(approxEqual(vector(scaler["scale"]), vector(case_["scale"]), relative: 1e-12))
        #expect((out["warnings"] as? [String])?.contains { $0.contains("'f3' has zero variance") } == true)
        #expect(approxEqual(vector(out["mean"]), [Double](repeating: 0, count: 6), absolute: 1e-12))
    }

    /// `--pca-components` clusters exactly what the `pca` command's projection gives.
    @Test func kmeansOnPrincipalComponentsClustersThePCAProjection() throws {
        let (x, _) = gaussianBlobs(rows: 400, columns: 5, clusters: 3, seed: 21)
        try writeMatrix("x.csv", x.rowArrays)
        var result = try run(["pca", "x.csv", "--standardize", "--components", "2", "--json", "pca.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let pca = try json("pca.json")
        let scaler = try #require(pca["scaler"] as? [String: Any])
        let (scaleMean, scale) = (vector(scaler["mean"]), vector(scaler["scale"]))
        let (mean, components) = (vector(pca["mean"]), matrix(pca["components"]))
        let projected = x.rowArrays.map { row -> [Double] in
            let centred: [Double] = row.indices.map { (row[$0] - scaleMean[$0]) / scale[$0] - mean[$0] }
            return components.map { component -> Double in zip(centred, component).reduce(0.0) { $0 + $1.0 * $1.1 } }
        }
        try writeMatrix("projected.csv", projected)
        let common = ["--k", "3", "--n-init", "3", "--seed", "5"]
        result = try run(["kmeans", "projected.csv", "--json", "direct.json"] + common)
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["kmeans", "x.csv", "--standardize", "--pca-components", "2", "--json", "piped.json"] + common)
        #expect(result.status == 0, "\(result.stderr)")
        let (direct, piped) = (try json("direct.json"), try json("piped.json"))
        #expect(integers(piped["labels"]) == integers(direct["labels"]))
        #expect(approxEqual((piped["inertia"] as! NSNumber).doubleValue, (direct["inertia"] as! NSNumber).doubleValue,
                            relative: 1e-9))
        let recorded = try #require(piped["pca"] as? [String: Any])
        #expect(approxEqual(matrix(recorded["components"]).flatMap { $0 }, components.flatMap { $0 }, absolute: 1e-12))
        #expect(matrix(piped["cluster_centers"]).allSatisfy { $0.count == 2 })

        try expectFailure(["kmeans", "x.csv", "--k", "3", "--pca-components", "6", "--json", "out.json"], status: 65,
                          line: "x.csv: --pca-components must be at most min(rows, features) = 5 (6)")
        try write("init.csv", "f0,f1,f2,f3,f4\n0,0,0,0,0\n1,1,1,1,1\n2,2,2,2,2\n")
        let refused = try run(["kmeans", "x.csv", "--k", "3", "--init", "init.csv", "--pca-components", "2",
                               "--json", "out.json"])
        #expect(refused.status == 64 && refused.stderr.contains("cannot be combined with --pca-components"), "\(refused.stderr)")
    }

    /// `doctor` names the k-means kernel in use, and `AR_SEGMENT_KERNEL` caps it; the same
    /// k-means run on the portable and the best kernel writes the same bytes.
    @Test func doctorReportsTheKernelAndEveryKernelGivesTheSameResult() throws {
        let portable = try BinaryRunner.run(["doctor"], environment: ["AR_SEGMENT_KERNEL": "portable"], in: scratch.url)
        #expect(portable.status == 0 && portable.stdout.contains("k-means kernels: portable (this CPU supports "),
                "\(portable.stdout)")
        let (x, _) = gaussianBlobs(rows: 5_000, columns: 7, clusters: 6, seed: 3)
        try writeMatrix("x.csv", x.rowArrays)
        for (kernel, out) in [("portable", "p.json"), ("avx512", "n.json")] {
            let result = try BinaryRunner.run(["kmeans", "x.csv", "--k", "6", "--n-init", "3", "--seed", "1", "--json", out],
                                              environment: ["AR_SEGMENT_KERNEL": kernel], in: scratch.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("p.json"))) == Data(contentsOf: URL(fileURLWithPath: path("n.json"))))
    }

    // MARK: reproducibility

    @Test func sameSeedGivesIdenticalBytes() throws {
        let (x, _) = gaussianBlobs(rows: 300, columns: 3, clusters: 4, seed: 11)
        try writeMatrix("x.csv", x.rowArrays)
        for out in ["a.json", "b.json"] {
            let result = try run(["kmeans", "x.csv", "--k", "4", "--n-init", "5", "--seed", "42", "--standardize", "--json", out])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("a.json"))) == Data(contentsOf: URL(fileURLWithPath: path("b.json"))))
    }

    // MARK: bad input: one line, non-zero exit, nothing written

    private func expectFailure(_ arguments: [String], status: Int32, line: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(arguments)
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == line + "\n", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: path("out.json")), sourceLocation: sourceLocation)
    }

    @Test func rejectsBadCellsNamingFileLineColumnAndValue() throws {
        let cells = ["nan", "inf", "1e400", "0x1p3", "1,234.56", "$12", "(12.50)", "", "NA", "NULL"]
        for cell in cells {
            let quoted = cell.contains(",") ? "\"\(cell)\"" : cell
            try write("x.csv", "id,a,b\n1,0.5,2\n2,\(quoted),3\n3,1,1\n")
            let message = cell == "1e400" ? "number out of Double range"
                : cell.isEmpty ? "empty cell where a number is required" : "not a plain decimal number"
            try expectFailure(["kmeans", "x.csv", "--id", "id", "--k", "2", "--json", "out.json"], status: 65,
                              line: "x.csv:3:a: \(message) (\(cell))")
        }
    }

    @Test func rejectsStructuralAndOptionProblems() throws {
        try write("x.csv", "id,a,b\n1,0.5,2\n2,1,3\n3,1,1\n")
        try expectFailure(["kmeans", "x.csv", "--id", "id", "--k", "5", "--json", "out.json"], status: 65,
                          line: "x.csv: number of samples (3) should be at least the number of clusters (5)")
        try expectFailure(["kmeans", "x.csv", "--id", "account", "--k", "2", "--json", "out.json"], status: 65,
                          line: "x.csv:1: missing required column (account)")
        try expectFailure(["kmeans", "x.csv", "--k", "2", "--json", "x.csv"], status: 73,
                          line: "x.csv: refusing to overwrite an input file (x.csv)")
        #expect(try String(contentsOfFile: path("x.csv"), encoding: .utf8) == "id,a,b\n1,0.5,2\n2,1,3\n3,1,1\n")
        try write("ragged.csv", "a,b\n1,2\n3\n")
        try expectFailure(["pca", "ragged.csv", "--json", "out.json"], status: 65, line: "ragged.csv:3: expected 2 fields, found 1")
        try write("init.csv", "a,c\n0,0\n1,1\n")
        try expectFailure(["kmeans", "x.csv", "--id", "id", "--k", "2", "--init", "init.csv", "--json", "out.json"], status: 65,
                          line: "init.csv:1: centroid columns must be the data's feature columns; missing b; unexpected c")
        try write("w.csv", "a,w\n1,1\n2,-1\n3,1\n")
        try expectFailure(["kmeans", "w.csv", "--weights", "w", "--k", "2", "--json", "out.json"], status: 65,
                          line: "w.csv:3:w: sample weight must be non-negative (-1)")
        try write("labels.csv", "label\n0\n1\n")
        try expectFailure(["metrics", "x.csv", "--id", "id", "--labels", "labels.csv", "--json", "out.json"], status: 65,
                          line: "labels.csv: 2 labels for 3 data rows in x.csv")
        try write("labels.csv", "label\n0\nx\n1\n")
        try expectFailure(["metrics", "x.csv", "--id", "id", "--labels", "labels.csv", "--json", "out.json"], status: 65,
                          line: "labels.csv:3:label: not an integer label (x)")

        let usage = try run(["pca", "x.csv", "--components", "2", "--variance", "0.9", "--json", "out.json"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("give --components or --variance, not both"))
    }

    @Test func helpShowsAnExample() throws {
        for command in ["kmeans", "pca", "metrics"] {
            let help = try run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example:\n  ar-segment \(command) "), "\(command)")
        }
    }
}
