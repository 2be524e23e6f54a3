import Foundation
import Testing

@testable import Rendering

/// Axis labels as plotting libraries place them: 1-2-5 steps, whole decades, whole epochs, and
/// never more than the axis asks for (lesson 6's race labelled 67 decades, a black smear).
@Suite struct TicksTests {
    @Test func stepsAreOneTwoFive() {
        #expect(Ticks.step(span: 7, most: 8) == 1)
        #expect(abs(Ticks.step(span: 0.9, most: 8) - 0.2) < 1e-12)
        #expect(Ticks.step(span: 99, most: 8) == 20)
        #expect(Ticks.step(span: 4000, most: 8) == 500)
    }

    @Test func linearTicksStayInsideAndFew() {
        #expect(Ticks.linear(1, 8, integers: true) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Ticks.linear(1, 100, integers: true) == [20, 40, 60, 80, 100])
        #expect(Ticks.linear(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.linear(1, 3, integers: true) == [1, 2, 3], "epochs never get half-ticks")
        #expect(Ticks.linear(0.31, 0.39) == [0.32, 0.34, 0.36, 0.38])
        // Extremes end (a span past the largest Double, a step lost in the rounding far from 0).
        #expect(Ticks.linear(-1e308, 1e308).isEmpty)
        #expect(Ticks.linear(1e17, 1e17 + 64, integers: true).count <= 8)
        #expect(Ticks.logarithmic(-308, 308).count <= 8)
        for (low, high) in [(0.0, 1e-7), (-3.0, 1234.5), (1.0, 1.0), (2.5, 2.75), (-1e9, 1e9)] {
            let ticks = Ticks.linear(low, high)
            #expect(!ticks.isEmpty && ticks.count <= 8, "\(low)…\(high): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= low - 1e-12 && $0 <= high + 1e-12 }, "\(ticks)")
        }
    }

    @Test func decadesThinToFitTheAxis() {
        #expect(Ticks.decades(-1.3, 0.2) == [-1, 0])
        #expect(Ticks.decades(-65, 1) == [-60, -50, -40, -30, -20, -10, 0])
        #expect(Ticks.decades(-8, 0) == [-8, -6, -4, -2, 0])
        #expect(Ticks.decades(0.1, 0.9).isEmpty, "no whole decade inside: the caller labels the ends")
        for high in 1...300 { #expect(Ticks.decades(-Double(high), 0).count <= 8, "\(high) decades") }
    }

    @Test func aShortLogAxisIsLabelledOneTwoFive() {
        let marks = Ticks.logarithmic(log10(0.012), log10(1.35))
        #expect(marks.map(\.label) == ["0.02", "0.05", "0.1", "0.2", "0.5", "1"], "\(marks.map(\.label))")
        #expect(
            Ticks.logarithmic(-65, 1).map(\.label) == ["1e-60", "1e-50", "1e-40", "1e-30", "1e-20", "1e-10", "1e0"])
        let narrow = Ticks.logarithmic(log10(4), log10(12))
        #expect(narrow.count >= 3 && narrow.count <= 8, "\(narrow.map(\.label))")
    }

    @Test func labelsCarryTheDigitsTheStepNeeds() {
        #expect(Ticks.label(3, step: 1) == "3")
        #expect(Ticks.label(0.25, step: 0.05) == "0.25")
        #expect(Ticks.label(0.4, step: 0.2) == "0.4")
        #expect(Ticks.decadeLabel(-3) == "1e-3")
    }
}
