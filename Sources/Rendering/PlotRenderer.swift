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
        let logarithmic = plot.logScale
        let transformed = plot.series.map { series in
            series.points.compactMap { p -> (Double, Double)? in
                let y = logarithmic ? (p.y > 0 ? log10(p.y) : nil) : p.y
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
        let xSpan = max(xMax - xMin, 1e-12)
        let ySpan = max(yMax - yMin, 1e-12)
        // y labels at 1-2-5 values or decades, on the rows nearest them (at most one a row).
        let marks: [(position: Double, label: String)] =
            logarithmic
            ? Ticks.logarithmic(yMin, yMax, most: max(2, height / 2))
            : Ticks.labelled(yMin, yMax, most: max(2, height / 2)).map { ($0.value, $0.label) }
        var rowLabels: [Int: String] = [:]
        for mark in marks {
            guard let fromBottom = PlotRenderer.cell((mark.position - yMin) / ySpan, of: height) else { continue }
            rowLabels[height - 1 - fromBottom] = rowLabels[height - 1 - fromBottom] ?? mark.label
        }
        let margin = (rowLabels.values.map(\.count).max() ?? 0) + 1
        // The grid, its left margin and axis, and the x label after the last tick (centred, so
        // up to 3 columns past the grid) fit the columns.
        let width =
            columns.map { max(16, min(self.width, $0 - 1 - margin - 1 - 3 - 2 - plot.xLabel.count)) } ?? self.width
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var overlaps = 0
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
        var lines = [plot.title + (logarithmic ? "  (\(plot.yLabel), log scale)" : "  (\(plot.yLabel))")]
        for (row, cells) in grid.enumerated() {
            let tick = rowLabels[row] ?? ""
            lines.append(
                String(repeating: " ", count: margin - tick.count) + tick + (tick.isEmpty ? "│" : "┤") + String(cells))
        }
        // The x axis: a ┬ under each labelled value, its label centred under it where it fits.
        let integers = all.allSatisfy { $0.0 == $0.0.rounded() }
        let xMarks = Ticks.labelled(xMin, xMax, most: max(3, width / 6), integers: integers)
        lines += PlotRenderer.xAxis(
            xMarks.map { ($0.label, ($0.value - xMin) / xSpan) }, width: width, margin: margin, label: plot.xLabel)
        // One series needs no legend: the title says what it is.
        guard plot.series.count > 1 else { return lines.joined(separator: "\n") }
        lines.append(
            plot.series.enumerated().map { "\(Plot.marker($0.offset)) \($0.element.name)" }.joined(separator: "   ")
                + (overlaps > 0
                    ? "   (\(overlaps) point\(overlaps == 1 ? "" : "s") of earlier series hidden under later ones)"
                    : ""))
        return lines.joined(separator: "\n")
    }

    /// The x axis under a grid `width` wide after a `margin` (and its │): a ┬ under each
    /// labelled value (`at`: 0…1 of the width), its label centred under it where it fits, the
    /// axis's name after the last.
    package static func xAxis(_ marks: [(label: String, at: Double)], width: Int, margin: Int, label: String)
        -> [String]
    {
        var axis = [Character](repeating: "─", count: width)
        var labels = [Character](repeating: " ", count: width + margin + 8)
        var freeFrom = 0
        for mark in marks {
            guard let column = PlotRenderer.cell(mark.at, of: width) else { continue }
            axis[column] = "┬"
            let start = max(0, margin + 1 + column - mark.label.count / 2)
            guard start >= freeFrom, start + mark.label.count <= labels.count else { continue }
            for (offset, character) in mark.label.enumerated() { labels[start + offset] = character }
            freeFrom = start + mark.label.count + 1
        }
        return [
            String(repeating: " ", count: margin) + "└" + String(axis),
            String(String(labels).trimmingTrailingSpaces()) + "  " + label,
        ]
    }

    /// The cell of `count` that a fraction 0…1 of the axis falls in; nil for nan.
    package static func cell(_ fraction: Double, of count: Int) -> Int? {
        guard fraction.isFinite else { return nil }
        return Int((min(max(fraction, 0), 1) * Double(count - 1)).rounded())
    }
}
