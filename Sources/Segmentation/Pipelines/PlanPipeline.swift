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
        let collectors = try options.collectorsPath.map {
            try PlanFiles.collectors(path: $0, strategyIds: Set(model.strategyBook.strategies.map(\.id)
                                                                 + model.segments.map(\.strategy.strategy.id) + [Strategy.reviewManuallyId]),
                                     segmentCount: model.segmentCount)
        }
        let history = try options.historyPath.map { try PlanFiles.history(path: $0) } ?? []
        let holidays = try options.holidaysPath.map { try PlanFiles.holidays(path: $0) } ?? []
        let holdRows = try options.holdsPath.map { try PlanFiles.holds(path: $0) } ?? []
        let promiseRows = try options.features.promisesPath.map { try PlanFiles.promises(path: $0) } ?? []
        let asOf = options.features.asOf
        let (table, notes, _) = try options.features.features(ledgerPath: ledgerPath)
        let assignment = try model.assign(table, modelPath: modelPath, accountsPath: ledgerPath)
        let regions = table.categorical["region"]
        var accounts: [String: PlanAccount] = [:]
        for (i, id) in table.ids.enumerated() {
            let segment = model.segments[assignment.segments[i]]
            let z = segment.profile.feature(LedgerFeature.avgDaysLate.rawValue)?.zScore ?? 0
            accounts[id] = PlanAccount(id: id, segment: segment.id, strategy: segment.strategy.strategy,
                                       risk: min(3, max(0, z)), region: regions?[i])
        }
        let named = Set(holdRows.compactMap(\.reference.invoiceId) + promiseRows.compactMap(\.reference.invoiceId))
        let promised = Set(promiseRows.compactMap(\.reference.accountId))
        var invoices: [Invoice] = []
        var owners: [String: String] = [:]
        let features = options.features
        try LedgerReader.forEachInvoice(path: ledgerPath, source: features.source) { invoice in
            guard invoice.invoiceDate <= asOf else { return }
            if named.contains(invoice.invoiceId) { owners[invoice.invoiceId] = invoice.accountId }
            if invoice.isOpen(at: asOf) || promised.contains(invoice.accountId) { invoices.append(invoice) }
        }
        let references = PlanReferences(invoiceAccounts: owners, accounts: Set(table.ids))
        let holds = try holdRows.map { row in
            DunningHold(accountId: try references.resolve(row.reference), invoiceId: row.reference.invoiceId,
                        until: row.until, reason: row.reason)
        }
        let promises = try promiseRows.map { row in
            PaymentPromise(accountId: try references.resolve(row.reference), invoiceId: row.reference.invoiceId,
                           promiseDate: row.date, amount: row.amount, promisedOn: row.promisedOn)
        }
        let input = PlanInput(asOf: asOf, days: options.days, invoices: invoices, accounts: accounts,
                              history: history,
                              holds: holds, promises: promises, collectors: collectors,
                              calendar: WorkCalendar(holidays: holidays))
        let plan = DunningPlanner.plan(input)
        return PlanRun(plan: plan, accounts: accounts, notes: notes + plan.notes, seed: model.seed)
    }
}
