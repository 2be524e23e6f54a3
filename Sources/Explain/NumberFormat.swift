#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How numbers are printed to a learner: short, but never misleading.
public enum NumberFormat {
    /// Up to `digits` significant digits; whole numbers keep a `.0` as in Python (`6.0`),
    /// very large or small magnitudes use exponent notation (`1e-08`), and the specials
    /// print as `nan`, `inf`, `-inf`.
    public static func short(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        // Whole numbers print whole up to ten million; beyond, with an exponent (1.14e+14).
        if x == x.rounded(), abs(x) < 1e7 {
            return String(Int64(x)) + ".0"
        }
        var text = cFormat("%.\(digits)g", x)
        if text.contains("e") {
            // 1.5e-08: keep as C prints it, minus trailing zeros of the mantissa.
            return text
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text += "0" }
        } else {
            text += ".0"  // 0.9999999999999998 rounds to "1": print "1.0", a float
        }
        return text
    }

    /// `value` with a fixed number of decimals (tables, aligned columns); from a million on,
    /// `decimals` significant digits instead (`3.307e+28`, not 29 digits and 4 decimals).
    public static func fixed(_ x: Double, decimals: Int = 4) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if abs(x) >= 1e6 { return cFormat("%.\(max(decimals, 1) - 1)e", x) }
        return cFormat("%.\(decimals)f", x)
    }

    /// Swift's shortest round-trip representation: every digit that matters.
    public static func exact(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return "\(x)"
    }

    static func cFormat(_ format: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = withVaList([x]) { vsnprintf(buffer.baseAddress, 64, format, $0) }
            let length = min(Int(count), 63)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: length), as: UTF8.self)
        }
    }
}
