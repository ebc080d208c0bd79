import Receivables
import Tabular

/// What `ar-segment plan` reads besides the model and the ledger.
public struct PlanOptions: Sendable {
    public var features: FeatureOptions
    public var days: Int
    public var historyPath: String?
    public var holdsPath: String?
    public var collectorsPath: String?
    public var holidaysPath: String?

    public init(features: FeatureOptions, days: Int = 30, historyPath: String? = nil, holdsPath: String? = nil,
                collectorsPath: String? = nil, holidaysPath: String? = nil) {
        self.features = features
        self.days = days
        self.historyPath = historyPath
        self.holdsPath = holdsPath
        self.collectorsPath = collectorsPath
        self.holidaysPath = holidaysPath
    }

    /// Every file read, for refusing to overwrite one.
    public func inputs(modelPath: String, ledgerPath: String) -> [String] {
        [modelPath] + features.inputs(ledgerPath: ledgerPath) + [historyPath, holdsPath, collectorsPath, holidaysPath].compactMap { $0 }
    }
}

/// A finished plan and what it was made from.
public struct PlanRun: Sendable {
    public var plan: DunningPlan
    public var accounts: [String: PlanAccount]
    public var notes: [String]
    /// The model's seed (for the reports' provenance line; the plan itself draws nothing at random).
    public var seed: UInt64
}

/// The side files of a plan, read (and checked row by row) before the ledger.
struct PlanSideFiles {
    var collectors: [Collector]?
    var history: [IssuedAction] = []
    var holidays: Set<CalendarDay> = []
    var holds: [(reference: PlanFiles.Reference, until: CalendarDay, reason: String)] = []
    var promises: [(reference: PlanFiles.Reference, date: CalendarDay, amount: Double, promisedOn: CalendarDay?)] = []

    /// Reads every side file `options` names; `strategyIds` and `segmentCount` check the collectors.
    init(_ options: PlanOptions, strategyIds: Set<String>, segmentCount: Int) throws {
        collectors = try options.collectorsPath.map {
            try PlanFiles.collectors(path: $0, strategyIds: strategyIds, segmentCount: segmentCount)
        }
        history = try options.historyPath.map { try PlanFiles.history(path: $0) } ?? []
        holidays = try options.holidaysPath.map { try PlanFiles.holidays(path: $0) } ?? []
        holds = try options.holdsPath.map { try PlanFiles.holds(path: $0) } ?? []
        promises = try options.features.promisesPath.map { try PlanFiles.promises(path: $0) } ?? []
    }
}

/// ledger -> features -> the model's segments and strategies -> `DunningPlanner`.
public enum PlanPipeline {
    public static func run(modelPath: String, ledgerPath: String, options: PlanOptions) throws -> PlanRun {
        let model = try SegmentationModel.load(path: modelPath)
        for segment in model.segments {
            let strategy = segment.strategy.strategy
            guard let policy = strategy.policy else {
                throw ModelError.inconsistent(path: modelPath, detail: "strategy '\(strategy.id)' has no dunning policy "
                                              + "(a model written before policies existed: re-run segment)")
            }
            if let problem = policy.problem() {
                throw ModelError.inconsistent(path: modelPath, detail: "strategy '\(strategy.id)': \(problem)")
            }
        }
        // The side files first: a bad row stops the run before the ledger is read.
        let sides = try PlanSideFiles(options, strategyIds: Set(model.strategyBook.strategies.map(\.id)
                                                               + model.segments.map(\.strategy.strategy.id) + [Strategy.reviewManuallyId]),
                                      segmentCount: model.segmentCount)
        let (table, notes) = try options.features.features(ledgerPath: ledgerPath)
        let assignment = try model.assign(table, modelPath: modelPath, accountsPath: ledgerPath)
        let (plan, accounts) = try plan(segments: model.segments, table: table, labels: assignment.segments,
                                        ledgerPath: ledgerPath, options: options, sides: sides)
        return PlanRun(plan: plan, accounts: accounts, notes: notes + plan.notes, seed: model.seed)
    }

    /// The plan for accounts already segmented: `labels[i]` is the segment (an index into
    /// `segments`) of `table`'s row i. Each account gets its segment's strategy and risk (the z
    /// of the segment's mean `avg_days_late`, clamped to 0-3); the open invoices are read from
    /// the ledger; then `DunningPlanner.plan`. `plan` and the invoice view of `segment --ledger`
    /// both come through here, so they plan alike.
    static func plan(segments: [ModelSegment], table: AccountTable, labels: [Int], ledgerPath: String,
                     options: PlanOptions, sides: PlanSideFiles) throws -> (plan: DunningPlan, accounts: [String: PlanAccount]) {
        let input = try planInput(segments: segments, table: table, labels: labels, ledgerPath: ledgerPath,
                                  options: options, sides: sides)
        return (DunningPlanner.plan(input), input.accounts)
    }

    /// What `plan` hands `DunningPlanner`: the accounts with their segment's strategy and risk,
    /// the open invoices read from the ledger, the side files resolved against it.
    static func planInput(segments: [ModelSegment], table: AccountTable, labels: [Int], ledgerPath: String,
                          options: PlanOptions, sides: PlanSideFiles) throws -> PlanInput {
        let asOf = options.features.asOf
        let regions = table.categorical["region"]
        var accounts: [String: PlanAccount] = [:]
        for (i, id) in table.ids.enumerated() {
            let segment = segments[labels[i]]
            let z = segment.profile.feature(LedgerFeature.avgDaysLate.rawValue)?.zScore ?? 0
            accounts[id] = PlanAccount(id: id, segment: segment.id, strategy: segment.strategy.strategy,
                                       risk: min(3, max(0, z)), region: regions?[i])
        }
        let named = Set(sides.holds.compactMap(\.reference.invoiceId) + sides.promises.compactMap(\.reference.invoiceId))
        let promised = Set(sides.promises.compactMap(\.reference.accountId))
        var invoices: [Invoice] = []
        var owners: [String: String] = [:]
        let features = options.features
        try LedgerReader.forEachInvoice(path: ledgerPath, columns: features.columns, dateFormat: features.dateFormat) { invoice in
            guard invoice.invoiceDate <= asOf else { return }
            if named.contains(invoice.invoiceId) { owners[invoice.invoiceId] = invoice.accountId }
            if invoice.isOpen(at: asOf) || promised.contains(invoice.accountId) { invoices.append(invoice) }
        }
        let references = PlanReferences(invoiceAccounts: owners, accounts: Set(table.ids))
        let holds = try sides.holds.map { row in
            DunningHold(accountId: try references.resolve(row.reference), invoiceId: row.reference.invoiceId,
                        until: row.until, reason: row.reason)
        }
        let promises = try sides.promises.map { row in
            PaymentPromise(accountId: try references.resolve(row.reference), invoiceId: row.reference.invoiceId,
                           promiseDate: row.date, amount: row.amount, promisedOn: row.promisedOn)
        }
        return PlanInput(asOf: asOf, days: options.days, invoices: invoices, accounts: accounts,
                         history: sides.history,
                         holds: holds, promises: promises, collectors: sides.collectors,
                         calendar: WorkCalendar(holidays: sides.holidays))
    }
}
