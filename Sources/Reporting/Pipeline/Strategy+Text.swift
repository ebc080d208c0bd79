import Receivables

extension Strategy {
    /// The treatment in one paragraph for reports: who it is for, channels, the contact cadence
    /// relative to the due date, escalation, and whether collectors call.
    var treatmentText: String {
        let cadence = treatment.cadence.map { step -> String in
            let when = step.day == 0 ? "on the due date"
                : step.day < 0 ? "\(-step.day) day\(step.day == -1 ? "" : "s") before due"
                : "\(step.day) day\(step.day == 1 ? "" : "s") after due"
            return "\(step.action) \(when)"
        }
        var parts = [summary]
        if !treatment.channels.isEmpty { parts.append("Channels: \(treatment.channels.joined(separator: ", ")).") }
        if !cadence.isEmpty { parts.append("Cadence: \(cadence.joined(separator: "; ")).") }
        if !treatment.escalation.isEmpty { parts.append("Escalation: \(treatment.escalation).") }
        parts.append(treatment.needsCall ? "Collectors call." : "No calls: automation only.")
        return parts.joined(separator: " ")
    }
}
