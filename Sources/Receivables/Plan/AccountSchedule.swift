import Tabular

/// One open, undisputed invoice moving through its account's policy levels.
struct InvoiceTrack: Sendable {
    let invoice: Invoice
    let open: Double
    /// Index of the next level to plan (`levels.count` = done).
    var next: Int
    /// Date of the latest level issued, planned or skipped; `nil` before the first.
    var lastDate: CalendarDay?
    /// Set when `next` was missed before the earliest day: it goes out then, as a catch-up.
    var missedOn: CalendarDay?
    /// First day dunning may happen: the as-of date, or the day after a hold or promise window.
    var earliest: CalendarDay
    var pauseReason: String?
}

/// A one-off item outside the levels: the dispute desk's task or a broken-promise call.
struct ExtraItem: Sendable {
    enum Kind: Sendable { case disputeDesk, brokenPromise }
    let kind: Kind
    let invoices: [Int]
    let due: CalendarDay
    let reason: String
    var done = false

    var channel: DunningChannel { kind == .disputeDesk ? .task : .call }
    var level: String { kind == .disputeDesk ? DunningPlanner.disputeDeskLevel : DunningPlanner.brokenPromiseLevel }
}

/// What goes out for an account on one day, before consolidation.
struct DayItem: Sendable {
    let channel: DunningChannel
    /// Policy level index, or `nil` for an extra item.
    let levelIndex: Int?
    let level: String
    /// Indices into the account's invoices.
    let invoices: [Int]
    /// The level of each of `invoices` before consolidation.
    let invoiceLevels: [String]
    let reason: String
}

/// The planning state of one account; `step` is pure given the state (a value type), so a day
/// that cannot be kept (no collector) is dropped by not keeping the changed copy.
struct AccountSchedule: Sendable {
    let account: PlanAccount
    /// Open invoices at the as-of date, by due date then id (undisputed ones have a track).
    let invoices: [Invoice]
    let openAmounts: [Double]
    var tracks: [Int: InvoiceTrack]
    var extras: [ExtraItem]
    /// Days the customer was or will be contacted (history and this plan).
    var contactDays: Set<CalendarDay>
    var skipped: [SkippedLevel] = []

    var levels: [PolicyLevel] { account.policy.levels }

    /// Whether a contact on `day` keeps `min_interval_days` to every other contact day.
    func intervalAllows(_ day: CalendarDay) -> Bool {
        let gap = account.policy.minIntervalDays
        return contactDays.allSatisfy { $0 == day || abs($0 - day) >= gap }
    }

    /// The day level `track.next` is due, ignoring the contact interval.
    func dueDay(_ track: InvoiceTrack) -> CalendarDay {
        if track.missedOn != nil { return track.earliest }
        let k = track.next
        let level = levels[k]
        var day: CalendarDay
        switch level.basis {
        case .dueDate: day = track.invoice.dueDate + level.delay
        case .previousLevel: day = (track.lastDate ?? track.invoice.dueDate) + level.delay
        }
        if let last = track.lastDate {
            // A level due later than its predecessor never goes out on the same day.
            let later = k > 0 && level.basis == .dueDate && level.delay > levels[k - 1].delay
            day = max(day, later ? last + 1 : last)
        }
        return max(day, track.earliest)
    }

