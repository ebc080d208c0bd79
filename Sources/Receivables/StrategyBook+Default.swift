extension StrategyBook {
    /// The catalogue of the domain guide and the rules that pick from it, most specific first.
    ///
    /// Order matters: risk before value (a large account paying late is at risk, not
    /// strategic), size before behaviour (small balances are automated whatever they do),
    /// then disputes, lateness, and prompt payment. Money thresholds are relative (ratios to
    /// the overall mean or median), lateness thresholds are in days, shares 0-1, percentages
    /// 0-100. `promise_breakers` applies only when the data has `broken_promise_rate`.
    public static let `default` = StrategyBook(strategies: defaultStrategies, rules: defaultRules)

    static let defaultStrategies: [Strategy] = [
        Strategy(id: "self_cure", name: "Self-cure / prompt payers",
                 summary: "Pay on time with little or no contact.",
                 treatment: Treatment(channels: ["email", "portal"],
                                      cadence: [CadenceStep(day: -5, action: "pre-due e-mail"),
                                                CadenceStep(day: 0, action: "due-date e-mail"),
                                                CadenceStep(day: 7, action: "automated reminder")],
                                      escalation: "at 30 days past due, move to the occasional-late cadence",
                                      needsCall: false)),
        Strategy(id: "occasional_late", name: "Occasional late",
                 summary: "Usually pay, sometimes late by days rather than weeks.",
                 treatment: Treatment(channels: ["email", "phone"],
                                      cadence: [CadenceStep(day: 0, action: "due-date reminder e-mail"),
                                                CadenceStep(day: 7, action: "second reminder e-mail"),
                                                CadenceStep(day: 14, action: "call when the overdue balance is above the threshold")],
                                      escalation: "collector review at 30 days past due",
                                      needsCall: true)),
        Strategy(id: "chronic_late", name: "Chronic late",
                 summary: "Pay most invoices late, by weeks.",
                 treatment: Treatment(channels: ["email", "phone", "letter"],
                                      cadence: [CadenceStep(day: -10, action: "pre-due e-mail"),
                                                CadenceStep(day: -3, action: "pre-due call"),
                                                CadenceStep(day: 1, action: "call"),
                                                CadenceStep(day: 10, action: "call and dunning letter"),
                                                CadenceStep(day: 30, action: "terms review")],
                                      escalation: "review terms (shorter terms, deposit or credit hold) at 30 days past due",
                                      needsCall: true)),
        Strategy(id: "high_value_at_risk", name: "High-value at risk",
                 summary: "Large overdue balances ageing past 30 days; lateness rising.",
                 treatment: Treatment(channels: ["phone", "email", "account manager"],
                                      cadence: [CadenceStep(day: -7, action: "pre-due call by a named collector"),
                                                CadenceStep(day: 1, action: "call"),
                                                CadenceStep(day: 7, action: "escalate to collections manager"),
                                                CadenceStep(day: 15, action: "credit-hold review")],
                                      escalation: "named collector; credit-hold review at 15 days past due; legal review at 90",
                                      needsCall: true)),
        Strategy(id: "dispute_heavy", name: "Dispute-heavy",
                 summary: "Many invoices disputed; late payment follows the disputes.",
                 treatment: Treatment(channels: ["dispute desk", "email"],
                                      cadence: [CadenceStep(day: 0, action: "due-date e-mail"),
                                                CadenceStep(day: 3, action: "dispute desk works open disputes")],
                                      escalation: "pause dunning while a dispute is open; resume the occasional-late cadence once resolved",
                                      needsCall: false)),
        Strategy(id: "promise_breakers", name: "Promise breakers",
                 summary: "Promise to pay and do not.",
                 treatment: Treatment(channels: ["phone", "letter"],
                                      cadence: [CadenceStep(day: 1, action: "call for a promise to pay"),
                                                CadenceStep(day: 8, action: "follow-up call the day after the promised date")],
                                      escalation: "second broken promise: escalation track and credit hold",
                                      needsCall: true)),
        Strategy(id: "small_balance", name: "Small-balance automate",
                 summary: "Balances too small to be worth a collector's time.",
                 treatment: Treatment(channels: ["email", "sms", "portal"],
                                      cadence: [CadenceStep(day: -3, action: "pre-due e-mail"),
                                                CadenceStep(day: 7, action: "automated reminder"),
                                                CadenceStep(day: 21, action: "final automated notice")],
                                      escalation: "write-off or agency review at 90 days past due",
                                      needsCall: false)),
        Strategy(id: "strategic", name: "Strategic accounts",
                 summary: "The largest customers, paying broadly on time.",
                 treatment: Treatment(channels: ["account manager", "statement"],
                                      cadence: [CadenceStep(day: -10, action: "monthly statement"),
                                                CadenceStep(day: 5, action: "account manager check-in")],
                                      escalation: "relationship owner decides; no aggressive dunning",
                                      needsCall: false)),
    ]

    static let defaultRules: [StrategyRule] = [
        rule("promise_breakers", ["mean(broken_promise_rate) >= 0.2", "z(broken_promise_rate) >= 0.5"]),
        rule("high_value_at_risk", ["ratio(overdue_balance) >= 3", "mean(share_overdue_30_plus) >= 0.25",
                                    "mean(avg_days_late) >= 10"], requires: ["overdue_balance"]),
        rule("strategic", ["median_ratio(billed_12m) >= 5", "mean(avg_days_late) <= 15"],
             requires: ["billed_12m"]),
        rule("small_balance", ["median_ratio(billed_12m) <= 0.2", "median_ratio(avg_invoice_amount) <= 0.3"]),
        rule("dispute_heavy", ["mean(dispute_rate) >= 0.15", "z(dispute_rate) >= 1"]),
        rule("chronic_late", ["mean(avg_days_late) >= 20", "mean(pct_paid_late) >= 50"]),
        rule("self_cure", ["mean(avg_days_late) <= 3", "mean(pct_paid_late) <= 20",
                           "mean(share_overdue_30_plus) <= 0.1"]),
        rule("occasional_late", ["mean(avg_days_late) < 20", "mean(dispute_rate) < 0.15"]),
    ]

    private static func rule(_ strategy: String, _ conditions: [String], requires: [String] = []) -> StrategyRule {
        // The literals above are fixed; a typo is a programming error caught by the tests.
        StrategyRule(strategy: strategy, when: conditions.map { try! StrategyCondition(parsing: $0) },
                     requires: requires)
    }
}
