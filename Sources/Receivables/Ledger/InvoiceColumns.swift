import Tabular

/// The checked invoices of one chunk as columns, for the features path (issue 16): what
/// `LedgerRowChecker` writes instead of `Invoice` values when the reader is asked for columns
/// and the ledger is canonical (no payments table, currency, document types or extra
/// categorical columns), and `FeatureAccumulator.add(_:)` reads directly.
///
/// Why: with an `Invoice` per row, the `String`s and arrays of each value were retained,
/// copied when a chunk's two halves were joined and released when the batch was reused (14%
/// of the CPU of `features` at 1M customers), and the accumulator hashed every account id
/// again. Here a row is its account id's bytes (copied out of the chunk, whose storage is
/// reused while the batch is consumed) with their hash, computed once while checking, days as
/// `Int32`, the amount, the disputed flag as a byte and the payment method as an index into
/// the batch's few distinct methods. The checks are the same code (`LedgerRowChecker.check`):
/// one checker, two outputs.
struct InvoiceColumns {
    /// Each row's account id as an `AccountKey` (an id of up to 15 bytes is its key). The ids
    /// are UTF-8 exactly as `String` would hold them (a non-ASCII id goes through `String`,
    /// which repairs invalid UTF-8, so its bytes and hash are those of the id the `Invoice`
    /// path makes).
    var accountKeys: [AccountKey] = []
    /// The bytes of the longer ids, one after the other; row `i`'s are
    /// `longAccountEnds[i - 1]..<longAccountEnds[i]` (from 0 for row 0; empty for a short id).
    var longAccountBytes: [UInt8] = []
    var longAccountEnds: [Int32] = []
    /// `AccountStore.hash` of each row's id.
    var accountHashes: [UInt64] = []
    /// Days since 1970-01-01.
    var invoiceDays: [Int32] = [], dueDays: [Int32] = []
    /// `noPaidDay` when the invoice has no paid date.
    var paidDays: [Int32] = []
    var amounts: [Double] = []
    /// 1 when disputed.
    var disputed: [UInt8] = []
    /// `noMethodColumn` (the ledger has no payment-method column), `emptyMethod` (an empty
    /// cell), else an index into `methodNames`.
    var methods: [Int32] = []
    /// The distinct non-empty payment methods of the batch, in order of first use.
    var methodNames: [String] = []
    /// Their bytes, to match a cell without making a `String`.
    private var methodBytes: [[UInt8]] = []

    static let noPaidDay = Int32.min
    static let noMethodColumn: Int32 = -2
    static let emptyMethod: Int32 = -1

    var count: Int { accountHashes.count }

    mutating func reset() {
        accountKeys.removeAll(keepingCapacity: true)
        longAccountBytes.removeAll(keepingCapacity: true)
        longAccountEnds.removeAll(keepingCapacity: true)
        accountHashes.removeAll(keepingCapacity: true)
        invoiceDays.removeAll(keepingCapacity: true)
        dueDays.removeAll(keepingCapacity: true)
        paidDays.removeAll(keepingCapacity: true)
        amounts.removeAll(keepingCapacity: true)
        disputed.removeAll(keepingCapacity: true)
        methods.removeAll(keepingCapacity: true)
        methodNames.removeAll(keepingCapacity: true)
        methodBytes.removeAll(keepingCapacity: true)
    }

    /// Appends one checked invoice; the account id and method are read from `chunk` (`method`
    /// nil: no payment-method column).
    mutating func append(_ chunk: CSVChunk, _ at: CSVChunk.RowPosition, row: Int, accountColumn: Int, invoiceDate: CalendarDay, dueDate: CalendarDay,
                         amount: Double, paidDate: CalendarDay?, disputed isDisputed: Bool, methodColumn: Int?) {
        if let raw = chunk.unquotedField(at, column: accountColumn), raw.allSatisfy({ $0 < 0x80 }) {
            appendAccount(raw)
        } else {
            var id = chunk.string(row: row, column: accountColumn)
            id.withUTF8 { appendAccount($0) }
        }
        invoiceDays.append(Int32(invoiceDate.daysSinceEpoch))
        dueDays.append(Int32(dueDate.daysSinceEpoch))
        paidDays.append(paidDate.map { Int32($0.daysSinceEpoch) } ?? Self.noPaidDay)
        amounts.append(amount)
        disputed.append(isDisputed ? 1 : 0)
        guard let methodColumn else { methods.append(Self.noMethodColumn); return }
        if let raw = chunk.unquotedField(at, column: methodColumn) {
            if raw.isEmpty { methods.append(Self.emptyMethod); return }
            // A ledger has a handful of methods: a scan of the known ones' bytes.
            for (k, known) in methodBytes.enumerated() where known.elementsEqual(raw) {
                methods.append(Int32(k))
                return
            }
        }
        let text = chunk.string(row: row, column: methodColumn)
        if text.isEmpty { methods.append(Self.emptyMethod); return }
        if let k = methodNames.firstIndex(of: text) { methods.append(Int32(k)); return }
        methods.append(Int32(methodNames.count))
        methodNames.append(text)
        methodBytes.append(Array(text.utf8))
    }

