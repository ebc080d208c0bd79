import Clustering
import Foundation
import Receivables
import Tabular

/// `backtest` as a library call: the segments at T (and at earlier origins), then one pass over
/// the ledger that folds what happened in every window (T_i, T_i + H] into outcome tallies
/// (`Receivables.OutcomeAccumulator`), then the report. Nothing after an origin reaches its
/// segments: they come from the features at that date (`FeatureOptions`, the as-of rule) and
/// the same pipeline as `segment`. Pure computation: nothing is written here.
public enum BacktestPipeline {
    /// The segments at one origin, and the groups the outcomes are tallied by
    /// (segment x test group, `group = segmentIndex * testGroupCount + testGroupIndex`).
    struct OriginSegments {
        var asOf: CalendarDay
        var accountCount: Int
        var ids: [String]
        /// Dense segment index of each of `ids`.
        var segmentIndex: [Int]
        var segments: [BacktestSegment]
        var testGroups: [HoldoutDesign.Group]?
        /// `assignments.csv` of the segments at T, as `segment` writes it (not for `--assignments`).
        var assignmentsCSV: String?
        var testGroupCount: Int { testGroups == nil ? 1 : HoldoutDesign.Group.allCases.count }
        var groupCount: Int { segments.count * testGroupCount }

        var groupOf: [String: Int] {
            var map: [String: Int] = [:]
            map.reserveCapacity(ids.count)
            for (row, id) in ids.enumerated() {
                let test = testGroups.map { HoldoutDesign.Group.allCases.firstIndex(of: $0[row])! } ?? 0
                map[id] = segmentIndex[row] * testGroupCount + test
            }
            return map
        }
    }

    /// Runs the backtest. `progress(stage, done, total)` reports the origins and the ledger pass.
    public static func run(_ options: BacktestOptions, progress: ((String, Int, Int) -> Void)? = nil) throws -> BacktestRun {
        precondition(!options.horizons.isEmpty && options.origins >= 1, "checked by the command")
        let asOf = options.features.asOf
        if case .assignments = options.segments, options.origins > 1 {
            throw ParameterError(.origins, "needs segments formed at each origin: use \(Parameter.model) or the segment "
                                 + "options, not \(Parameter.assignments)")
        }
        var notes: [String] = []
        var origins: [OriginSegments] = []
        for n in 0..<options.origins {
            progress?("segments at each origin", n, options.origins)
            var features = options.features
            features.asOf = options.step.origin(n, before: asOf)
            let (table, featureNotes, _) = try features.features(ledgerPath: options.ledgerPath)
            if n == 0 { notes += featureNotes }
            var originNotes: [String] = []
            origins.append(try segments(at: features.asOf, table: table, options: options, notes: &originNotes))
            if n == 0 { notes += originNotes }
        }

        var accumulators = origins.map { origin in
            let groupOf = origin.groupOf
            return options.horizons.map {
                OutcomeAccumulator(asOf: origin.asOf, horizon: $0, groupOf: groupOf, groupCount: origin.groupCount)
            }
        }
        progress?("outcomes", 0, 1)
        let (lastDate, currency) = try foldOutcomes(ledgerPath: options.ledgerPath, features: options.features) { invoice in
            for o in accumulators.indices {
                for h in accumulators[o].indices { accumulators[o][h].add(invoice) }
            }
        }
        let results = accumulators.map { $0.map { $0.finish() } }
        if let longest = options.horizons.max(), let note = unknownFutureNote(lastDate: lastDate, windowEnd: asOf + longest) {
            notes.append(note)
        }
        var run = BacktestRun(report: BacktestReport(
            title: "Backtest of the segments as of \(asOf)",
            provenance: ReportProvenance(toolVersion: options.toolVersion, seed: options.seed, asOf: asOf.description,
                                         inputName: fileName(options.ledgerPath)),
            asOf: asOf.description, horizons: options.horizons, segmentSource: sourceDescription(options.segments),
            accountCount: origins[0].accountCount, currencyCode: currency ?? "USD", segments: origins[0].segments,
            hasTestGroups: origins[0].testGroups != nil, windows: [], origins: [], notes: notes),
            outcomes: [], assignmentsCSV: origins[0].assignmentsCSV)
        for (h, horizon) in options.horizons.enumerated() {
            let (tallies, accounts) = results[0][h]
            run.report.windows.append(window(horizon: horizon, asOf: asOf, tallies: tallies, origin: origins[0]))
            run.outcomes.append((horizon, accounts, origins[0]))
        }
        if options.origins > 1 {
            run.report.origins = originRows(origins, tallies: results.map { $0[0].tallies },
                                            fixedModel: { if case .model = options.segments { return true }; return false }())
        }
        let ungrouped = results[0][0].accounts.filter { $0.group == nil }.count
        if ungrouped > 0 {
            run.report.notes.append("\(ungrouped) accounts overdue at \(asOf) have no segment (not in the assignments): "
                                    + "they count in the portfolio only")
        }
        return run
    }

