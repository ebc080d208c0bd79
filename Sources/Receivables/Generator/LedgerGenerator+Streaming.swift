import Tabular

extension LedgerGenerator {
    /// Writes the ledger, truth and (when given) accounts CSVs straight to `AtomicFile` sinks,
    /// byte for byte what `generate()` gives as `ledgerCSV`, `truthCSV` and `accounts.csv`,
    /// without holding the invoices: memory is one 48-byte `CustomerDraws` per customer plus
    /// the invoices of `blockDays` days.
    ///
    /// Two passes, because the ledger is in issue order across customers and invoice numbers
    /// are zero-padded to the width of the total count:
    /// 1. customer by customer: draw everything, write the truth and accounts rows, count the
    ///    invoices, and keep each customer's draw state as it was before its first day;
    /// 2. `blockDays` days at a time: resume every customer over those days, collecting the
    ///    invoices per day (in customer order, as `generate()`'s stable sort leaves them: a
    ///    customer has at most one invoice a day), then write them day by day.
    /// - Parameter blockDays: days per pass-2 block; nil picks about 8 million invoices per block.
    /// - Throws: what the sinks throw.
    public func write(ledger: AtomicFile.Sink, truth: AtomicFile.Sink, accounts: AtomicFile.Sink?,
                      blockDays: Int? = nil) throws {
        let asOfDay = asOf.daysSinceEpoch
        let idWidth = max(5, String(customers).count)
        var (states, invoiceCount) = try drawCustomers(truth: truth, accounts: accounts) { rows, i in
            rows.padded(prefix: "C", i + 1, width: idWidth)
        }

        // Pass 2: the ledger in issue order.
        var rows = RowBytes(sink: ledger, header: LedgerField.allCases.map(\.rawValue))
        let invoiceWidth = invoiceIdWidth(count: invoiceCount)
        // Every date a row can hold: issue days from firstDay, due dates up to 60 days after as-of.
        let dateCells = (firstDay...(asOfDay + 60)).map { RowBytes.cell(.text(CalendarDay(daysSinceEpoch: $0).description)) }
        let methodCells = CustomerDraws.behaviours.map { $0.paymentMethods.map { RowBytes.cell(.text($0.0)) } }
        let disputedCells = [RowBytes.cell(.text("no")), RowBytes.cell(.text("yes"))]
        try forEachInvoiceInIssueOrder(&states, blockDays: blockDays) { i, customer, draft, number in
            let day = Int(draft.day)
            rows.padded(prefix: "C", i + 1, width: idWidth)
            rows.comma(); rows.padded(prefix: "INV", number, width: invoiceWidth)
            rows.comma(); rows.append(dateCells[day - firstDay])
            rows.comma(); rows.append(dateCells[day + Int(customer.terms) - firstDay])
            rows.comma(); rows.append(CSVWriter.render(.number(draft.amount)))
            rows.comma(); if draft.isPaid { rows.append(dateCells[Int(draft.paidDay) - firstDay]) }
            rows.comma(); rows.append(disputedCells[draft.disputed ? 1 : 0])
            rows.comma(); rows.append(methodCells[Int(customer.personaIndex)][Int(customer.method)])
            try rows.endRow()
        }
        try rows.flush()
    }

    /// Pass 1 of the streaming writers: draws every customer in order, writes its truth row and
    /// (when `accounts` is given) its attributes row, each starting with the id `writeId`
    /// writes for the customer's 0-based index, and counts the invoices.
    /// - Returns: every customer's draw state as it was before its first day, and the invoice count.
    func drawCustomers(truth: AtomicFile.Sink, accounts: AtomicFile.Sink?,
                       writeId: (inout RowBytes, Int) -> Void) throws -> (states: [CustomerDraws], invoiceCount: Int) {
        let asOfDay = asOf.daysSinceEpoch
        let seasons = seasonalRates()
        var states: [CustomerDraws] = []
        states.reserveCapacity(customers)
        var truthRows = RowBytes(sink: truth, header: ["account_id", "persona"])
        var accountRows = RowBytes(sink: accounts, header: ["account_id"] + Self.accountNumericNames
                                   + [AccountAttribute.accountType, "region"])
        let personaCells = CustomerDraws.personas.map { RowBytes.cell(.text($0.rawValue)) }
        let typeCells = CustomerDraws.behaviours.map { RowBytes.cell(.text($0.accountType)) }
        let regionCells = Dictionary(uniqueKeysWithValues: Self.regions.map { ($0, RowBytes.cell(.text($0))) })
        var invoiceCount = 0
        for i in 0..<customers {
            var customer = CustomerDraws(customer: i, of: self)
            states.append(customer)
            let habits = customer.habits
            var billing = 0.0
            for day in Int(customer.start)...asOfDay {
                guard let draft = customer.invoice(on: day, asOf: asOfDay, season: seasons[day - firstDay],
                                                   habits: habits) else { continue }
                invoiceCount += 1
                if asOfDay - day < FeatureBuilder.billingWindowDays { billing += draft.amount }
            }
            let drawn = customer.attributes(billing: billing)
            writeId(&truthRows, i)
            truthRows.comma(); truthRows.append(personaCells[Int(customer.personaIndex)])
            try truthRows.endRow()
            if accounts != nil {
                writeId(&accountRows, i)
                accountRows.comma(); accountRows.append(CSVWriter.render(.number(drawn.creditScore)))
                accountRows.comma(); accountRows.append(CSVWriter.render(.number(drawn.creditLimit)))
                accountRows.comma(); accountRows.append(typeCells[Int(customer.personaIndex)])
                accountRows.comma(); accountRows.append(regionCells[drawn.region]!)
                try accountRows.endRow()
            }
        }
        try truthRows.flush()
        try accountRows.flush()
        return (states, invoiceCount)
    }