    @inline(__always)
    private mutating func appendAccount(_ id: UnsafeBufferPointer<UInt8>) {
        let key = AccountKey(id)
        accountKeys.append(key)
        accountHashes.append(InvoiceIdSet.fnv1a(bytes: id))
        // A short id is all in its key: no bytes copied (measured: a `memmove` call per row).
        if key.isLong { longAccountBytes.append(contentsOf: id) }
        longAccountEnds.append(Int32(longAccountBytes.count))
    }

    /// Calls `body` with the UTF-8 of row `i`'s account id.
    func withAccount<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let key = accountKeys[i]
        guard key.isLong else { return key.withShortBytes(body) }
        let start = i == 0 ? 0 : Int(longAccountEnds[i - 1])
        return longAccountBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<Int(longAccountEnds[i])])) }
    }

    /// Appends `other`'s rows after these (the second half of a chunk checked in two halves).
    mutating func append(contentsOf other: InvoiceColumns) {
        let base = Int32(longAccountBytes.count)
        accountKeys.append(contentsOf: other.accountKeys)
        longAccountBytes.append(contentsOf: other.longAccountBytes)
        longAccountEnds.append(contentsOf: other.longAccountEnds.lazy.map { $0 + base })
        accountHashes.append(contentsOf: other.accountHashes)
        invoiceDays.append(contentsOf: other.invoiceDays)
        dueDays.append(contentsOf: other.dueDays)
        paidDays.append(contentsOf: other.paidDays)
        amounts.append(contentsOf: other.amounts)
        disputed.append(contentsOf: other.disputed)
        // The other half's method indices, renumbered into this half's names.
        var renumber: [Int32] = []
        for (k, name) in other.methodNames.enumerated() {
            if let known = methodNames.firstIndex(of: name) {
                renumber.append(Int32(known))
            } else {
                renumber.append(Int32(methodNames.count))
                methodNames.append(name)
                methodBytes.append(other.methodBytes[k])
            }
        }
        methods.append(contentsOf: other.methods.lazy.map { $0 >= 0 ? renumber[Int($0)] : $0 })
    }

    /// Row `i` as an `Invoice` (no invoice id: the columns do not keep it), for tests.
    func invoice(at i: Int) -> Invoice {
        let account = withAccount(i) { String(decoding: $0, as: UTF8.self) }
        let method = methods[i]
        return Invoice(accountId: account, invoiceId: "", invoiceDate: CalendarDay(daysSinceEpoch: Int(invoiceDays[i])),
                       dueDate: CalendarDay(daysSinceEpoch: Int(dueDays[i])), amount: amounts[i],
                       paidDate: paidDays[i] == Self.noPaidDay ? nil : CalendarDay(daysSinceEpoch: Int(paidDays[i])),
                       disputed: disputed[i] != 0,
                       paymentMethod: method == Self.noMethodColumn ? nil : method == Self.emptyMethod ? "" : methodNames[Int(method)])
    }
}

/// An account id of up to 15 bytes as 16 bytes: bytes 0-7 in `low` and 8-14 in `high`, each
/// byte `k` at bits `8k` (little end first), and the length in the top byte of `high`, so two
/// short ids are equal exactly when their keys are; a longer id has a key of its own
/// (`isLong`: top byte 255) and is compared byte by byte. Built with shifts, not a copy: a
/// `memmove` call per key was measurable (issue 16).
struct AccountKey: Equatable {
    var low: UInt64 = 0, high: UInt64 = 0

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 15 else { high = UInt64.max; return }
        for k in 0..<min(bytes.count, 8) { low |= UInt64(bytes[k]) << UInt64(8 * k) }
        if bytes.count > 8 { for k in 8..<bytes.count { high |= UInt64(bytes[k]) << UInt64(8 * (k - 8)) } }
        high |= UInt64(bytes.count) << 56
    }

    var isLong: Bool { high == UInt64.max }

    /// Calls `body` with the bytes of a short id (`!isLong`).
    func withShortBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let count = Int(high >> 56)
        var bytes: (UInt64, UInt64) = (low.littleEndian, (high & 0x00FF_FFFF_FFFF_FFFF).littleEndian)
        return withUnsafeBytes(of: &bytes) { body(UnsafeBufferPointer(start: $0.bindMemory(to: UInt8.self).baseAddress, count: count)) }
    }
}
