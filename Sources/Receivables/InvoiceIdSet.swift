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
struct InvoiceIdSet {
    private var slots: [UInt64]
    private var count = 0
    /// 0 marks an empty slot, so the hash 0 is remembered apart.
    private var containsZero = false
    private var shift: Int

    /// An empty set with room for `expectedCount` hashes before its first doubling (sizing it
    /// up front spares the copies, and the old and new tables side by side, of the doublings).
    init(expectedCount: Int = 0) {
        var bits = 16
        while (1 << bits) * 3 < expectedCount * 4 { bits += 1 }
        slots = [UInt64](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    /// Adds `hash`; returns false when it was already there.
    mutating func insert(_ hash: UInt64) -> Bool {
        if hash == 0 {
            defer { containsZero = true }
            return !containsZero
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let inserted = slots.withUnsafeMutableBufferPointer { Self.place(hash, in: $0, shift: shift) }
        if inserted { count += 1 }
        return inserted
    }

    /// Linear probing from the slot named by the top bits of a Fibonacci multiple of
    /// `hash` (every bit of the hash moves the slot, whatever hash function made it).
    private static func place(_ hash: UInt64, in slots: UnsafeMutableBufferPointer<UInt64>, shift: Int) -> Bool {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        while true {
            let slot = slots[i]
            if slot == 0 { slots[i] = hash; return true }
            if slot == hash { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = []
        shift -= 1
        slots = [UInt64](repeating: 0, count: old.count * 2)
        slots.withUnsafeMutableBufferPointer { table in
            for hash in old where hash != 0 { _ = Self.place(hash, in: table, shift: shift) }
        }
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
