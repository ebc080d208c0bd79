/// The median of a non-empty sample: the middle value, or the mean of the two middle values
/// for an even count (numpy's `median`).
///
/// By selection (quickselect, expected O(n)) instead of a full sort: profiling 1M accounts
/// takes the median of every feature overall and per segment, and sorting those columns was
/// a fifth of `segment`'s time. The standard library has no selection algorithm.
/// `values` must not contain NaN (the account table refuses it).
func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "median of an empty sample")
    var work = values
    let mid = work.count / 2
    return work.withUnsafeMutableBufferPointer { buffer -> Double in
        let upper = select(mid, in: buffer)
        guard buffer.count % 2 == 0 else { return upper }
        // After selecting `mid`, everything before it is <= it: the lower middle is their maximum.
        var lower = buffer[0]
        for i in 1..<mid where buffer[i] > lower { lower = buffer[i] }
        return (lower + upper) / 2
    }
}

/// Rearranges `a` so that `a[rank]` holds the value a full sort would put there, with no larger
/// value before it and no smaller value after it; returns that value.
///
/// Hoare partitioning around the median of three, so runs of equal values (many zero
/// balances, zero dispute rates) split evenly instead of degrading to quadratic time; after
/// `2 log2(n)` unproductive rounds the remaining range is sorted (introselect's guard).
func select(_ rank: Int, in a: UnsafeMutableBufferPointer<Double>) -> Double {
    precondition(a.indices.contains(rank), "rank \(rank) outside 0..<\(a.count)")
    var low = 0, high = a.count - 1
    var budget = 2 * (Int.bitWidth - a.count.leadingZeroBitCount)
    while high > low {
        if budget == 0 {
            var rest = UnsafeMutableBufferPointer(rebasing: a[low...high])
            rest.sort()
            break
        }
        budget -= 1
        let middle = low + (high - low) / 2
        // Median of three as the pivot.
        if a[middle] < a[low] { a.swapAt(middle, low) }
        if a[high] < a[low] { a.swapAt(high, low) }
        if a[high] < a[middle] { a.swapAt(high, middle) }
        let pivot = a[middle]
        var i = low, j = high
        while i <= j {
            while a[i] < pivot { i += 1 }
            while pivot < a[j] { j -= 1 }
            if i <= j {
                a.swapAt(i, j)
                i += 1
                j -= 1
            }
        }
        // Now a[low...j] <= pivot <= a[i...high], and every slot strictly between holds the pivot.
        if rank <= j {
            high = j
        } else if rank >= i {
            low = i
        } else {
            break
        }
    }
    return a[rank]
}
