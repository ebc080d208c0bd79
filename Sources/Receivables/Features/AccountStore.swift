#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tabular

/// The per-account state of `FeatureAccumulator`: account id -> dense index (0, 1, 2... in
/// order of first insertion) and each index's `AccountTotals`, looked up once per invoice.
///
/// The map is an open-addressed table of 8-byte slots (the top 32 bits of the id's hash and
/// the index + 1; 0 is empty), linear probing, doubled at 3/4 full; a tag match is confirmed
/// by comparing the id's bytes, so the map is exact. The hash is FNV-1a
/// (`InvoiceIdSet.fnv1a`), computed once per invoice by the caller, who can then load the
/// slot and the account ahead of the lookup (`candidate`). The totals live in blocks of 2^16
/// accounts that never move: no copy of every account when they outgrow an array (at 10M
/// accounts the last doubling of a `[AccountTotals]` held 1.5 GB and 3 GB side by side).
/// Slots and blocks are backed by huge pages (`adviseHugePages`).
///
/// Speed (issue 16, `perf` on `features` at 1M customers, 24.7M invoices, in issue order, so
/// accounts come in random order): `[String: Int]` took 19% of the run in `Dictionary.find`
/// plus 5% in SipHash, on the single thread that accumulates. With this table and 4 KiB pages
/// the loads of the slot and of the 184-byte totals (tables of 16 and 184 MB) were still ~25%:
/// each missed the TLB as well as the cache.
///
/// The ids are kept as UTF-8 bytes one after the other (`idBytes`, row `i` from `idStarts[i]`
/// to `idStarts[i + 1]`), in manual memory like the rest: the column batch (`InvoiceColumns`)
/// looks an account up by its bytes, with no `String` (issue 16: the `[String]` of ids and
/// a `String` per invoice were part of the 14% of retain/release and of the per-lookup cost;
/// a plain pointer also avoids the exclusivity checks of a class's array property in the
/// lookup loop).
///
/// A class for its manual memory; `FeatureAccumulator` copies it before mutating a shared one.
final class AccountStore: @unchecked Sendable {
    private var idBytes: UnsafeMutablePointer<UInt8>
    private var idByteCapacity: Int
    /// `count + 1` offsets into `idBytes`.
    private var idStarts: UnsafeMutablePointer<Int>
    private var idStartCapacity: Int
    private(set) var count = 0
    private var slots: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var shift: Int
    /// Each account's `Entry`: its id's `Key` in front of its totals, so a lookup compares 16
    /// bytes in place, in the cache line of the totals it is about to update. Measured (1M
    /// customers): a `memcmp` of the id's bytes in `idBytes` per lookup was 6% of the CPU; a
    /// separate array of keys cost about as much again in random loads as keys beside the totals.
    private var blocks: [UnsafeMutablePointer<Entry>] = []

    /// 192 bytes (16 + 144 + 8 + padding), at a multiple of 64 in memory: three whole cache lines.
    struct Entry {
        var key: Key
        var totals: AccountTotals
        /// When the account was first seen, as the caller numbers rows (see `insert`).
        var firstSeen: Int
        private var padding: (UInt64, UInt64, UInt64) = (0, 0, 0)

        init(key: Key, totals: AccountTotals, firstSeen: Int) {
            self.key = key
            self.totals = totals
            self.firstSeen = firstSeen
        }
    }
    private static let totalsOffset = MemoryLayout<Entry>.offset(of: \Entry.totals)!
    private static let blockBits = 16

    init() {
        capacity = 1 << 16
        shift = 64 - 16
        slots = Self.allocateZeroed(UInt64.self, capacity)
        idByteCapacity = 1 << 16
        idBytes = Self.allocateZeroed(UInt8.self, idByteCapacity)
        idStartCapacity = 1 << 12
        idStarts = Self.allocateZeroed(Int.self, idStartCapacity)
    }

    typealias Key = AccountKey

    deinit {
        free(slots)
        free(idBytes)
        free(idStarts)
        for block in blocks { free(block) }
    }

    /// An independent copy (for copy-on-write).
    func copy() -> AccountStore {
        let other = AccountStore()
        for index in 0..<count {
            let bytes = idBuffer(index)
            _ = other.insert(bytes: bytes, hash: Self.hash(bytes), totals: self[index].pointee, firstSeen: firstSeen(index))
        }
        return other
    }

    /// The ids, by index.
    var ids: [String] { (0..<count).map { id($0) } }

    /// The id of account `index`.
    func id(_ index: Int32) -> String { id(Int(index)) }

    func id(_ index: Int) -> String { String(decoding: idBuffer(index), as: UTF8.self) }

    /// The first-seen number account `index` was inserted with (increasing with the index).
    @inline(__always)
    func firstSeen(_ index: Int) -> Int { entry(index).pointee.firstSeen }

    /// The UTF-8 bytes of account `index`'s id.
    @inline(__always)
    func idBuffer(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: idBytes + idStarts[index], count: idStarts[index + 1] - idStarts[index])
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { InvoiceIdSet.fnv1a(bytes: bytes) }

    @inline(__always)
    static func hash(_ id: String) -> UInt64 { InvoiceIdSet.fnv1a(id) }

