import Tabular

/// Writes the rows of an ERP-shaped ledger (`ERPShape`) and its payments file, one invoice at a
/// time in issue order, as `LedgerGenerator.write(_:ledger:truth:accounts:payments:rates:)`
/// hands them over. Holds no invoice: only the credit memos not yet due to be written (issued
/// up to 45 days after their invoice, written after the invoices of their day) and the
/// duplicate rows waiting for their place (at most 50 rows later).
struct ERPRowWriter {
    let shape: ERPShape
    let layout: ERPLayout
    let seeds: ERPSeeds
    let ids: ERPAccountIds
    let rates: ERPRates?
    let asOf: Int
    var invoiceWidth = 7
    private var rows: RowBytes
    private var paymentRows: RowBytes
    private let dates: ERPDateCells
    private let methodCells: [[[UInt8]]]
    private let currencyCodes: [String]
    private let terms: (usual: [Int: String], other: [String])

    private struct PendingMemo {
        let customer: Int32
        let persona: UInt8, method: UInt8
        let terms: Int16
        let memo: CreditMemoDraw
    }
    /// Credit memos by the day they are issued, and the earliest such day.
    private var memos: [Int: [PendingMemo]] = [:]
    private var earliestMemoDay = Int.max
    private var memoNumber = 0
    /// SAP payment documents (DZ) numbered so far.
    private var paymentDocuments = 0
    /// Original rows written, and the copies waiting until that count reaches `after`.
    private var written = 0
    private var duplicates: [(after: Int, bytes: [UInt8])] = []

    init(shape: ERPShape, generator: LedgerGenerator, seeds: ERPSeeds, ids: ERPAccountIds, rates: ERPRates?,
         ledger: AtomicFile.Sink, payments: AtomicFile.Sink?) {
        self.shape = shape
        layout = shape.layout
        self.seeds = seeds
        self.ids = ids
        self.rates = rates
        asOf = generator.asOf.daysSinceEpoch
        rows = RowBytes(sink: ledger, headerLine: layout.ledgerHeaderLine(shape))
        paymentRows = RowBytes(sink: payments, headerLine: layout.paymentsHeaderLine)
        dates = ERPDateCells(from: generator.firstDay - 3, through: asOf + 61)
        methodCells = CustomerDraws.behaviours.map { $0.paymentMethods.map { RowBytes.cell(.text($0.0)) } }
        currencyCodes = shape.currencies.isEmpty ? ["USD"] : shape.currencies
        terms = LayoutDraw.termsCodes(layout)
    }

