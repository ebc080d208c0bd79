#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tabular

/// The 64-bit hashes of the invoice ids seen so far, for the ledger reader's uniqueness check
/// without keeping every id as a `String`.
///
/// Memory arithmetic: an open-addressed table of `UInt64` slots, doubled when it is 3/4
/// full, so it holds between 3/8 and 3/4 of its slots: 11 to 21 bytes per invoice. A
/// 10-million-customer ledger has about 170 million invoices: 2^28 slots = 2 GiB (plus the
/// 1 GiB table being copied during the last doubling), against about 10 GiB for a
/// `[String: Int]` of the ids and their lines.
///
/// A hit means "maybe seen": two different ids can share a hash (with 170 million random
/// 64-bit values, about one chance in a thousand per file), so the reader confirms a hit
/// with an exact pass over the file before reporting a duplicate.
///
/// Speed (issue 16, `perf` on `features` at 1M accounts, 24.7M invoices): one insert is a
/// random access into a table of hundreds of MB, so it waits for memory twice (TLB, then the
/// cache line): 450 ns each, 20% of the run. The table is calloc'd (fresh zero pages, no
/// userspace zeroing) and backed by huge pages where Linux allows (`adviseHugePages`), and
/// `insert(contentsOf:)` loads the slots of a group of hashes before probing any of them, so
/// the group's cache misses overlap instead of queuing.
final class InvoiceIdSet {
    private var slots: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var count = 0
    /// 0 marks an empty slot, so the hash 0 is remembered apart.
    private var containsZero = false
    private var shift: Int
    /// Receives the group loads of `insert(contentsOf:)` so they are not optimised away.
    private var touchedSink: UInt64 = 0

    /// An empty set with room for `expectedCount` hashes before its first doubling (sizing it
    /// up front spares the copies, and the old and new tables side by side, of the doublings).
    init(expectedCount: Int = 0) {
        var bits = 16
        while (1 << bits) * 3 < expectedCount * 4 { bits += 1 }
        capacity = 1 << bits
        slots = Self.allocateZeroed(capacity)
        shift = 64 - bits
    }

    deinit { free(slots) }

    private static func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        guard let raw = calloc(count, MemoryLayout<UInt64>.stride) else { fatalError("out of memory for \(count) invoice-id hashes") }
        adviseHugePages(raw, byteCount: count * MemoryLayout<UInt64>.stride)
        return raw.bindMemory(to: UInt64.self, capacity: count)
    }

    /// Adds `hash`; returns false when it was already there.
    func insert(_ hash: UInt64) -> Bool {
        if hash == 0 {
            defer { containsZero = true }
            return !containsZero
        }
        if (count + 1) * 4 > capacity * 3 { grow() }
        let inserted = place(hash)
        if inserted { count += 1 }
        return inserted
    }

    /// Adds `hashes` in order, as `insert(_:)` one by one; calls `seen(i)` for each `hashes[i]`
    /// that was already there (added earlier, or earlier in `hashes`), in increasing `i`.
    func insert(contentsOf hashes: UnsafeBufferPointer<UInt64>, seen: (Int) -> Void) {
        while (count + hashes.count) * 4 > capacity * 3 { grow() }
        let group = 16
        var start = 0
        while start < hashes.count {
            let end = min(start + group, hashes.count)
            // Independent loads of the group's first slots: their misses overlap.
            var touched: UInt64 = 0
            for i in start..<end { touched &+= slots[home(hashes[i])] }
            touchedSink &+= touched
            for i in start..<end where !insert(hashes[i]) { seen(i) }
            start = end
        }
    }

    /// The first slot probed for `hash`: the top bits of a Fibonacci multiple of it (every
    /// bit of the hash moves the slot, whatever hash function made it).
    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// Linear probing from `home(hash)`; `hash` is not 0.
    private func place(_ hash: UInt64) -> Bool {
        let mask = capacity - 1
        var i = home(hash)
        while true {
            let slot = slots[i]
            if slot == 0 { slots[i] = hash; return true }
            if slot == hash { return false }
            i = (i + 1) & mask
        }
    }

    private func grow() {
        let old = slots, oldCapacity = capacity
        capacity *= 2
        shift -= 1
        slots = Self.allocateZeroed(capacity)
        for k in 0..<oldCapacity where old[k] != 0 { _ = place(old[k]) }
        free(old)
    }

    /// `fnv1a` of a `String` whose UTF-8 is `bytes`, without making the `String`.
    @inline(__always)
    static func fnv1a(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// FNV-1a, 64-bit, over the UTF-8 bytes of `id`: fixed and seedless, so a run's hashes
    /// (and which ids collide) are the same on every machine and every run.
    static func fnv1a(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