    /// The segments at `day` from the features `table` at that day.
    static func segments(at day: CalendarDay, table: AccountTable, options: BacktestOptions,
                         notes: inout [String]) throws -> OriginSegments {
        let risk: (SegmentProfile) -> Double? = { $0.feature(LedgerFeature.avgDaysLate.rawValue)?.zScore }
        func describe(_ model: SegmentationModel, _ labels: [Int]) -> [BacktestSegment] {
            var sizes = [Int](repeating: 0, count: model.segmentCount)
            for label in labels { sizes[label] += 1 }
            return model.segments.map {
                BacktestSegment(segment: $0.id, strategy: $0.strategy.strategy.id, strategyName: $0.strategy.strategy.name,
                                needsCall: $0.strategy.strategy.treatment.needsCall, accounts: sizes[$0.id],
                                risk: risk($0.profile))
            }
        }
        switch options.segments {
        case .fit(var segmentation):
            segmentation.asOf = day.description
            let run = try SegmentationPipeline.run(table, accountsPath: options.ledgerPath, options: segmentation)
            notes += run.model.report.notes
            let labels = run.assignment.segments
            return OriginSegments(asOf: day, accountCount: table.rowCount, ids: table.ids, segmentIndex: labels,
                                  segments: describe(run.model, labels), testGroups: nil,
                                  assignmentsCSV: AssignmentTable.csv(ids: run.ids, assignment: run.assignment,
                                                                      model: run.model, worklist: run.worklist))
        case .model(let model, let path):
            let assignment = try model.assign(table, modelPath: path, accountsPath: options.ledgerPath)
            let labels = assignment.segments
            return OriginSegments(asOf: day, accountCount: table.rowCount, ids: table.ids, segmentIndex: labels,
                                  segments: describe(model, labels), testGroups: nil,
                                  assignmentsCSV: AssignmentTable.csv(ids: table.ids, assignment: assignment, model: model,
                                                                      worklist: model.worklist(table, segments: labels)))
        case .assignments(let given):
            let numbers = Array(Set(given.segments)).sorted()
            let index = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($1, $0) })
            let dense = given.segments.map { index[$0]! }
            var sizes = [Int](repeating: 0, count: numbers.count)
            var strategy = [String](repeating: "", count: numbers.count)
            for (row, s) in dense.enumerated() { sizes[s] += 1; strategy[s] = given.strategies[row] }
            let book = StrategyBook.default
            let missing = Set(table.ids).subtracting(given.ids).count
            if missing > 0 { notes.append("\(missing) accounts with invoices by \(day) are not in \(given.path)") }
            return OriginSegments(
                asOf: day, accountCount: table.rowCount, ids: given.ids, segmentIndex: dense,
                segments: numbers.indices.map { s in
                    let known = book.strategy(id: strategy[s])
                    return BacktestSegment(segment: numbers[s], strategy: strategy[s], strategyName: known?.name ?? strategy[s],
                                           needsCall: known?.treatment.needsCall, accounts: sizes[s], risk: nil)
                },
                testGroups: given.testGroups, assignmentsCSV: nil)
        }
    }

    /// The outcome pass over the ledger (`backtest`, `discover --horizon`): every invoice, in file
    /// order, to `add` (which folds it into `OutcomeAccumulator`s); returns the ledger's last date
    /// (its latest invoice or settlement date), after which nothing is known, and the reporting
    /// currency of the amounts (`nil` when the ledger names none).
    static func foldOutcomes(ledgerPath: String, features: FeatureOptions,
                             _ add: (Invoice) -> Void) throws -> (lastDate: CalendarDay, currency: String?) {
        var lastDate = CalendarDay(daysSinceEpoch: Int.min)
        let read = try LedgerReader.forEachInvoice(path: ledgerPath, source: features.source) { invoice in
            lastDate = max(lastDate, invoice.invoiceDate, invoice.settlementDate ?? invoice.invoiceDate)
            add(invoice)
        }
        return (lastDate, read.reportingCurrency)
    }

    /// The note for a window ending after the ledger's last date; `nil` when it ends on or before it.
    static func unknownFutureNote(lastDate: CalendarDay, windowEnd: CalendarDay) -> String? {
        guard windowEnd > lastDate else { return nil }
        return "the ledger's last date is \(lastDate): after it, nothing is known, so invoices still open then "
            + "count as unpaid in windows ending after it (up to \(windowEnd))"
    }

    static func sourceDescription(_ source: BacktestSegmentSource) -> String {
        switch source {
        case .fit: return "fitted at each origin from the features at that date, as `segment --ledger` does"
        case .model(_, let path): return "the saved model \(fileName(path)) applied to the features at each origin"
        case .assignments(let given): return "taken from \(fileName(given.path))"
        }
    }

    /// The file name of a path (reports name files, not directory layouts).
    static func fileName(_ path: String) -> String { (path as NSString).lastPathComponent }
}
