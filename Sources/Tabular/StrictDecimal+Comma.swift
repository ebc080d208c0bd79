/// Decimal-comma numbers, as European ERP exports write them (SAP FBL5N: `1.234,56`).
///
/// Read only when a source says so (`decimal: comma`); nothing is guessed. Accepted: an
/// optional sign, leading (`-1.234,56`) or trailing (`1.234,56-`, SAP's way), then digits
/// with `.` grouping thousands in groups of exactly three (`1234,5` and `1.234,5` both
/// read 1234.5; `12.34,5` is refused), then optionally `,` and one or more digits. No
/// exponent, no spaces, no currency signs. The value is that of the same number written with
/// a decimal point, through `StrictDecimal.parse` (so rounding is the same).
extension StrictDecimal {
    public static func parseDecimalComma(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        var n = bytes.count
        if n == 0 { return .failure(.empty) }
        var out: [UInt8] = []
        out.reserveCapacity(n + 1)
        var i = 0
        let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: "."), comma = UInt8(ascii: ",")
        if bytes[0] == minus || bytes[0] == plus {
            out.append(bytes[0]); i = 1
        } else if bytes[n - 1] == minus {
            out.append(minus); n -= 1
        }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        // Integer part: digit groups separated by dots, every group after the first exactly 3 long.
        var group = 0, groups = 0
        while i < n, bytes[i] != comma {
            let c = bytes[i]
            if isDigit(c) {
                out.append(c); group += 1
            } else if c == dot {
                guard group > 0, groups == 0 ? group <= 3 : group == 3 else { return .failure(.notANumber) }
                groups += 1; group = 0
            } else {
                return .failure(.notANumber)
            }
            i += 1
        }
        guard group > 0, groups == 0 || group == 3 else { return .failure(.notANumber) }
        if i < n {
            i += 1
            guard i < n else { return .failure(.notANumber) }
            out.append(dot)
            while i < n {
                guard isDigit(bytes[i]) else { return .failure(.notANumber) }
                out.append(bytes[i]); i += 1
            }
        }
        return out.withUnsafeBufferPointer { parse($0) }
    }
}