    /// Plans everything due on `day` (a working day) and returns it; with `contacts: false`
    /// only internal work (tasks, credit holds, agency reviews) goes out and contacts wait.
    mutating func step(_ day: CalendarDay, contacts: Bool) -> [DayItem] {
        var items: [DayItem] = []
        var progressed = true
        while progressed {
            progressed = false
            var due: [Int: [Int]] = [:]
            for (i, track) in tracks where track.next < levels.count && day >= track.earliest && dueDay(track) <= day {
                due[track.next, default: []].append(i)
            }
            for k in due.keys.sorted() {
                let members = due[k]!.sorted()
                let level = levels[k]
                let amount = members.reduce(0) { $0 + openAmounts[$1] }
                if amount < level.minAmount {
                    skipped.append(SkippedLevel(date: day, accountId: account.id, level: level.name,
                                                invoiceIds: members.map { invoices[$0].invoiceId },
                                                amount: amount, minAmount: level.minAmount))
                    for i in members { advance(i, past: k, on: day) }
                    progressed = true
                    continue
                }
                if level.channel.contactsCustomer && !(contacts && intervalAllows(day)) { continue }
                items.append(DayItem(channel: level.channel, levelIndex: k, level: level.name, invoices: members,
                                     invoiceLevels: members.map { _ in level.name },
                                     reason: reason(members.map { tracks[$0]! }, level: level)))
                for i in members { advance(i, past: k, on: day) }
                if level.channel.contactsCustomer { contactDays.insert(day) }
                progressed = true
            }
            for e in extras.indices where !extras[e].done && extras[e].due <= day {
                let extra = extras[e]
                if extra.channel.contactsCustomer && !(contacts && intervalAllows(day)) { continue }
                items.append(DayItem(channel: extra.channel, levelIndex: nil, level: extra.level,
                                     invoices: extra.invoices, invoiceLevels: extra.invoices.map { _ in extra.level },
                                     reason: extra.reason))
                extras[e].done = true
                if extra.channel.contactsCustomer { contactDays.insert(day) }
                progressed = true
            }
        }
        return consolidated(items, on: day)
    }

    private mutating func advance(_ i: Int, past k: Int, on day: CalendarDay) {
        guard var track = tracks[i], track.next <= k else { return }
        track.next = k + 1
        track.lastDate = day
        track.missedOn = nil
        tracks[i] = track
    }

    /// `due_email at +0 from the due date (3 invoices)`, `catch-up of reminder (2 invoices missed it
    /// 2025-06-01 ... 2025-06-20) after hold until 2025-07-01`.
    private func reason(_ members: [InvoiceTrack], level: PolicyLevel) -> String {
        let count = { (n: Int) in n > 1 ? " (\(n) invoices)" : "" }
        var parts: [String] = []
        let onTime = members.filter { $0.missedOn == nil }
        if !onTime.isEmpty {
            let basis = level.basis == .dueDate ? "due date" : "previous level"
            parts.append("\(level.name) at \(level.delay >= 0 ? "+" : "")\(level.delay) from the \(basis)\(count(onTime.count))")
        }
        let late = members.filter { $0.missedOn != nil }
        if let first = late.compactMap(\.missedOn).min(), let last = late.compactMap(\.missedOn).max() {
            let when = first == last ? "due \(first)" : "due \(first) ... \(last)"
            let pauses = Set(late.compactMap(\.pauseReason)).sorted()
            parts.append("catch-up of \(level.name), \(when)\(count(late.count))"
                         + (pauses.isEmpty ? "" : " after " + pauses.joined(separator: ", ")))
        }
        return parts.joined(separator: "; ")
    }

    /// One item per channel (the dispute desk's task apart): the highest policy level wins the
    /// `level` (a broken-promise call names the call), and every invoice listed moves to it, as a
    /// consolidated notice is issued at the account's level (SAP: account level = highest item level).
    private mutating func consolidated(_ items: [DayItem], on day: CalendarDay) -> [DayItem] {
        var groups: [String: [DayItem]] = [:]
        var order: [String] = []
        for item in items {
            let key = item.level == DunningPlanner.disputeDeskLevel ? "dispute" : item.channel.rawValue
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(item)
        }
        return order.map { key in
            let group = groups[key]!
            guard group.count > 1 else { return group[0] }
            let top = group.compactMap(\.levelIndex).max()
            if let top { for i in group.flatMap(\.invoices) { advance(i, past: top, on: day) } }
            let level = group.contains { $0.level == DunningPlanner.brokenPromiseLevel }
                ? DunningPlanner.brokenPromiseLevel : top.map { levels[$0].name } ?? group[0].level
            var levelOf: [Int: String] = [:]
            for item in group { for (i, name) in zip(item.invoices, item.invoiceLevels) where levelOf[i] == nil { levelOf[i] = name } }
            let members = levelOf.keys.sorted()
            return DayItem(channel: group[0].channel, levelIndex: top, level: level, invoices: members,
                           invoiceLevels: members.map { levelOf[$0]! }, reason: group.map(\.reason).joined(separator: "; "))
        }
    }
}
