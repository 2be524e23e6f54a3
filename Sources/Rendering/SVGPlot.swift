import Explain
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An SVG picture of loss curves; for an optimizer race, with the paths over the function's
/// surface on the right.
package struct SVGPlot {
    package static let colors = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    ]

    package let plot: Plot
    /// The paths over the function's surface, drawn beside the curves (`render`).
    package let surface: Surface?

    package init(plot: Plot, surface: Surface? = nil) {
        self.plot = plot
        self.surface = surface
    }

    package func render() -> String {
        let (w, h) = (460.0, 400.0)
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(2 * w + 40))\" height=\"\(Int(h + 80))\" "
                + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        svg += lossPanel(x0: 64, y0: 30, width: w - 74, height: h - 40)
        if let surface { svg += SurfaceSVG(surface).panel(x0: w + 60, y0: 30, width: w - 40, height: h - 40) }
        for (index, series) in plot.series.enumerated() {
            let color = SVGPlot.colors[index % SVGPlot.colors.count]
            let y = h + 40 + Double(index / 4) * 16
            let x = 50 + Double(index % 4) * 200
            svg.append(
                "<rect x=\"\(x)\" y=\"\(y - 9)\" width=\"14\" height=\"4\" fill=\"\(color)\"/><text x=\"\(x + 20)\" "
                    + "y=\"\(y)\">\(SVGPlot.escape(series.name))</text>"
            )
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// Only the curves (a training history), in one panel.
    package func renderLossOnly() -> String {
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"470\" font-family=\"Helvetica, Arial, "
                + "sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        svg += lossPanel(x0: 64, y0: 30, width: 430, height: 340)
        for (index, series) in plot.series.enumerated() {
            let color = SVGPlot.colors[index % SVGPlot.colors.count]
            svg.append(
                "<rect x=\"\(64 + Double(index % 3) * 150)\" y=\"\(426 + Double(index / 3) * 16)\" width=\"14\" "
                    + "height=\"4\" fill=\"\(color)\"/><text x=\"\(84 + Double(index % 3) * 150)\" "
                    + "y=\"\(435 + Double(index / 3) * 16)\">\(SVGPlot.escape(series.name))</text>"
            )
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// The curves with axes a plotting library would draw: y on a log scale (labelled at whole
    /// decades, thinned to at most 8, or at 1-2-5 values when the curves stay inside one
    /// decade) unless the plot is linear; x at whole-number 1-2-5 steps for epochs and steps;
    /// both axes named.
    private func lossPanel(x0: Double, y0: Double, width: Double, height: Double) -> [String] {
        let logarithmic = plot.logScale
        var out = [
            "<text x=\"\(x0)\" y=\"\(y0 - 10)\" font-weight=\"bold\">\(SVGPlot.escape(plot.title))"
                + (logarithmic ? " (log scale)" : "") + "</text>",
            "<rect x=\"\(x0)\" y=\"\(y0)\" width=\"\(width)\" height=\"\(height)\" fill=\"none\" stroke=\"#888\"/>",
        ]
        let points = plot.series.map {
            $0.points.compactMap { p -> (Double, Double)? in
                let y = logarithmic ? (p.y > 0 ? log10(p.y) : nil) : p.y
                guard let y, y.isFinite, p.x.isFinite else { return nil }
                return (p.x, y)
            }
        }
        let all = points.flatMap { $0 }
        guard let xMin = all.map(\.0).min(), let xMax = all.map(\.0).max(), let yMin = all.map(\.1).min(),
            let yMax = all.map(\.1).max()
        else { return out }
        let ySpan = max(yMax - yMin, 1e-9)
        let xSpan = max(xMax - xMin, 1e-9)
        func px(_ x: Double) -> Double { x0 + (x - xMin) / xSpan * width }
        func py(_ y: Double) -> Double { y0 + height - (y - yMin) / ySpan * height }
        // y labels: (position in plotted units, text).
        var yTicks: [(Double, String)] = []
        if logarithmic {
            yTicks = Ticks.logarithmic(yMin, yMax).map { ($0.position, $0.label) }
        } else {
            yTicks = Ticks.labelled(yMin, yMax).map { ($0.value, $0.label) }
        }
        for (value, text) in yTicks {
            let y = py(value)
            out.append(
                "<line x1=\"\(x0)\" y1=\"\(y)\" x2=\"\(x0 + width)\" y2=\"\(y)\" stroke=\"#eee\"/><text "
                    + "x=\"\(x0 - 5)\" y=\"\(y + 4)\" text-anchor=\"end\" class=\"y-tick\">\(text)</text>")
        }
        let integers = all.allSatisfy { $0.0 == $0.0.rounded() }
        for (value, label) in Ticks.labelled(xMin, xMax, integers: integers) {
            let x = px(value)
            out.append(
                "<line x1=\"\(x)\" y1=\"\(y0 + height)\" x2=\"\(x)\" y2=\"\(y0 + height + 4)\" stroke=\"#888\"/>"
                    + "<text x=\"\(x)\" y=\"\(y0 + height + 16)\" text-anchor=\"middle\" class=\"x-tick\">"
                    + "\(label)</text>")
        }
        out.append(
            "<text x=\"\(x0 + width / 2)\" y=\"\(y0 + height + 32)\" text-anchor=\"middle\">"
                + "\(SVGPlot.escape(plot.xLabel))</text>")
        out.append(
            "<text transform=\"translate(\(x0 - 50), \(y0 + height / 2)) rotate(-90)\" text-anchor=\"middle\">"
                + "\(SVGPlot.escape(plot.yLabel))</text>")
        for (index, series) in points.enumerated() where !series.isEmpty {
            let path = series.map { "\(px($0.0)),\(py($0.1))" }.joined(separator: " ")
            out.append(
                "<polyline fill=\"none\" stroke=\"\(SVGPlot.colors[index % SVGPlot.colors.count])\" "
                    + "stroke-width=\"1.5\" points=\"\(path)\"/>"
            )
        }
        return out
    }

    /// Text as SVG carries it (&, < and > escaped).
    package static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