    /// The totals of account `index`.
    @inline(__always)
    subscript(index: Int) -> UnsafeMutablePointer<AccountTotals> {
        (UnsafeMutableRawPointer(entry(index)) + Self.totalsOffset).assumingMemoryBound(to: AccountTotals.self)
    }

    @inline(__always)
    private func entry(_ index: Int) -> UnsafeMutablePointer<Entry> {
        blocks[index >> Self.blockBits] + (index & (1 << Self.blockBits - 1))
    }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    @inline(__always)
    private static func slot(_ hash: UInt64, _ index: Int) -> UInt64 {
        (hash & 0xFFFF_FFFF_0000_0000) | UInt64(index + 1)
    }

    /// The index of `id` (whose `hash(_:)` is `hash`), or nil.
    @inline(__always)
    func index(of id: String, hash: UInt64) -> Int? {
        var id = id
        return id.withUTF8 { index(of: $0, hash: hash) }
    }

    /// The index of the id whose UTF-8 is `id` (and `hash(_:)` is `hash`), or nil.
    @inline(__always)
    func index(of id: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        index(of: Key(id), hash: hash) { id }
    }

    /// The index of the id whose key is `key` and `hash(_:)` is `hash`, or nil; `long` gives
    /// its bytes, asked for only when the key `isLong`.
    @inline(__always)
    func index(of key: Key, hash: UInt64, long: () -> UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = capacity - 1
        var i = home(hash)
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if slot & 0xFFFF_FFFF_0000_0000 == hash & 0xFFFF_FFFF_0000_0000 {
                let index = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if entry(index).pointee.key == key {
                    guard key.isLong else { return index }
                    let known = idBuffer(index), id = long()
                    if known.count == id.count, memcmp(known.baseAddress!, id.baseAddress!, id.count) == 0 { return index }
                }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `id`, which is not in the map, with `totals`; returns its index.
    func insert(_ id: String, hash: UInt64, totals: AccountTotals) -> Int {
        var id = id
        return id.withUTF8 { insert(bytes: $0, hash: hash, totals: totals) }
    }

    /// Adds the id whose UTF-8 is `bytes`, which is not in the map, with `totals`; returns its
    /// index. `firstSeen` (default: the index) orders accounts of several stores by when each
    /// was first seen (`FeatureAccumulator.table`); it must increase from insert to insert.
    func insert(bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, totals: AccountTotals, firstSeen: Int? = nil) -> Int {
        if (count + 1) * 4 > capacity * 3 { grow() }
        let index = count
        if index >> Self.blockBits == blocks.count {
            blocks.append(Self.allocateZeroed(Entry.self, 1 << Self.blockBits))
        }
        entry(index).initialize(to: Entry(key: Key(bytes), totals: totals, firstSeen: firstSeen ?? index))
        let start = idStarts[index]
        if start + bytes.count > idByteCapacity {
            while start + bytes.count > idByteCapacity { idByteCapacity *= 2 }
            idBytes = Self.reallocate(idBytes, idByteCapacity)
        }
        if bytes.count > 0 { (idBytes + start).update(from: bytes.baseAddress!, count: bytes.count) }
        if index + 2 > idStartCapacity {
            idStartCapacity *= 2
            idStarts = Self.reallocate(idStarts, idStartCapacity)
        }
        idStarts[index + 1] = start + bytes.count
        count += 1
        place(Self.slot(hash, index), hash: hash)
        return index
    }

    /// Loads account `index`'s key (for loading it ahead of a lookup); a value to sink.
    @inline(__always)
    func touchKey(_ index: Int) -> Int { Int(truncatingIfNeeded: entry(index).pointee.key.low) }

    /// The index the home slot of `hash` names when its tag matches (likely the account's),
    /// else -1: for loading the account's data ahead of the lookup. Reads the slot.
    @inline(__always)
    func candidate(_ hash: UInt64) -> Int {
        let slot = slots[home(hash)]
        guard slot != 0, slot & 0xFFFF_FFFF_0000_0000 == hash & 0xFFFF_FFFF_0000_0000 else { return -1 }
        return Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
    }

    private func place(_ slot: UInt64, hash: UInt64) {
        let mask = capacity - 1
        var i = home(hash)
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = slot
    }

    private func grow() {
        free(slots)
        capacity *= 2
        shift -= 1
        slots = Self.allocateZeroed(UInt64.self, capacity)
        for index in 0..<count {
            let hash = Self.hash(idBuffer(index))
            place(Self.slot(hash, index), hash: hash)
        }
    }

    private static func reallocate<T>(_ pointer: UnsafeMutablePointer<T>, _ count: Int) -> UnsafeMutablePointer<T> {
        guard let raw = realloc(pointer, count * MemoryLayout<T>.stride) else { fatalError("out of memory for account ids") }
        return raw.bindMemory(to: T.self, capacity: count)
    }

    /// Zeroed memory for `count` values of a trivial type, on huge pages where Linux allows.
    /// Aligned to 64 bytes (cache lines: an `Entry` then spans exactly three), and to 2 MiB
    /// from 4 MiB up so that all of a large table can be on huge pages.
    private static func allocateZeroed<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        let byteCount = count * MemoryLayout<T>.stride
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, byteCount >= 4 << 20 ? 2 << 20 : 64, byteCount) == 0, let raw else {
            fatalError("out of memory for \(count) accounts")
        }
        adviseHugePages(raw, byteCount: byteCount)
        memset(raw, 0, byteCount)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}