    /// Writes invoice `number` (1-based, issue order) of customer `i`, its payment rows (SAP),
    /// its payments (payments file), and keeps its credit memo, if any, for its day.
    mutating func invoice(_ i: Int, _ customer: CustomerDraws, _ draft: InvoiceDraft, _ number: Int) throws {
        let day = Int(draft.day)
        try writeMemos(before: day)
        let profile = ids.profiles[i]
        let c = Int(profile.currency)
        let base = Int((draft.amount * 100).rounded())
        let cents = c == 0 || rates == nil ? base : max(100, Int((Double(base) / rates!.rate(c, on: day)).rounded()))
        let paid = draft.isPaid ? Int(draft.paidDay) : nil
        let plan = shape.partialPayments
            ? PaymentPlan(invoice: number, seeds: seeds, day: day, paid: paid, cents: cents, asOf: asOf) : nil
        let settled = plan.map(\.settledDay) ?? paid
        let payments = plan?.payments ?? paid.map { [($0, cents)] } ?? []
        let draw = LayoutDraw(invoice: number, seeds: seeds, otherTypeShare: layout.otherInvoiceTypeShare)
        let due = day + Int(customer.terms)
        let code = currencyCodes[c]
        let termsCode = draw.otherTerms.map { terms.other[$0] } ?? terms.usual[Int(customer.terms)]!
        let types = layout.invoiceTypes

        // SAP: the invoice's payments are DZ documents numbered from here; the last one, when
        // they settle it, is its clearing document.
        let firstPayment = paymentDocuments + 1
        let clearing = settled == nil ? nil : firstPayment + payments.count - 1
        let start = rows.count
        switch layout {
        case .canonical:
            ids.write(into: &rows, i)
            rows.comma(); rows.padded(prefix: "INV", number, width: invoiceWidth)
            rows.comma(); rows.append(dates.iso(day))
            rows.comma(); rows.append(dates.iso(due))
            rows.comma(); rows.append(CSVWriter.format(Double(cents) / 100))
            rows.comma(); if let settled { rows.append(dates.iso(settled)) }
            rows.comma(); rows.append(draft.disputed ? "yes" : "no")
            rows.comma(); rows.append(methodCells[Int(customer.personaIndex)][Int(customer.method)])
            if shape.creditMemos { rows.comma(); rows.append(types.usual) }
            if !shape.currencies.isEmpty { rows.comma(); rows.append(code) }
        case .highradius:
            let id = Self.highRadiusId(number)
            rows.append(c == 0 ? ERPCustomer.businessCodes[Int(profile.business)]
                        : code == "CAD" ? "CA02" : code.prefix(2) + "0\(c + 1)")
            rows.comma(); ids.write(into: &rows, i)
            rows.comma(); rows.append(ids.nameCells[Int(profile.stem)][Int(profile.suffix)])
            rows.comma(); if let settled { rows.append(dates.isoMidnight(settled)) }
            rows.comma(); rows.append(dates.yearFloat(day))
            rows.comma(); rows.append(id)
            rows.comma(); rows.append(dates.iso(day))
            rows.comma(); rows.append(dates.compact(day - draw.createdBefore))
            rows.comma(); rows.append(dates.compact(day))
            rows.comma(); rows.append(dates.compactFloat(due))
            rows.comma(); rows.append(code)
            rows.comma(); rows.append(draw.otherType ? types.other : types.usual)
            rows.comma(); rows.append("1.0")
            rows.comma()
            rows.comma(); rows.append("\(Double(cents) / 100)")
            rows.comma(); rows.append(dates.compactFloat(day))
            rows.comma(); rows.append(termsCode)
            rows.comma(); rows.append(id)
            rows.comma(); rows.append(settled == nil ? "1" : "0")
        case .sapFBL5N:
            sapRow(i, c: c, prefix: "90", number, type: draw.otherType ? types.other : types.usual, day: day, due: due,
                   cents: cents, cleared: settled, clearing: clearing, terms: termsCode)
        }
        try endDocumentRow(from: start, key: number)
        if layout == .sapFBL5N {
            for (k, (on, amount)) in payments.enumerated() {
                sapRow(i, c: c, prefix: "14", firstPayment + k, type: "DZ", day: on, due: on, cents: -amount,
                       cleared: settled, clearing: clearing, terms: "")
                try rows.endRow()
                try countRow()
            }
            paymentDocuments += payments.count
        }
        for (on, amount) in plan?.payments ?? [] {
            switch layout {
            case .canonical: paymentRows.padded(prefix: "INV", number, width: invoiceWidth)
            case .highradius: paymentRows.append(Self.highRadiusId(number))
            case .sapFBL5N: paymentRows.padded(prefix: "90", number, width: 8)
            }
            paymentRows.byte(layout.delimiter)
            paymentRows.append(layout == .sapFBL5N ? dates.dotted(on) : dates.iso(on))
            paymentRows.byte(layout.delimiter)
            paymentRows.append(layout == .sapFBL5N ? ERPDateCells.decimalComma(amount) : CSVWriter.format(Double(amount) / 100))
            try paymentRows.endRow()
        }
        if shape.creditMemos,
           let memo = CreditMemoDraw(invoice: number, seeds: seeds, day: day, cents: cents, disputed: draft.disputed, asOf: asOf) {
            memos[memo.day, default: []].append(PendingMemo(customer: Int32(i), persona: customer.personaIndex,
                                                            method: customer.method, terms: customer.terms, memo: memo))
            earliestMemoDay = min(earliestMemoDay, memo.day)
        }
    }

    /// Writes the credit memos issued before `day` (all of them when `day` is nil), oldest day
    /// first, each day's in the order their invoices came.
    private mutating func writeMemos(before day: Int?) throws {
        while earliestMemoDay < (day ?? Int.max), let pending = memos.removeValue(forKey: earliestMemoDay) {
            for memo in pending { try write(memo) }
            earliestMemoDay = memos.keys.min() ?? Int.max
        }
    }

