import Foundation
import Testing

@testable import Rendering

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// SVG plots with axes a plotting library would draw: well-formed, at most 10 labels per axis
/// (lesson 6's race labelled every decade from 1e1 to 1e-65), epochs labelled as whole numbers,
/// both axes named, every series in the legend.
@Suite struct SVGPlotTests {
    func svg(_ plot: Plot) -> String {
        SVGPlot(plot: plot).renderLossOnly()
    }

    func labels(_ svg: String, _ axis: String) -> [String] {
        svg.components(separatedBy: "class=\"\(axis)-tick\">").dropFirst().map {
            String($0.prefix { $0 != "<" })
        }
    }

    func wellFormed(_ svg: String) -> Bool { XMLParser(data: Data(svg.utf8)).parse() }

    @Test func manyDecadesGetFewLabels() {
        let steps = (0...300).map { (x: Double($0), y: pow(10, 1 - Double($0) * 66 / 300)) }
        let plot = Plot(
            title: "race", xLabel: "step", yLabel: "f", logarithmic: true,
            series: [.init(name: "adam", points: steps), .init(name: "sgd", points: steps.map { ($0.x, $0.y * 2) })])
        let text = svg(plot)
        #expect(wellFormed(text))
        let y = labels(text, "y")
        #expect(y.count >= 2 && y.count <= 10, "\(y)")
        #expect(y.allSatisfy { $0.hasPrefix("1e") }, "\(y)")
        let x = labels(text, "x")
        #expect(x.count >= 2 && x.count <= 10 && x.allSatisfy { Int($0) != nil }, "\(x)")
        #expect(text.contains(">step</text>") && text.contains(">f</text>"), "both axes named")
        #expect(text.contains(">adam</text>") && text.contains(">sgd</text>"), "every series in the legend")
    }

    @Test func epochsAreWholeNumbersAndALinearAxisHasOneTwoFiveSteps() {
        let loss = [1.35, 0.45, 0.26, 0.17, 0.09, 0.07, 0.04, 0.012]
        let plot = Plot(
            title: "loss per epoch", xLabel: "epoch", yLabel: "loss", logarithmic: false,
            series: [.init(name: "loss", points: loss.enumerated().map { (Double($0.offset + 1), $0.element) })])
        let text = svg(plot)
        #expect(wellFormed(text))
        #expect(labels(text, "x") == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(!text.contains("1.0 … 8.0"))
        let y = labels(text, "y")
        #expect(y.count >= 3 && y.count <= 10, "\(y)")
        // 1.35/0.012 spans more than two decades: drawn on a log scale, as a user would set it.
        #expect(plot.logScale && text.contains("(log scale)"))
        let flat = Plot(
            title: "accuracy", xLabel: "epoch", yLabel: "accuracy", logarithmic: false,
            series: [.init(name: "accuracy", points: [(1, 0.5), (2, 0.8), (3, 0.9)])])
        #expect(!flat.logScale)
        #expect(labels(svg(flat), "y") == ["0.5", "0.6", "0.7", "0.8", "0.9"], "\(labels(svg(flat), "y"))")
    }
}