    /// Pass 2 of the streaming writers: resumes every customer `blockDays` days at a time from
    /// the states `drawCustomers` saved, and hands each invoice to `body` in issue order (day by
    /// day, customers in order within a day, as `generate()`'s stable sort leaves them: a
    /// customer has at most one invoice a day) with the customer's 0-based index, its draw state
    /// (terms, method, persona) and the invoice's 1-based number in that order.
    /// - Parameter blockDays: days per block; nil picks about 8 million invoices per block.
    func forEachInvoiceInIssueOrder(_ states: inout [CustomerDraws], blockDays: Int?,
                                    _ body: (Int, CustomerDraws, InvoiceDraft, Int) throws -> Void) rethrows {
        let asOfDay = asOf.daysSinceEpoch
        let seasons = seasonalRates()
        let expectedPerDay = max(1, customers / 12)  // about 1.8 invoices a month, +25% in season
        let block = max(1, blockDays ?? (8 << 20) / expectedPerDay)
        var buckets = [[(customer: Int32, draft: InvoiceDraft)]](repeating: [], count: min(block, historyDays + 1))
        var number = 0
        var blockStart = firstDay
        while blockStart <= asOfDay {
            let blockEnd = min(asOfDay, blockStart + buckets.count - 1)
            states.withUnsafeMutableBufferPointer { all in
                for i in all.indices {
                    let from = max(Int(all[i].start), blockStart)
                    guard from <= blockEnd else { continue }
                    let habits = all[i].habits
                    for day in from...blockEnd {
                        if let draft = all[i].invoice(on: day, asOf: asOfDay, season: seasons[day - firstDay], habits: habits) {
                            buckets[day - blockStart].append((Int32(i), draft))
                        }
                    }
                }
            }
            for b in 0...(blockEnd - blockStart) {
                for (i, draft) in buckets[b] {
                    number += 1
                    try body(Int(i), states[Int(i)], draft, number)
                }
                buckets[b].removeAll(keepingCapacity: true)
            }
            blockStart = blockEnd + 1
        }
    }
}

/// CSV rows assembled as bytes and handed to a sink in large pieces. Cells are rendered by
/// `CSVWriter.render` (once per distinct value where the caller can); only ids, which never
/// need quoting or neutralising (a letter prefix and digits), are written directly.
struct RowBytes {
    private var bytes: [UInt8] = []
    private let sink: AtomicFile.Sink?

    /// Starts with `header` as `CSVWriter` writes it; with no sink every row is dropped.
    init(sink: AtomicFile.Sink?, header: [String]) {
        self.sink = sink
        guard sink != nil else { return }
        bytes.reserveCapacity(1 << 19)
        bytes.append(contentsOf: CSVWriter(header: header).text.utf8)
    }

    /// Starts with `headerLine` (its bytes as they are, a newline added); with no sink every
    /// row is dropped. For layouts `CSVWriter` does not write (another delimiter).
    init(sink: AtomicFile.Sink?, headerLine: String) {
        self.sink = sink
        guard sink != nil else { return }
        bytes.reserveCapacity(1 << 19)
        bytes.append(contentsOf: headerLine.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The bytes of one rendered cell.
    static func cell(_ cell: CSVCell) -> [UInt8] { Array(CSVWriter.render(cell).utf8) }

    mutating func append(_ cell: [UInt8]) { bytes.append(contentsOf: cell) }
    mutating func append(_ cell: String) { bytes.append(contentsOf: cell.utf8) }
    mutating func append(_ cell: ArraySlice<UInt8>) { bytes.append(contentsOf: cell) }
    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    mutating func byte(_ byte: UInt8) { bytes.append(byte) }
    /// The bytes of the row being assembled, from `start` (a `count` taken before it).
    func bytes(from start: Int) -> ArraySlice<UInt8> { bytes[start...] }
    /// Bytes assembled and not yet handed to the sink.
    var count: Int { bytes.count }

    /// `prefix` and `number` zero-padded to `width` digits (`LedgerGenerator.paddedId`).
    mutating func padded(prefix: StaticString, _ number: Int, width: Int) {
        prefix.withUTF8Buffer { bytes.append(contentsOf: $0) }
        var digits = 1, rest = number
        while rest >= 10 { rest /= 10; digits += 1 }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        let end = bytes.count + digits
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var value = number, at = end - 1
        repeat {
            bytes[at] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
            at -= 1
        } while value > 0
    }

    /// Ends the row; hands the bytes to the sink once there are enough of them.
    mutating func endRow() throws {
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count >= 1 << 18 { try flush() }
    }

    mutating func flush() throws {
        guard let sink else { return }
        try sink.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