    private mutating func write(_ pending: PendingMemo) throws {
        memoNumber += 1
        let i = Int(pending.customer), memo = pending.memo
        let c = Int(ids.profiles[i].currency)
        let start = rows.count
        switch layout {
        case .canonical:
            ids.write(into: &rows, i)
            rows.comma(); rows.padded(prefix: "CM", memoNumber, width: invoiceWidth)
            rows.comma(); rows.append(dates.iso(memo.day))
            rows.comma(); rows.append(dates.iso(memo.day))
            rows.comma(); rows.append(CSVWriter.format(-Double(memo.cents) / 100))
            rows.comma(); if let cleared = memo.clearedDay { rows.append(dates.iso(cleared)) }
            rows.comma(); rows.append("no")
            rows.comma(); rows.append(methodCells[Int(pending.persona)][Int(pending.method)])
            rows.comma(); rows.append("CM")
            if !shape.currencies.isEmpty { rows.comma(); rows.append(currencyCodes[c]) }
        case .highradius:
            preconditionFailure("the highradius layout has no credit memos")
        case .sapFBL5N:
            sapRow(i, c: c, prefix: "91", memoNumber, type: memo.otherType ? "G2" : "DG", day: memo.day, due: memo.day,
                   cents: -memo.cents, cleared: memo.clearedDay, clearing: memo.clearedDay.map { _ in memoNumber },
                   terms: terms.usual[Int(pending.terms)]!, clearingPrefix: "15")
        }
        try endDocumentRow(from: start, key: 1 << 40 + memoNumber)
    }

    /// Ends a document row begun at `start`; with probability `duplicateShare` (drawn from the
    /// row's own stream, `key`) keeps a copy to write 0-49 rows later.
    private mutating func endDocumentRow(from start: Int, key: Int) throws {
        if shape.duplicateShare > 0 {
            var rng = ERPSeeds.stream(seeds.duplicates, key)
            if rng.nextUniform() < shape.duplicateShare {
                duplicates.append((written + 1 + rng.nextInt(below: 50), Array(rows.bytes(from: start)) + [10]))
            }
        }
        try rows.endRow()
        try countRow()
    }

    /// Counts an original row and writes the copies whose place has come.
    private mutating func countRow() throws {
        written += 1
        guard !duplicates.isEmpty else { return }
        while let k = duplicates.firstIndex(where: { $0.after <= written }) {
            let copy = duplicates.remove(at: k)
            rows.append(copy.bytes)
            if rows.count >= 1 << 18 { try rows.flush() }
        }
    }

    /// Writes what is still held (credit memos, then the copies in order) and flushes both files.
    mutating func finish() throws {
        try writeMemos(before: nil)
        let order = duplicates.indices.sorted { (duplicates[$0].after, $0) < (duplicates[$1].after, $1) }
        for k in order { rows.append(duplicates[k].bytes) }
        duplicates = []
        try rows.flush()
        try paymentRows.flush()
    }

    /// A HighRadius invoice (and document) id: a number written as a float, `1929003413.0`.
    static func highRadiusId(_ number: Int) -> String { "\(1_928_999_999 + number).0" }

    /// One FBL5N row (without its end).
    private mutating func sapRow(_ i: Int, c: Int, prefix: StaticString, _ document: Int, type: String, day: Int, due: Int,
                                 cents: Int, cleared: Int?, clearing: Int?, terms: String,
                                 clearingPrefix: StaticString = "14") {
        let semicolon = UInt8(ascii: ";")
        rows.append(String(1000 * (c + 1)))
        rows.byte(semicolon); ids.write(into: &rows, i)
        rows.byte(semicolon); rows.padded(prefix: prefix, document, width: 8)
        rows.byte(semicolon); rows.append(type)
        rows.byte(semicolon); rows.append(dates.dotted(day))
        rows.byte(semicolon); rows.append(dates.dotted(day))
        rows.byte(semicolon); rows.append(dates.dotted(due))
        rows.byte(semicolon); rows.append(ERPDateCells.decimalComma(cents))
        rows.byte(semicolon); rows.append(currencyCodes[c])
        rows.byte(semicolon); if let cleared { rows.append(dates.dotted(cleared)) }
        rows.byte(semicolon); if let clearing { rows.padded(prefix: clearingPrefix, clearing, width: 8) }
        rows.byte(semicolon); rows.append(terms)
    }
}
