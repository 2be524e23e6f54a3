import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an axis puts its labels, as plotting libraries do: at 1-2-5 steps (…, 0.1, 0.2, 0.5,
/// 1, 2, 5, 10, …) on a linear axis, at whole decades on a log axis (every second or fifth
/// decade when there are many), at whole numbers on an axis of epochs or steps — never more than
/// `most` labels.
package enum Ticks {
    /// The 1-2-5 step for `span` with at most `most` intervals: the smallest of 1, 2, 5 × 10^k
    /// that needs no more.
    package static func step(span: Double, most: Int) -> Double {
        guard span.isFinite, span > 0, most > 0 else { return 1 }
        let rough = span / Double(most)
        let decade = pow(10, floor(log10(rough)))
        for factor in [1.0, 2, 5, 10] where factor * decade >= rough * (1 - 1e-9) { return factor * decade }
        return 10 * decade
    }

    /// Multiples of a 1-2-5 step inside `low…high`, at most `most` of them; `integers` keeps
    /// the step a whole number (epochs, steps).
    package static func linear(_ low: Double, _ high: Double, most: Int = 8, integers: Bool = false) -> [Double] {
        guard low.isFinite, high.isFinite, (high - low).isFinite, most > 0 else { return [] }
        guard high > low else { return [low] }
        var count = most
        while count > 0 {
            var step = Ticks.step(span: high - low, most: count)
            if integers { step = max(1, step.rounded(.up)) }
            let first = (low / step).rounded(.up)
            let last = (high / step).rounded(.down)
            guard last >= first else { return [] }
            // Far from zero a step can vanish in the rounding (1e17 + 1 == 1e17): no ticks then.
            guard last - first <= Double(4 * most), first + 1 != first else { return [] }
            let values = stride(from: first, through: last, by: 1).map { clean($0 * step, step: step) }
            if values.count <= most { return values }
            count -= 1
        }
        return []
    }

    /// `linear`'s ticks with their labels, each with the digits the ticks' own step needs.
    package static func labelled(_ low: Double, _ high: Double, most: Int = 8, integers: Bool = false)
        -> [(value: Double, label: String)]
    {
        let values = linear(low, high, most: most, integers: integers)
        let step = values.count > 1 ? values[1] - values[0] : 1
        return values.map { ($0, label($0, step: step)) }
    }

    /// The decades (exponents of 10) inside `lowExponent…highExponent` to label: all of them,
    /// or every 2nd, 5th, 10th, 20th … so that there are at most `most`.
    package static func decades(_ lowExponent: Double, _ highExponent: Double, most: Int = 8) -> [Int] {
        guard lowExponent.isFinite, highExponent.isFinite, highExponent >= lowExponent, most > 0 else { return [] }
        let first = Int(lowExponent.rounded(.up))
        let last = Int(highExponent.rounded(.down))
        guard last >= first else { return [] }
        var every = 1
        let candidates = [1, 2, 5]
        var scale = 1
        search: while true {
            for factor in candidates {
                every = factor * scale
                if (last - first) / every + 1 <= most { break search }
            }
            scale *= 10
        }
        // Multiples of `every`, so the labels read 1e-10, 1e-5, 1e0 rather than 1e-9, 1e-4, 1e1.
        let start = Int((Double(first) / Double(every)).rounded(.up)) * every
        return Array(stride(from: start, through: last, by: every))
    }

    /// A log axis from 10^lowExponent to 10^highExponent: (log₁₀ position, label). Whole
    /// decades (`1e-3`) when three or more fit; else 1, 2 and 5 times each decade (`0.02`,
    /// `0.05`, `0.1` …); else, inside one short stretch, 1-2-5 values of a linear axis.
    package static func logarithmic(_ lowExponent: Double, _ highExponent: Double, most: Int = 8)
        -> [(position: Double, label: String)]
    {
        let whole = decades(lowExponent, highExponent, most: most)
        if whole.count >= 3 { return whole.map { (Double($0), decadeLabel($0)) } }
        guard lowExponent.isFinite, highExponent.isFinite else { return [] }
        var marks: [(Double, String)] = []
        for exponent in Int(lowExponent.rounded(.down))...Int(highExponent.rounded(.up)) {
            for factor in [1.0, 2, 5] {
                let value = factor * pow(10, Double(exponent))
                let position = log10(value)
                guard position >= lowExponent - 1e-9, position <= highExponent + 1e-9 else { continue }
                marks.append((position, label(value, step: pow(10, Double(exponent)))))
            }
        }
        if marks.count >= 3, marks.count <= most { return marks }
        if whole.count >= 2 { return whole.map { (Double($0), decadeLabel($0)) } }
        let low = pow(10, lowExponent)
        let high = pow(10, highExponent)
        return labelled(low, high, most: min(most, 6)).filter { $0.value > 0 }.map { (log10($0.value), $0.label) }
    }

    /// A tick's text: whole numbers without a decimal point, others with the digits the step
    /// needs (0.25, not 0.25000000000000006).
    package static func label(_ value: Double, step: Double) -> String {
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int(value)) }
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return String(format: "%.\(min(decimals, 12))f", value)
    }

    /// `1e-3`, `1e0`, `1e2`: a decade's label.
    package static func decadeLabel(_ exponent: Int) -> String { "1e\(exponent)" }

    private static func clean(_ value: Double, step: Double) -> Double {
        // 0.1 * 3 = 0.30000000000000004: round to the step's own precision.
        let scale = pow(10, max(0, -floor(log10(step)) + 1))
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }
}
