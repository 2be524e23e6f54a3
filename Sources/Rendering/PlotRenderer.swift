import Explain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws a `Plot` on a character grid: axes with the y range on the left, one marker per
/// series, the legend below (for more than one series).
package struct PlotRenderer {
    package var width = 64
    package var height = 12
    /// The terminal's columns: the grid narrows (to 16 at least) so that every line fits.
    package var columns: Int?

    package init(width: Int = 64, height: Int = 12, columns: Int? = nil) {
        self.width = width
        self.height = height
        self.columns = columns
    }

    package func render(_ plot: Plot) -> String {
        let transformed = plot.series.map { series in
            series.points.compactMap { p -> (Double, Double)? in
                let y = plot.logarithmic ? (p.y > 0 ? log10(p.y) : nil) : p.y
                guard let y, y.isFinite, p.x.isFinite else { return nil }
                return (p.x, y)
            }
        }
        let all = transformed.flatMap { $0 }
        guard let xMin = all.map(\.0).min(), let xMax = all.map(\.0).max(),
            let yMin = all.map(\.1).min(), let yMax = all.map(\.1).max()
        else {
            return plot.title + "\n(nothing to plot: no finite points)"
        }
        func label(_ y: Double) -> String {
            plot.logarithmic ? NumberFormat.short(pow(10, y), digits: 3) : NumberFormat.short(y, digits: 3)
        }
        let top = label(yMax)
        let bottom = label(yMin)
        let margin = max(top.count, bottom.count) + 1
        // The grid, its left margin and axis, and the x label after it fit the columns.
        let width = columns.map { max(16, min(self.width, $0 - 1 - margin - 1 - 2 - plot.xLabel.count)) } ?? self.width
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var overlaps = 0
        let xSpan = max(xMax - xMin, 1e-12)
        let ySpan = max(yMax - yMin, 1e-12)
        for (index, points) in transformed.enumerated() {
            let marker = Plot.marker(index)
            for (x, y) in points {
                // Spans as large as 1e308 − (−1e308) overflow to inf: such a point has no cell.
                guard let column = PlotRenderer.cell((x - xMin) / xSpan, of: width),
                    let fromBottom = PlotRenderer.cell((y - yMin) / ySpan, of: height)
                else { continue }
                let previous = grid[height - 1 - fromBottom][column]
                if previous != " ", previous != marker { overlaps += 1 }
                grid[height - 1 - fromBottom][column] = marker
            }
        }
        var lines = [plot.title + (plot.logarithmic ? "  (\(plot.yLabel), log scale)" : "  (\(plot.yLabel))")]
        for (row, cells) in grid.enumerated() {
            let tick = row == 0 ? top : (row == height - 1 ? bottom : "")
            lines.append(String(repeating: " ", count: margin - tick.count) + tick + "┤" + String(cells))
        }
        lines.append(String(repeating: " ", count: margin) + "└" + String(repeating: "─", count: width))
        // Epochs and steps are whole numbers: `1 … 10`, not `1.0 … 10.0`.
        func tick(_ x: Double) -> String {
            x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : NumberFormat.short(x, digits: 4)
        }
        let left = tick(xMin)
        let right = tick(xMax)
        lines.append(
            String(repeating: " ", count: margin + 1) + left
                + String(repeating: " ", count: max(1, width - left.count - right.count)) + right + "  " + plot.xLabel)
        // One series needs no legend: the title says what it is.
        guard plot.series.count > 1 else { return lines.joined(separator: "\n") }
        lines.append(
            plot.series.enumerated().map { "\(Plot.marker($0.offset)) \($0.element.name)" }.joined(separator: "   ")
                + (overlaps > 0
                    ? "   (\(overlaps) point\(overlaps == 1 ? "" : "s") of earlier series hidden under later ones)"
                    : ""))
        return lines.joined(separator: "\n")
    }

    /// The cell of `count` that a fraction 0…1 of the axis falls in; nil for nan.
    package static func cell(_ fraction: Double, of count: Int) -> Int? {
        guard fraction.isFinite else { return nil }
        return Int((min(max(fraction, 0), 1) * Double(count - 1)).rounded())
    }
}
