import Tabular

extension DunningPlanner {
    /// The starting state of every account with an invoice open on the as-of date: history
    /// applied, pauses set, missed levels marked for catch-up, dispute-desk and broken-promise
    /// items queued.
    static func schedules(_ input: PlanInput, notes: inout [String]) -> [String: AccountSchedule] {
        let T = input.asOf
        let byAccount = Dictionary(grouping: input.invoices, by: \.accountId)
        let history = Dictionary(grouping: input.history, by: \.accountId)
        let holds = Dictionary(grouping: input.holds.filter { $0.until >= T }, by: \.accountId)
        let promises = Dictionary(grouping: input.promises, by: \.accountId)
        let endedHolds = input.holds.count - holds.values.reduce(0) { $0 + $1.count }
        if endedHolds > 0 { notes.append("\(endedHolds) holds ended before \(T) and were ignored") }
        var unknownLevels = 0
        var result: [String: AccountSchedule] = [:]
        for (id, all) in byAccount {
            guard let account = input.accounts[id] else { continue }
            // Something to collect: a zero-amount invoice is never dunned.
            let open = all.filter { $0.openAmount(at: T) > 0 }.sorted {
                ($0.dueDate, $0.invoiceId) < ($1.dueDate, $1.invoiceId)
            }
            guard !open.isEmpty else { continue }
            let levels = account.policy.levels
            let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1.name, $0) })
            let position = Dictionary(uniqueKeysWithValues: open.enumerated().map { ($1.invoiceId, $0) })
            var issued: [Int: (level: Int, date: CalendarDay)] = [:]
            var contactDays = Set<CalendarDay>()
            var desked = Set<Int>()
            var followedUp: [Int: CalendarDay] = [:]
            for row in history[id] ?? [] {
                let channel = row.channel ?? channelOf(row.level, levels: levels, index: index)
                if channel?.contactsCustomer == true { contactDays.insert(row.date) }
                let members = row.invoiceIds.compactMap { position[$0] }
                switch row.level {
                case disputeDeskLevel: desked.formUnion(members)
                case brokenPromiseLevel: for i in members { followedUp[i] = max(followedUp[i] ?? row.date, row.date) }
                default:
                    guard let k = index[row.level] else { unknownLevels += 1; continue }
                    for i in members where issued[i].map({ $0.level < k }) ?? true { issued[i] = (k, row.date) }
                }
            }
            var tracks: [Int: InvoiceTrack] = [:]
            for (i, invoice) in open.enumerated() where !invoice.disputed {
                var track = InvoiceTrack(invoice: invoice, open: invoice.openAmount(at: T), next: (issued[i]?.level ?? -1) + 1,
                                         lastDate: issued[i]?.date, missedOn: nil, earliest: T, pauseReason: nil)
                for hold in holds[id] ?? [] where hold.invoiceId == nil || hold.invoiceId == invoice.invoiceId {
                    pause(&track, until: hold.until, because: "hold until \(hold.until)\(hold.reason.isEmpty ? "" : " (\(hold.reason))")")
                }
                tracks[i] = track
            }
            var extras: [ExtraItem] = []
            let tolerance = account.policy.promiseToleranceDays
            for promise in promises[id] ?? [] {
                let covered = open.indices.filter { promise.covers(open[$0]) }
                guard !covered.isEmpty else { continue }
                let end = promise.windowEnd(tolerance: tolerance)
                let what = "promise of \(CSVWriter.format(promise.amount)) for \(promise.promiseDate)"
                // A follow-up already issued after the window (history) is not repeated.
                let followed = covered.contains { (followedUp[$0] ?? end) > end }
                switch promise.status(asOf: T, tolerance: tolerance, invoices: all) {
                case .kept: continue
                case .pending:
                    for i in covered where tracks[i] != nil { pause(&tracks[i]!, until: end, because: what) }
                    if followed { continue }
                    extras.append(ExtraItem(kind: .brokenPromise, invoices: covered, due: end + 1,
                                            reason: "\(what): follow up unless kept by \(end)"))
                case .broken:
                    if followed { continue }
                    extras.append(ExtraItem(kind: .brokenPromise, invoices: covered, due: T,
                                            reason: "\(what) broken (nothing or too little paid by \(end))"))
                }
            }
            for i in tracks.keys { markCatchUp(&tracks[i]!, levels: levels) }
            let disputed = open.indices.filter { open[$0].disputed && !desked.contains($0) }
            if !disputed.isEmpty {
                extras.append(ExtraItem(kind: .disputeDesk, invoices: disputed, due: T,
                                        reason: "disputed: dunning paused while the dispute desk works it"))
            }
            result[id] = AccountSchedule(account: account, invoices: open, openAmounts: open.map { $0.openAmount(at: T) },
                                         tracks: tracks, extras: extras, contactDays: contactDays)
        }
        if unknownLevels > 0 { notes.append("\(unknownLevels) history rows name levels the account's policy does not have (ignored)") }
        return result
    }

    /// The channel of a level named in a history file without a channel column.
    static func channelOf(_ level: String, levels: [PolicyLevel], index: [String: Int]) -> DunningChannel? {
        switch level {
        case disputeDeskLevel: return .task
        case brokenPromiseLevel: return .call
        default: return index[level].map { levels[$0].channel }
        }
    }

    static func pause(_ track: inout InvoiceTrack, until: CalendarDay, because reason: String) {
        guard until + 1 > track.earliest else { return }
        track.earliest = until + 1
        track.pauseReason = reason
    }

    /// Levels whose date passed before the first allowed day: the highest of them goes out on
    /// that day (the lower ones are never sent); no level is ever planned twice.
    static func markCatchUp(_ track: inout InvoiceTrack, levels: [PolicyLevel]) {
        guard track.next < levels.count else { return }
        var previous = track.lastDate
        var missed: (level: Int, day: CalendarDay)?
        for k in track.next..<levels.count {
            let level = levels[k]
            let day: CalendarDay
            switch level.basis {
            case .dueDate: day = track.invoice.dueDate + level.delay
            case .previousLevel: day = (previous ?? track.invoice.dueDate) + level.delay
            }
            previous = day
            if day < track.earliest { missed = (k, day) }
        }
        if let missed {
            track.next = missed.level
            track.missedOn = missed.day
        }
    }
}
