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
/// `Double(String)` on the same text: numbers with at most 19 significant
/// digits whose mantissa is at most 2^53 and whose decimal exponent is within
/// ±22 take Clinger's exact fast path (one IEEE multiplication or division of
/// two exactly representable values); anything else goes to the C library's
/// correctly rounded `strtod` on a stack copy of the validated bytes.
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
        return slowPath(bytes)
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
