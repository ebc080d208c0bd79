import ArgumentParser
import Foundation
import Reporting
import Segmentation
import Receivables

/// `ar-segment discover`: how many segments the data support.
struct DiscoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Try a range of k and recommend one by a vote across cluster-quality indices.",
        discussion: """
        For each k: inertia, silhouette (sampled and seeded above 5000 accounts), Calinski-Harabasz, Davies-Bouldin, the gap statistic (seeded uniform reference sets) and bootstrap stability (mean Jaccard, as R's fpc::clusterboot). The elbow of inertia is found with the Kneedle method. The recommended k is the one most indices vote for (as R's NbClust); ties go to the smaller k. Writes discover.html, discover.md and discover.json into DIR.

        Examples:
          ar-segment discover datasets/features.csv -o out/discover
          ar-segment discover datasets/features.csv --k-range 3...8 --bootstrap 50 --seed 7 -o out/discover
          ar-segment discover --ledger datasets/ledger.csv --as-of 2025-03-31 --horizon 30 -o out/discover-outcomes
        """
    )

    @OptionGroup var input: AccountInputOptions

    @Option(help: "With --ledger: also show, per k, how much of the variance of the H-day collected share lies between the segments (eta squared; outcome evidence, it does not vote).")
    var horizon: Int?

    @OptionGroup var clustering: ClusteringOptions

    @Option(name: .customLong("k-range"), help: "The k values to try, as FIRST...LAST (each at least 2).")
    var kRange: KRangeArgument = KRangeArgument(range: 2...10)

    @Option(help: "Gap statistic reference sets per k (0 skips the gap statistic).")
    var references: Int = 10

    @Option(help: "Bootstrap resamples per k for stability (0 skips it).")
    var bootstrap: Int = 20

    @Option(name: .shortAndLong, help: "Output directory (created when missing).")
    var output: String

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        try input.validate()
        if let horizon, input.ledger == nil || horizon < 1 {
            throw ValidationError("--horizon needs --ledger and a number of days of at least 1 (got \(horizon))")
        }
        try clustering.validate()
        guard kRange.range.lowerBound >= 2 else {
            throw ValidationError("--k-range must start at 2 or more: the indices are undefined for one cluster")
        }
        guard references >= 0, bootstrap >= 0 else {
            throw ValidationError("--references and --bootstrap must be 0 or more")
        }
    }

    func run() throws {
        messages.startLogging()
        let progress = messages.progress()
        defer { progress.finish() }
        let loaded = try input.load()
        printNotes(loaded.notes)
        let table = loaded.table
        var options = DiscoveryOptions(clusterCounts: Array(kRange.range), seed: clustering.seed,
                                       toolVersion: ARSegment.toolVersion)
        options.features = clustering.featureList
        options.restarts = clustering.nInit
        options.pcaComponents = clustering.pcaComponents
        options.gapReferenceSets = references
        options.bootstrapReplicates = bootstrap
        options.inputName = (loaded.path as NSString).lastPathComponent
        options.asOf = loaded.asOf?.description
        options.horizon = horizon
        options.ledger = input.featureOptions.map { LedgerSource(path: loaded.path, features: $0) }
        let (search, report) = try DiscoveryPipeline.run(table, accountsPath: loaded.path, options: options,
                                                         progress: progress.update)
        let files = try ReportFiles.discovery(report)
        progress.finish()
        try writeOutputs(files, to: output, inputs: loaded.inputs)
        print("recommended k = \(search.recommendedK): \(search.vote.reason)")
        for ballot in search.vote.ballots { print("  \(ballot.reason)") }
        if let outcomes = report.outcomes {
            print("eta squared of the \(outcomes.horizon)-day collected share (does not vote): " + report.candidates.map {
                "k=\($0.k) " + ($0.collectedShareEtaSquared.map { String(format: "%.3f", $0) } ?? "n/a")
            }.joined(separator: ", "))
        }
        print((output as NSString).appendingPathComponent("discover.html"))
    }
}

/// `FIRST...LAST` (also `FIRST..LAST` or `FIRST-LAST`).
struct KRangeArgument: ExpressibleByArgument {
    var range: ClosedRange<Int>

    init(range: ClosedRange<Int>) { self.range = range }

    init?(argument: String) {
        for separator in ["...", "..", "-"] {
            let parts = argument.components(separatedBy: separator)
            if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low <= high {
                range = low...high
                return
            }
        }
        return nil
    }

    var defaultValueDescription: String { "\(range.lowerBound)...\(range.upperBound)" }
}
