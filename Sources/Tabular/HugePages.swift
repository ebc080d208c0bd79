#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back the 2 MiB-aligned part of a large, not yet touched buffer with
/// transparent huge pages (`madvise(MADV_HUGEPAGE)`; this machine's default is `madvise`).
/// A fresh 4 KiB page costs one page fault each: reading a 1M-row CSV touched ~100,000 of
/// them, a quarter of the read's CPU time. A no-op elsewhere and for buffers under 4 MiB;
/// failure only means small pages.
public func adviseHugePages(_ base: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard byteCount >= 2 * huge else { return }
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + byteCount) & ~(huge - 1)
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(aligned, end - start, MADV_HUGEPAGE)
    #endif
}
