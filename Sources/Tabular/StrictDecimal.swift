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
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// Exact powers of ten representable in a `Double` (10^22 is the largest).
    @usableFromInline
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the bytes of one field strictly (see the type's documentation).
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        let n = bytes.count
        if n == 0 { return .failure(.empty) }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0          // digits accumulated into `mantissa`
        var truncated = false        // a non-zero digit did not fit into `mantissa`
        var decimalExponent = 0      // value = mantissa * 10^decimalExponent
        var digits = 0               // all mantissa digits seen, leading zeros included

        while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
            let d = bytes[i] &- UInt8(ascii: "0")
            digits += 1
            if significant < 19 {
                if mantissa != 0 || d != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                }
            } else {
                decimalExponent += 1
                if d != 0 { truncated = true }
            }
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                let d = bytes[i] &- UInt8(ascii: "0")
                digits += 1
                if significant < 19 {
                    if mantissa != 0 || d != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        significant += 1
                    }
                    decimalExponent -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        if digits == 0 { return .failure(.notANumber) }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            var exponent = 0
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                // Saturate: anything beyond 10^±100000 is decided by the sign alone.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            if i == start { return .failure(.notANumber) }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if i != n { return .failure(.notANumber) }

        if mantissa == 0 && !truncated { return .value(negative ? -0.0 : 0.0) }
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
