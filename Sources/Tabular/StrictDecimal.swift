#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strict decimal numbers parsed straight from bytes, without a `String` per field.
///
/// Grammar (ASCII only, nothing before or after):
/// `[+-]? ( digits [ "." digits* ] | "." digits ) ( [eE] [+-]? digits )?`
///
/// Rejected, although Swift's `Double(String)` accepts several of them: `nan`,
/// `inf`, `infinity`, hex floats (`0x1p3`), surrounding spaces, thousands
/// separators (`1,234.56`), currency signs (`$12`), accounting negatives
/// (`(12.50)`), `NA`, `NULL` and the empty string. A value whose magnitude
/// overflows `Double` (`1e400`) is rejected as out of range; one that underflows
/// (`1e-400`) rounds to zero or a subnormal, as IEEE 754 prescribes.
///
/// The result is the correctly rounded `Double`, bit-identical to
/// `Double(String)` on the same text (property-tested):
/// 1. a mantissa of at most 2^53 with a decimal exponent within ±22 takes
///    Clinger's exact path (one IEEE multiplication or division of two exactly
///    representable values);
/// 2. any other number with at most 19 significant digits takes the
///    Eisel-Lemire algorithm (a 64 x 128-bit product with a table of powers of
///    five), exact for such inputs (Mushtak & Lemire, "Fast Number Parsing
///    Without Fallback", 2023);
/// 3. longer mantissas go to the C library's correctly rounded `strtod` on a
///    stack copy of the validated bytes.
public enum StrictDecimal {
    /// Why a field is not a number.
    public enum Failure: Error, Equatable, Sendable {
        case empty
        case notANumber
        case outOfRange

        /// The message used in `InputError`.
        public var message: String {
            switch self {
            case .empty: return "empty cell where a number is required"
            case .notANumber: return "not a plain decimal number"
            case .outOfRange: return "number out of Double range"
            }
        }
    }

    /// The outcome of parsing one field (no existential error boxing on the hot path).
    public enum Outcome: Equatable, Sendable {
        case value(Double)
        case failure(Failure)
    }

    /// Parses `text` strictly (see the type's documentation).
    public static func parse(_ text: some StringProtocol) -> Outcome {
        Array(text.utf8).withUnsafeBufferPointer { parse($0) }
    }

