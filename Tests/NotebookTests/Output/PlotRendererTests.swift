import Rendering
import Testing

@testable import Notebook

/// The text plots: whole-number axes, a note when markers hide each other, and a linear
/// scale for a race whose f goes below zero.
@Suite struct PlotRendererTests {
    @Test func overlappingMarkersAreNotedAndEpochAxesAreWholeNumbers() {
        let same = [(x: 1.0, y: 0.5), (x: 2.0, y: 0.25), (x: 3.0, y: 0.125)]
        let plot = Plot(
            title: "loss per epoch", xLabel: "epoch", yLabel: "loss", logarithmic: false,
            series: [.init(name: "loss", points: same), .init(name: "val_loss", points: same)])
        let text = PlotRenderer().render(plot)
        #expect(text.contains("(3 points of earlier series hidden under later ones)"), "\(text)")
        #expect(text.contains(" 1 ") && text.contains("3  epoch") && !text.contains("1.0 "))
    }

    @Test func aRaceBelowZeroIsPlottedOnALinearScale() {
        let notebook = Notebook()
        _ = notebook.execute("f(x, y) = x^2 + y^2 - 5")
        let cell = notebook.execute("race sgd adam on f from (1, 1) steps=20 verbose=2")
        let plots: [Plot] =
            cell?.outputs.compactMap { output -> Plot? in if case .plot(let plot) = output { plot } else { nil } } ?? []
        #expect(plots.count == 1 && plots.first?.logarithmic == false)
    }

    /// At 50 columns the grid narrows and the legend wraps: every line fits.
    @Test(arguments: [40, 50, 80])
    func plotsFitTheTerminal(_ columns: Int) {
        let points = (1...30).map { (x: Double($0), y: 1 / Double($0)) }
        let plot = Plot(
            title: "loss per epoch", xLabel: "epoch", yLabel: "loss", logarithmic: true,
            series: [.init(name: "loss", points: points), .init(name: "val_loss", points: points)])
        let text = TextRenderer(width: columns).render(Output.plot(plot))
        #expect(text.split(separator: "\n").allSatisfy { $0.count < columns }, "\(text)")
        #expect(text.contains("┤") && text.contains("  epoch"))
        // The x axis is labelled at whole 1-2-5 steps under ┬ marks, at least three of them.
        let axis = text.split(separator: "\n").first { $0.hasSuffix("  epoch") } ?? ""
        let labels = axis.dropLast("  epoch".count).split(separator: " ").compactMap { Int($0) }
        #expect(labels.count >= 3 && labels.count <= 10 && labels == labels.sorted(), "\(axis)")
    }
}
