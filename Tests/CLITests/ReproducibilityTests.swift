import Foundation
import Testing
import TestSupport

/// Issue 7, "reproducible": the same inputs and seed give byte-identical files, run twice and
/// with OpenBLAS on one thread versus two.
@Suite("Reproducibility", .tags(.cli))
struct ReproducibilityTests {
    /// The files issue 7 names; every other file a run writes is compared too.
    static let required = ["model.json", "assignments.csv", "profiles.csv", "worklist.csv"]

    /// Runs `segment` into `name` with OpenBLAS on `threads` threads; returns every file's bytes.
    func segment(_ cli: BinaryRunner, _ accounts: String, _ scratch: ScratchDirectory, _ name: String,
                 threads: Int, extra: [String] = []) throws -> [String: [UInt8]] {
        let run = scratch.path(name)
        let result = try cli.run(["segment", accounts, "--seed", "17", "-o", run] + extra,
                                 environment: ["OPENBLAS_NUM_THREADS": "\(threads)"])
        expectSuccess(result)
        var files: [String: [UInt8]] = [:]
        for file in listing(run) { files[file] = bytes(run + "/" + file) }
        return files
    }

    @Test("segment: same seed gives the same bytes, twice and on 1 vs 2 OpenBLAS threads",
          arguments: [["--k", "4"], ["--k", "3", "--pca-components", "2"], ["--k", "auto"]])
    func segmentIsReproducible(options: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch, customers: 150)
        let first = try segment(cli, accounts, scratch, "a", threads: 1, extra: options)
        let second = try segment(cli, accounts, scratch, "b", threads: 1, extra: options)
        let twoThreads = try segment(cli, accounts, scratch, "c", threads: 2, extra: options)
        for name in Self.required { #expect(first[name] != nil, "\(name) not written") }
        #expect(Set(first.keys) == Set(second.keys) && Set(first.keys) == Set(twoThreads.keys))
        for (name, content) in first {
            #expect(second[name] == content, "\(name) differs between two runs (\(options))")
            #expect(twoThreads[name] == content, "\(name) differs between 1 and 2 OpenBLAS threads (\(options))")
        }
    }

    @Test("discover and validate: same seed gives the same bytes on 1 vs 2 OpenBLAS threads")
    func discoverAndValidateAreReproducible() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch, customers: 100)
        let trained = scratch.path("trained")
        expectSuccess(try cli.run(["segment", accounts, "--k", "3", "--seed", "4", "-o", trained]))
        var runs: [[String: [UInt8]]] = []
        for (index, threads) in [1, 1, 2].enumerated() {
            let environment = ["OPENBLAS_NUM_THREADS": "\(threads)"]
            let discover = scratch.path("discover-\(index)")
            let validate = scratch.path("validate-\(index)")
            expectSuccess(try cli.run(["discover", accounts, "--k-range", "2...4", "--seed", "8", "--references", "3",
                                       "--bootstrap", "3", "--n-init", "2", "-o", discover], environment: environment))
            expectSuccess(try cli.run(["validate", accounts, "--model", trained + "/model.json", "--bootstrap", "5",
                                       "--seed", "8", "-o", validate], environment: environment))
            var files: [String: [UInt8]] = [:]
            for name in listing(discover) { files["discover/" + name] = bytes(discover + "/" + name) }
            for name in listing(validate) { files["validate/" + name] = bytes(validate + "/" + name) }
            runs.append(files)
        }
        #expect(runs[0].count >= 2, "nothing written: \(runs[0].keys)")
        for (name, content) in runs[0] {
            #expect(runs[1][name] == content, "\(name) differs between two runs")
            #expect(runs[2][name] == content, "\(name) differs between 1 and 2 OpenBLAS threads")
        }
    }

    @Test("segment: another seed is allowed to differ, and the model records the seed")
    func seedIsRecorded() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch, customers: 60)
        let run = scratch.path("run")
        expectSuccess(try cli.run(["segment", accounts, "--k", "3", "--seed", "123456789", "-o", run]))
        let data = try #require(bytes(run + "/model.json"))
        let model = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        #expect((model["seed"] as? NSNumber)?.uint64Value == 123_456_789)
    }

    @Test("generate and features: same arguments give the same bytes")
    func ledgerSideIsReproducible() throws {
        let cli = try BinaryRunner()
        let a = try ScratchDirectory()
        let b = try ScratchDirectory()
        let first = try generatedAccounts(cli, in: a, customers: 80, seed: 99)
        let second = try generatedAccounts(cli, in: b, customers: 80, seed: 99)
        #expect(bytes(a.path("ledger.csv")) == bytes(b.path("ledger.csv")))
        #expect(bytes(first) == bytes(second))
    }

    @Test("kmeans and pca --json: same seed gives the same bytes on 1 vs 2 OpenBLAS threads")
    func numericCommandsAreReproducible() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let data = try scratch.write("data.csv", numericCSV(rows: 400, columns: 5))
        var outputs: [[UInt8]] = []
        for (index, threads) in [1, 1, 2].enumerated() {
            let kmeans = scratch.path("kmeans-\(index).json")
            let pca = scratch.path("pca-\(index).json")
            let environment = ["OPENBLAS_NUM_THREADS": "\(threads)"]
            expectSuccess(try cli.run(["kmeans", data, "--id", "id", "--k", "3", "--seed", "5", "--standardize",
                                       "--json", kmeans], environment: environment))
            expectSuccess(try cli.run(["pca", data, "--id", "id", "--standardize", "--json", pca],
                                      environment: environment))
            outputs.append((bytes(kmeans) ?? []) + [0] + (bytes(pca) ?? []))
        }
        #expect(outputs[0].count > 2)
        #expect(outputs[0] == outputs[1], "two runs differ")
        #expect(outputs[0] == outputs[2], "1 and 2 threads differ")
        #expect(listing(scratch.url.path).count == 7, "data.csv and six JSON files: \(listing(scratch.url.path))")
    }
}
