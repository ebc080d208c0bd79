/// The customer behaviours the synthetic ledger plants, one per customer.
public enum Persona: String, CaseIterable, Codable, Sendable {
    case promptPayer = "prompt_payer"
    case occasionalLate = "occasional_late"
    case chronicLate = "chronic_late"
    case highValueAtRisk = "high_value_at_risk"
    case disputeHeavy = "dispute_heavy"
    case smallBalance = "small_balance"
    case strategic
}

/// How a persona bills and pays; the generator draws each customer around these centres.
struct PersonaBehaviour {
    /// Share of customers with this persona.
    let weight: Double
    /// Median annual billing, currency units (customers spread log-normally, sigma 0.5).
    let medianAnnualBilling: Double
    /// Mean invoices per month.
    let invoicesPerMonth: Double
    /// Probability of net 30, 45, 60 terms.
    let terms: (net30: Double, net45: Double, net60: Double)
    /// Probability an undisputed invoice is paid late, at the start and at the end of the
    /// history (equal unless the persona drifts).
    let lateProbability: (start: Double, end: Double)
    /// Median days late of a late invoice, at the start and at the end of the history.
    let daysLate: (start: Double, end: Double)
    /// Probability an invoice is disputed; a disputed invoice is paid 20-60 days late.
    let disputeProbability: Double
    /// Probability that an invoice from the last 120 days is still unpaid at as-of.
    let stuckProbability: Double
    /// Mean credit score (spread 40, clamped to 300-850).
    let creditScore: Double
    /// Payment methods, most likely first, with probabilities.
    let paymentMethods: [(String, Double)]
    let accountType: String

    static func of(_ persona: Persona) -> PersonaBehaviour {
        switch persona {
        case .promptPayer:
            return PersonaBehaviour(weight: 0.22, medianAnnualBilling: 120_000, invoicesPerMonth: 1.5,
                                    terms: (0.6, 0.25, 0.15), lateProbability: (0.03, 0.03), daysLate: (2, 2),
                                    disputeProbability: 0.01, stuckProbability: 0, creditScore: 760,
                                    paymentMethods: [("ACH", 0.6), ("card", 0.2), ("wire", 0.1), ("check", 0.1)],
                                    accountType: "mid-market")
        case .occasionalLate:
            return PersonaBehaviour(weight: 0.20, medianAnnualBilling: 100_000, invoicesPerMonth: 1.5,
                                    terms: (0.6, 0.25, 0.15), lateProbability: (0.5, 0.5), daysLate: (12, 12),
                                    disputeProbability: 0.03, stuckProbability: 0, creditScore: 700,
                                    paymentMethods: [("ACH", 0.4), ("check", 0.35), ("card", 0.15), ("wire", 0.1)],
                                    accountType: "mid-market")
        case .chronicLate:
            return PersonaBehaviour(weight: 0.12, medianAnnualBilling: 80_000, invoicesPerMonth: 1.5,
                                    terms: (0.7, 0.2, 0.1), lateProbability: (0.9, 0.9), daysLate: (38, 38),
                                    disputeProbability: 0.04, stuckProbability: 0, creditScore: 600,
                                    paymentMethods: [("check", 0.6), ("ACH", 0.3), ("wire", 0.1)],
                                    accountType: "mid-market")
        case .highValueAtRisk:
            return PersonaBehaviour(weight: 0.07, medianAnnualBilling: 1_500_000, invoicesPerMonth: 3,
                                    terms: (0.3, 0.4, 0.3), lateProbability: (0.3, 0.95), daysLate: (5, 75),
                                    disputeProbability: 0.04, stuckProbability: 0.5, creditScore: 620,
                                    paymentMethods: [("wire", 0.5), ("ACH", 0.3), ("check", 0.2)],
                                    accountType: "enterprise")
        case .disputeHeavy:
            return PersonaBehaviour(weight: 0.12, medianAnnualBilling: 150_000, invoicesPerMonth: 1.5,
                                    terms: (0.5, 0.3, 0.2), lateProbability: (0.1, 0.1), daysLate: (6, 6),
                                    disputeProbability: 0.45, stuckProbability: 0, creditScore: 690,
                                    paymentMethods: [("ACH", 0.5), ("check", 0.3), ("wire", 0.2)],
                                    accountType: "mid-market")
        case .smallBalance:
            return PersonaBehaviour(weight: 0.18, medianAnnualBilling: 3_000, invoicesPerMonth: 1,
                                    terms: (0.9, 0.1, 0), lateProbability: (0.3, 0.3), daysLate: (12, 12),
                                    disputeProbability: 0.02, stuckProbability: 0, creditScore: 680,
                                    paymentMethods: [("card", 0.6), ("ACH", 0.2), ("check", 0.2)],
                                    accountType: "small business")
        case .strategic:
            return PersonaBehaviour(weight: 0.09, medianAnnualBilling: 8_000_000, invoicesPerMonth: 5,
                                    terms: (0.1, 0.3, 0.6), lateProbability: (0.12, 0.12), daysLate: (4, 4),
                                    disputeProbability: 0.03, stuckProbability: 0, creditScore: 780,
                                    paymentMethods: [("wire", 0.6), ("ACH", 0.4)],
                                    accountType: "strategic")
        }
    }
}
