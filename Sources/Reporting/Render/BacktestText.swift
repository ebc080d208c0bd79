import Tabular
import Segmentation
import Receivables

/// Words and table rows shared by the HTML and Markdown backtest reports, so both say the same.
enum BacktestText {
    static func money(_ value: Double) -> String { NumberText.grouped(value, decimals: 0) }
    static func days(_ value: Double?) -> String { value.map { NumberText.grouped($0, decimals: 1) } ?? NumberText.notAvailable }

    static let outcomeColumns: [(title: String, numeric: Bool)] = [
        ("Group", false), ("Accounts", true), ("Overdue accounts", true), ("Overdue at T", true), ("Collected", true),
        ("Collected share", true), ("Cure rate", true), ("Median days to pay", true), ("P90 days to pay", true),
    ]

    static func outcomeCells(_ label: String, accounts: Int?, _ o: OutcomeSummary) -> [String] {
        [label, accounts.map(NumberText.integer) ?? "", NumberText.integer(o.overdueAccounts), money(o.overdueAmount),
         money(o.collectedAmount), NumberText.percent(o.collectedShare), NumberText.percent(o.cureRate),
         days(o.daysToPayMedian), days(o.daysToPayP90)]
    }

    static let kpiColumns: [(title: String, numeric: Bool)] = [
        ("Group", false), ("Open AR at T", true), ("% current", true), ("Billed (T-90, T]", true), ("DSO", true),
        ("Best possible DSO", true), ("ADD", true), ("Billed in window", true), ("Open AR at T+H", true), ("CEI", true),
    ]

    static func kpiCells(_ label: String, _ k: CollectionKPIs) -> [String] {
        [label, money(k.openAR), k.percentCurrent.map { NumberText.grouped($0, decimals: 1) + "%" } ?? NumberText.notAvailable,
         money(k.billing90), days(k.dso), days(k.bestPossibleDSO), days(k.averageDaysDelinquent), money(k.billedInWindow),
         money(k.openARAtHorizon), k.cei.map { NumberText.grouped($0, decimals: 1) } ?? NumberText.notAvailable]
    }

    static let kpiDefinitions = "DSO = open AR at T / amount invoiced in (T-90, T] x 90; best possible DSO = current "
        + "(not yet due) AR at T / the same billing x 90; ADD = DSO - best possible DSO; % current = current / open AR "
        + "at T; CEI = (B + S - E) / (B + S - Ec) x 100 over the window, with B the open AR at T, S the amount invoiced "
        + "in (T, T+H], E the open AR at T+H and Ec its current part."

    static let outcomeDefinitions = "Overdue = open and at least one day past due at T. Collected share = amount of "
        + "the invoices overdue at T settled by T+H / their amount. Cure rate = share of overdue accounts whose every "
        + "invoice overdue at T was settled by T+H. Days to pay = days from T to the settlement of an overdue invoice "
        + "settled in the window."

    static let rollDefinition = "Each row is the open amount at T in one aging bucket; the cells give where it stood "
        + "at T+H (settled, or its aging bucket then) as shares of the row."

    /// The honest wasted-call figure, in words (item 3 of the backtest issue).
    static func wastedCalls(_ w: BacktestWindow) -> [String] {
        var lines: [String] = []
        if let g = w.noCall, g.outcome.overdueAccounts > 0 {
            lines.append("Strategies that need no call: \(NumberText.percent(g.outcome.cureRate)) of their "
                         + "\(NumberText.integer(g.outcome.overdueAccounts)) overdue accounts paid everything overdue within "
                         + "\(w.horizon) days, \(NumberText.percent(g.outcome.collectedShare)) of the overdue balance: evidence "
                         + "that automation suffices for them.")
        }
        if let g = w.call, g.outcome.overdueAccounts > 0 {
            lines.append("Strategies that call: \(NumberText.percent(g.outcome.cureRate)) of their "
                         + "\(NumberText.integer(g.outcome.overdueAccounts)) overdue accounts paid everything overdue within "
                         + "\(w.horizon) days (\(NumberText.percent(g.outcome.collectedShare)) of the overdue balance) under whatever "
                         + "treatment they had: an upper bound on the calls that were not needed, since some paid because "
                         + "they were called.")
        }
        lines.append(causalCaveat)
        return lines
    }

    static let causalCaveat = "This is observational, not causal: the history mixes whatever treatment each account "
        + "received, so it cannot say what a call changed. To measure that, hold out a control group "
        + "(`segment --holdout-share 0.1 --holdout-salt S`), treat only the treatment group, and read the difference "
        + "with `backtest --assignments assignments.csv` after the window."

    static let originColumns: [(title: String, numeric: Bool)] = [
        ("Origin", false), ("Accounts", true), ("Overdue accounts", true), ("Kendall tau", true), ("PSI of the mix", true),
        ("PSI band", false), ("Adjusted Rand index", true),
    ]

    static func originCells(_ o: BacktestOrigin) -> [String] {
        [o.asOf, NumberText.integer(o.accounts), NumberText.integer(o.overdueAccounts), NumberText.fixed(o.kendallTau, decimals: 3),
         NumberText.fixed(o.psi, decimals: 4), o.psiBand ?? "", NumberText.fixed(o.adjustedRandIndex, decimals: 3)]
    }

    static let originGuidance = "Per origin, Kendall's tau-b between the strategies' worklist risk (z-score of the "
        + "segment mean avg_days_late) and their shortfall (1 - collected share) in the first window: +1 means the "
        + "riskier the strategy, the less it collected. PSI compares the mix with the next-earlier origin (rules of "
        + "thumb: below 0.1 stable, 0.1-0.25 moderate shift, above 0.25 major shift); the adjusted Rand index compares "
        + "the segments of the accounts present at both origins (1 = the same partition)."
}
