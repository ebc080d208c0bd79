extension Strategy {
    /// The treatment in one paragraph for reports: who it is for, channels, the contact cadence
    /// relative to the due date, escalation, and whether collectors call.
    public var treatmentText: String {
        var parts = [summary]
        if !treatment.channels.isEmpty { parts.append("Channels: \(treatment.channels.joined(separator: ", ")).") }
        if let policy, !policy.levels.isEmpty { parts.append("Cadence (days from due): \(policy.cadenceText).") }
        if !treatment.escalation.isEmpty { parts.append("Escalation: \(treatment.escalation).") }
        parts.append(treatment.needsCall ? "Collectors call." : "No calls: automation only.")
        return parts.joined(separator: " ")
    }
}