    /// Exact powers of ten representable in a `Double` (10^22 is the largest).
    @usableFromInline
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the bytes of one field strictly (see the type's documentation).
    ///
    /// Two steps: validate the grammar while finding the integer, fraction and exponent
    /// spans (digit runs eight bytes at a time), then accumulate at most 19 significant
    /// digits, eight at a time where possible.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        let n = bytes.count
        if n == 0 { return .failure(.empty) }
        let base = bytes.baseAddress!
        var i = 0
        var negative = false
        if base[0] == UInt8(ascii: "-") || base[0] == UInt8(ascii: "+") {
            negative = base[0] == UInt8(ascii: "-")
            i = 1
        }
        let digitsStart = i
        while i < n, base[i] == UInt8(ascii: "0") { i += 1 }
        let integerStart = i
        i = skipDigits(base, from: i, to: n)
        let integerDigits = i - integerStart
        var fractionStart = i, fractionDigits = 0
        if i < n, base[i] == UInt8(ascii: ".") {
            i += 1
            fractionStart = i
            i = skipDigits(base, from: i, to: n)
            fractionDigits = i - fractionStart
        }
        if integerStart - digitsStart + integerDigits + fractionDigits == 0 { return .failure(.notANumber) }
        var exponent = 0
        if i < n, base[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
                exponentNegative = base[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < n, base[i] &- UInt8(ascii: "0") < 10 {
                // Saturate: beyond 10^±100000 only the sign of the exponent matters.
                if exponent < 100_000 { exponent = exponent &* 10 &+ Int(base[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            if i == start { return .failure(.notANumber) }
            if exponentNegative { exponent = -exponent }
        }
        if i != n { return .failure(.notANumber) }

        // Significant digits: the integer digits after leading zeros, then the fraction
        // digits (without their own leading zeros when the integer part is zero).
        var significandStart = fractionStart, significandDigits = fractionDigits
        var decimalExponent = exponent - fractionDigits
        if integerDigits == 0 {
            while significandDigits > 0, base[significandStart] == UInt8(ascii: "0") {
                significandStart += 1
                significandDigits -= 1
            }
            if significandDigits == 0 { return .value(negative ? -0.0 : 0.0) }
        }
        var mantissa: UInt64 = 0
        var truncated = false
        if integerDigits + significandDigits <= 19 {
            accumulate(base + integerStart, integerDigits, into: &mantissa)
            accumulate(base + significandStart, significandDigits, into: &mantissa)
        } else {
            // Keep the first 19 significant digits; the rest only scale the value, and any
            // non-zero one among them sends the number to the exact slow path.
            let fromInteger = min(integerDigits, 19)
            accumulate(base + integerStart, fromInteger, into: &mantissa)
            let fromFraction = 19 - fromInteger
            let start = integerDigits == 0 ? significandStart : fractionStart
            let available = integerDigits == 0 ? significandDigits : fractionDigits
            accumulate(base + start, fromFraction, into: &mantissa)
            decimalExponent += integerDigits - fromInteger + available - fromFraction
            for k in fromInteger..<integerDigits where base[integerStart + k] != UInt8(ascii: "0") { truncated = true }
            for k in fromFraction..<available where base[start + k] != UInt8(ascii: "0") { truncated = true }
        }

        if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
        if !truncated, mantissa <= 1 << 53, decimalExponent >= -22, decimalExponent <= 22 {
            let m = Double(mantissa)
            let value = decimalExponent < 0
                ? m / exactPowersOfTen[-decimalExponent]
                : m * exactPowersOfTen[decimalExponent]
            return .value(negative ? -value : value)
        }
        if !truncated, let magnitude = eiselLemire(mantissa, decimalExponent) {
            return magnitude.isFinite ? .value(negative ? -magnitude : magnitude) : .failure(.outOfRange)
        }
        return slowPath(bytes)
    }

    /// The offset of the first non-digit in `base[from..<end]` (or `end`), testing eight
    /// bytes at a time: a byte is a digit when its high bit is clear and its low seven bits
    /// are in 0x30...0x39; adding 0x50 or 0x46 to the low seven bits sets the high bit
    /// exactly when they are at least 0x30 or 0x3A, without carrying into the next byte.
    @inlinable @inline(__always)
    static func skipDigits(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var i = from
        while end - i >= 8 {
            let v = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let low = v & 0x7F7F_7F7F_7F7F_7F7F
            let atLeast30 = low &+ 0x5050_5050_5050_5050
            let atLeast3A = low &+ 0x4646_4646_4646_4646
            let nonDigit = (v | ~atLeast30 | atLeast3A) & 0x8080_8080_8080_8080
            if nonDigit != 0 { return i + nonDigit.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < end, base[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        return i
    }

    /// Appends `count` validated ASCII digits at `digits` to `mantissa` (which must stay
    /// below 10^19), eight at a time with the SWAR method of fast_float.
    @inlinable @inline(__always)
    static func accumulate(_ digits: UnsafePointer<UInt8>, _ count: Int, into mantissa: inout UInt64) {
        var k = 0
        while count - k >= 8 {
            var v = UnsafeRawPointer(digits + k).loadUnaligned(as: UInt64.self)
            v = UInt64(littleEndian: v) &- 0x3030_3030_3030_3030
            v = (v &* 10) &+ (v >> 8)
            v = ((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
                 &+ ((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) >> 32
            mantissa = mantissa &* 100_000_000 &+ (v & 0xFFFF_FFFF)
            k += 8
        }
        while k < count {
            mantissa = mantissa &* 10 &+ UInt64(digits[k] &- UInt8(ascii: "0"))
            k += 1
        }
    }

    /// `w * 10^q` correctly rounded, for `w != 0` with at most 19 digits; nil in the
    /// (unreachable for such `w`, kept as a guard) case the 128-bit product cannot decide.
    /// Follows fast_float's `compute_float<binary64>`.
    @usableFromInline
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        if q < -342 { return 0 }
        if q > 308 { return .infinity }
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let index = 2 * (q + 342)
        let (high, low) = powersOfFive128.withUnsafeBufferPointer { table -> (UInt64, UInt64) in
            let first = normalized.multipliedFullWidth(by: table[index])
            var high = first.high, low = first.low
            // 55 = 52 mantissa bits + 3: when those low bits of `high` are all ones, the
            // second word of the power can still carry into them.
            let precisionMask: UInt64 = .max >> 55
            if high & precisionMask == precisionMask {
                let second = normalized.multipliedFullWidth(by: table[index + 1])
                low = low &+ second.high
                if second.high > low { high &+= 1 }
            }
            return (high, low)
        }
        if high & (.max >> 55) == .max >> 55, low == .max { return nil }
        let upperBit = Int(high >> 63)
        var mantissa = high >> UInt64(upperBit + 9)
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if power2 <= 0 {
            // Subnormal (or zero): shift into place, round half up (ties cannot occur here).
            if -power2 + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < (1 << 52) ? 0 : 1
            return Double(bitPattern: UInt64(power2) << 52 | (mantissa & ((1 << 52) - 1)))
        }
        // An exact halfway case can only arise for 10^q with -4 <= q <= 23: round to even.
        if low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << UInt64(upperBit + 9) == high {
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(power2) << 52 | mantissa)
    }

    /// Correctly rounded conversion of already validated bytes by the C library.
    @usableFromInline
    static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
            buffer[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let parsed = strtod(buffer.baseAddress!, &end)
            if end == buffer.baseAddress! + bytes.count { return parsed }
            // Only a non-C LC_NUMERIC locale stops strtod early on validated input:
            // fall back to Swift's locale-independent parser.
            return Double(String(decoding: bytes, as: UTF8.self)) ?? .nan
        }
        return value.isFinite ? .value(value) : .failure(.outOfRange)
    }
}
