extension StrategyBook {
    /// The catalogue of the domain guide and the rules that pick from it, most specific first.
    ///
    /// Order matters: risk before value (a large account paying late is at risk, not
    /// strategic), size before behaviour (small balances are automated whatever they do),
    /// then disputes, lateness, and prompt payment. Money thresholds are relative (ratios to
    /// the overall mean or median), lateness thresholds are in days, shares 0-1, percentages
    /// 0-100. `promise_breakers` applies only when the data has `broken_promise_rate`.
    public static let `default` = StrategyBook(strategies: defaultStrategies, rules: defaultRules)

    /// Each policy is the cadence the catalogue has always described, level by level (days
    /// relative to the due date); the README's treatment column is `cadenceText` of these.
    static let defaultStrategies: [Strategy] = [
        Strategy(id: "self_cure", name: "Self-cure / prompt payers",
                 summary: "Pay on time with little or no contact.",
                 treatment: Treatment(channels: ["email", "portal"],
                                      escalation: "at 30 days past due, move to the occasional-late cadence",
                                      needsCall: false),
                 policy: DunningPolicy(levels: [
                     level("pre_due_email", -5, .email, "pre-due e-mail"),
                     level("due_email", 0, .email, "due-date e-mail"),
                     level("reminder_email", 7, .email, "automated reminder"),
                 ])),
        Strategy(id: "occasional_late", name: "Occasional late",
                 summary: "Usually pay, sometimes late by days rather than weeks.",
                 treatment: Treatment(channels: ["email", "phone"],
                                      escalation: "collector review at 30 days past due",
                                      needsCall: true),
                 policy: DunningPolicy(levels: [
                     level("due_email", 0, .email, "due-date reminder e-mail"),
                     level("second_email", 7, .email, "second reminder e-mail"),
                     level("call", 14, .call, "call when the overdue balance is above the threshold", minAmount: 1000),
                 ])),
        Strategy(id: "chronic_late", name: "Chronic late",
                 summary: "Pay most invoices late, by weeks.",
                 treatment: Treatment(channels: ["email", "phone", "letter"],
                                      escalation: "review terms (shorter terms, deposit or credit hold) at 30 days past due",
                                      needsCall: true),
                 policy: DunningPolicy(levels: [
                     level("pre_due_email", -10, .email, "pre-due e-mail"),
                     level("pre_due_call", -3, .call, "pre-due call"),
                     level("first_call", 1, .call, "call"),
                     level("dunning_letter", 10, .letter, "dunning letter"),
                     level("letter_call", 10, .call, "call with the dunning letter"),
                     level("terms_review", 30, .task, "terms review"),
                 ])),
        Strategy(id: "high_value_at_risk", name: "High-value at risk",
                 summary: "Large overdue balances ageing past 30 days; lateness rising.",
                 treatment: Treatment(channels: ["phone", "email", "account manager"],
                                      escalation: "named collector; credit-hold review at 15 days past due; legal review at 90",
                                      needsCall: true),
                 policy: DunningPolicy(levels: [
                     level("pre_due_call", -7, .call, "pre-due call by a named collector"),
                     level("first_call", 1, .call, "call"),
                     level("manager_escalation", 7, .task, "escalate to collections manager"),
                     level("credit_hold_review", 15, .creditHold, "credit-hold review"),
                 ])),
        Strategy(id: "dispute_heavy", name: "Dispute-heavy",
                 summary: "Many invoices disputed; late payment follows the disputes.",
                 treatment: Treatment(channels: ["dispute desk", "email"],
                                      escalation: "pause dunning while a dispute is open; resume the occasional-late cadence once resolved",
                                      needsCall: false),
                 policy: DunningPolicy(levels: [
                     level("due_email", 0, .email, "due-date e-mail"),
                     level("dispute_review", 3, .task, "dispute desk works open disputes"),
                 ])),
        Strategy(id: "promise_breakers", name: "Promise breakers",
                 summary: "Promise to pay and do not.",
                 treatment: Treatment(channels: ["phone", "letter"],
                                      escalation: "second broken promise: escalation track and credit hold",
                                      needsCall: true),
                 policy: DunningPolicy(levels: [
                     level("promise_call", 1, .call, "call for a promise to pay"),
                     level("follow_up_call", 8, .call, "follow-up call the day after the promised date"),
                 ])),
        Strategy(id: "small_balance", name: "Small-balance automate",
                 summary: "Balances too small to be worth a collector's time.",
                 treatment: Treatment(channels: ["email", "sms", "portal"],
                                      escalation: "write-off or agency review at 90 days past due",
                                      needsCall: false),
                 policy: DunningPolicy(levels: [
                     level("pre_due_email", -3, .email, "pre-due e-mail"),
                     level("reminder_sms", 7, .sms, "automated reminder"),
                     level("final_notice", 21, .email, "final automated notice"),
                     level("agency_review", 90, .agencyReview, "write-off or agency review"),
                 ])),
        Strategy(id: "strategic", name: "Strategic accounts",
                 summary: "The largest customers, paying broadly on time.",
                 treatment: Treatment(channels: ["account manager", "statement"],
                                      escalation: "relationship owner decides; no aggressive dunning",
                                      needsCall: false),
                 policy: DunningPolicy(levels: [
                     level("statement", -10, .letter, "monthly statement"),
                     level("account_manager_check_in", 5, .task, "account manager check-in"),
                 ])),
    ]

    private static func level(_ name: String, _ delay: Int, _ channel: DunningChannel, _ action: String,
                              minAmount: Double = 0) -> PolicyLevel {
        PolicyLevel(name: name, delay: delay, channel: channel, minAmount: minAmount, action: action)
    }

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
