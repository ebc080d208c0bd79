import Tabular

/// The ledger reader's invoice-id uniqueness check (error mode), exact, in file order.
///
/// While every id is greater than the one before it, in shortlex order of its UTF-8 bytes
/// (shorter first, then byte by byte: `INV9 < INV10`), no two ids so far can be equal, and
/// that is all this keeps: the previous id. Ledgers numbered in issue order (ERP document
/// numbers, our generator) are read this way to the end, with no memory per invoice.
/// At the first id that is not greater, the check falls back for good to `InvoiceIdSet`
/// (64-bit hashes, a hit confirmed exactly by the reader): the hashes of every earlier row
/// are added by reading those rows again (`earlier`), then this row's and the later ones
/// are inserted as they come.
///
/// Speed (issue 16, `features` on the 1M-customer ledger, 24.7M invoices): each hash insert
/// is a random access into a table of hundreds of MB (about 450 ns, 20% of the run, and 2-4
/// GiB of the 8 GiB at 10M customers); the ordered check is one compare of ~10 bytes.
/// The result is the same as hashing every id: byte-distinct ids are never duplicates.
final class InvoiceIdCheck {
    /// The table's expected size should the check fall back (the file's likely row count).
    private let expectedCount: Int
    /// The previous row's id while the ids are increasing; the hashes after the fallback.
    private var last: [UInt8] = []
    private var set: InvoiceIdSet?

    init(expectedCount: Int) { self.expectedCount = expectedCount }

    /// Checks `ids`, the ids of the file's rows `firstRow...` in order; calls `seen(i)` (in
    /// increasing `i`) for each `ids[i]` that may repeat an earlier row's id (a hash hit, to
    /// be confirmed exactly). `hashes` is scratch storage. `earlier(limit, set)` adds the
    /// hashes of the file's rows `0..<limit` to `set` (called at most once, at the fallback).
    func check(_ ids: [String], firstRow: Int, hash: (String) -> UInt64, hashes: inout [UInt64],
               earlier: (Int, InvoiceIdSet) throws -> Void, seen: (Int) -> Void) rethrows {
        var start = 0
        if set == nil {
            while start < ids.count, Self.follows(ids[start], &last) { start += 1 }
            guard start < ids.count else { return }
            let fallback = InvoiceIdSet(expectedCount: expectedCount)
            try earlier(firstRow + start, fallback)
            set = fallback
            last = []
        }
        hashes.removeAll(keepingCapacity: true)
        for id in ids[start...] { hashes.append(hash(id)) }
        hashes.withUnsafeBufferPointer { set!.insert(contentsOf: $0) { seen(start + $0) } }
    }

    /// `check` of the ids in `column` of `chunk`'s rows `0..<rows`, read from the chunk: while
    /// the ids increase, an unquoted ASCII cell is compared as its bytes (no `String` per row;
    /// measured, issue 16: making every id a `String` for this check and holding them was ~3%
    /// of `features` at 1M customers); any other cell, and every id from the fallback on, as
    /// the `String` `chunk.string` makes, as `check` does.
    func check(_ chunk: CSVChunk, column: Int, rows: Int, firstRow: Int, hash: (String) -> UInt64, hashes: inout [UInt64],
               earlier: (Int, InvoiceIdSet) throws -> Void, seen: (Int) -> Void) rethrows {
        var start = 0
        if set == nil {
            while start < rows {
                let increases: Bool
                if let raw = chunk.unquotedField(row: start, column: column), Self.isASCII(raw) {
                    increases = Self.follows(raw, &last)
                } else {
                    var id = chunk.string(row: start, column: column)
                    increases = id.withUTF8 { Self.follows($0, &last) }
                }
                guard increases else { break }
                start += 1
            }
            guard start < rows else { return }
            let fallback = InvoiceIdSet(expectedCount: expectedCount)
            try earlier(firstRow + start, fallback)
            set = fallback
            last = []
        }
        hashes.removeAll(keepingCapacity: true)
        for row in start..<rows { hashes.append(hash(chunk.string(row: row, column: column))) }
        hashes.withUnsafeBufferPointer { set!.insert(contentsOf: $0) { seen(start + $0) } }
    }

    @inline(__always)
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }

    /// Whether `id` is greater than `last` in shortlex byte order; if so it becomes `last`.
    @inline(__always)
    private static func follows(_ id: String, _ last: inout [UInt8]) -> Bool {
        var id = id
        return id.withUTF8 { follows($0, &last) }
    }

    /// `follows` of the id whose UTF-8 is `bytes`.
    @inline(__always)
    private static func follows(_ bytes: UnsafeBufferPointer<UInt8>, _ last: inout [UInt8]) -> Bool {
        if bytes.count != last.count {
            guard bytes.count > last.count else { return false }
        } else {
            guard let order = last.withUnsafeBufferPointer({ Self.compare($0, bytes) }), order else { return false }
        }
        if bytes.count == last.count {
            if bytes.count > 0 { last.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: bytes.baseAddress!, count: bytes.count) } }
        } else {
            last = Array(bytes)
        }
        return true
    }

    /// For equal-length `a` and `b`: true when a < b, false when a > b, nil when equal.
    @inline(__always)
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        for k in 0..<a.count where a[k] != b[k] { return a[k] < b[k] }
        return nil
    }
}
