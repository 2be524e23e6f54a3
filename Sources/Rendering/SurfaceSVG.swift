import Explain

/// A `Surface` as SVG: the shading as an embedded PNG (contour lines drawn in), axes ticked at
/// 1-2-5 values and named, each path as a line through its steps (start ○, end ●), the data
/// points as dots of their class, a legend naming every path and class.
package struct SurfaceSVG {
    package let surface: Surface

    package init(_ surface: Surface) { self.surface = surface }

    package func render() -> String {
        let legend = legendItems()
        let legendRows = (legend.count + 2) / 3
        var key: String?
        if case .height = surface.shading, let range = surface.range {
            key =
                "shading: f from \(NumberFormat.short(range.low, digits: 3)) (light) to "
                + "\(NumberFormat.short(range.high, digits: 3)) (dark), log scale; a line every tenth"
        }
        let height = 450 + 16 * legendRows + (key == nil ? 0 : 16)
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"\(height)\" font-family=\"Helvetica, "
                + "Arial, sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        svg += panel(x0: 64, y0: 30, width: 430, height: 340)
        for (index, item) in legend.enumerated() {
            let x = 64 + Double(index % 3) * 150
            let y = 426 + Double(index / 3) * 16
            svg.append(
                "<circle cx=\"\(x + 5)\" cy=\"\(y - 4)\" r=\"4\" fill=\"\(item.colour)\"/><text x=\"\(x + 14)\" "
                    + "y=\"\(y)\">\(SVGPlot.escape(item.name))</text>")
        }
        if let key {
            svg.append("<text x=\"64\" y=\"\(426 + 16 * legendRows)\" fill=\"#555\">\(SVGPlot.escape(key))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// The legend: every path, then every class.
    private func legendItems() -> [(name: String, colour: String)] {
        var items = surface.paths.enumerated().map {
            ($0.element.name, SurfaceColors.hex(SurfaceColors.path($0.offset)))
        }
        if case .classes(let names) = surface.shading {
            items += names.enumerated().map { ($0.element, SurfaceColors.hex(SurfaceColors.ofClass($0.offset))) }
        }
        return items
    }

    /// The picture in the rectangle (x0, y0, width, height), its title above and its axes'
    /// labels outside.
    package func panel(x0: Double, y0: Double, width: Double, height: Double) -> [String] {
        var out = [
            "<text x=\"\(x0)\" y=\"\(y0 - 10)\" font-weight=\"bold\">\(SVGPlot.escape(surface.title))</text>"
        ]
        if let png = surface.png(scale: 4) {
            out.append(
                "<image x=\"\(x0)\" y=\"\(y0)\" width=\"\(width)\" height=\"\(height)\" preserveAspectRatio=\"none\" "
                    + "href=\"data:image/png;base64,\(PNG.base64(png))\"/>")
        }
        out.append(
            "<rect x=\"\(x0)\" y=\"\(y0)\" width=\"\(width)\" height=\"\(height)\" fill=\"none\" stroke=\"#888\"/>")
        let (x, y) = (surface.x, surface.y)
        func px(_ value: Double) -> Double { x0 + (value - x.lowerBound) / (x.upperBound - x.lowerBound) * width }
        func py(_ value: Double) -> Double {
            y0 + height - (value - y.lowerBound) / (y.upperBound - y.lowerBound) * height
        }
        for mark in Ticks.labelled(x.lowerBound, x.upperBound) {
            let at = px(mark.value)
            out.append(
                "<line x1=\"\(at)\" y1=\"\(y0 + height)\" x2=\"\(at)\" y2=\"\(y0 + height + 4)\" stroke=\"#888\"/>"
                    + "<text x=\"\(at)\" y=\"\(y0 + height + 16)\" text-anchor=\"middle\" class=\"x-tick\">"
                    + "\(mark.label)</text>")
        }
        for mark in Ticks.labelled(y.lowerBound, y.upperBound) {
            let at = py(mark.value)
            out.append(
                "<line x1=\"\(x0 - 4)\" y1=\"\(at)\" x2=\"\(x0)\" y2=\"\(at)\" stroke=\"#888\"/><text x=\"\(x0 - 6)\" "
                    + "y=\"\(at + 4)\" text-anchor=\"end\" class=\"y-tick\">\(mark.label)</text>")
        }
        out.append(
            "<text x=\"\(x0 + width / 2)\" y=\"\(y0 + height + 32)\" text-anchor=\"middle\">"
                + "\(SVGPlot.escape(surface.xLabel))</text>")
        out.append(
            "<text transform=\"translate(\(x0 - 44), \(y0 + height / 2)) rotate(-90)\" text-anchor=\"middle\">"
                + "\(SVGPlot.escape(surface.yLabel))</text>")
        let inside = { (p: (x: Double, y: Double)) in x.contains(p.x) && y.contains(p.y) }
        for point in surface.points where inside((point.x, point.y)) {
            out.append(
                "<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"3\" fill=\""
                    + SurfaceColors.hex(SurfaceColors.ofClass(point.label))
                    + "\" stroke=\"white\" stroke-width=\"0.8\"/>")
        }
        for (index, path) in surface.paths.enumerated() {
            let colour = SurfaceColors.hex(SurfaceColors.path(index))
            let visible = path.points.filter(inside)
            guard let first = visible.first, let last = visible.last else { continue }
            out.append(
                "<polyline class=\"path\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\""
                    + visible.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ") + "\"/>")
            // Each step a dot, while they are few enough to tell apart.
            if visible.count <= 80 {
                for point in visible.dropFirst().dropLast() {
                    out.append("<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"1.8\" fill=\"\(colour)\"/>")
                }
            }
            out.append(
                "<circle cx=\"\(px(first.x))\" cy=\"\(py(first.y))\" r=\"4.5\" fill=\"white\" stroke=\"\(colour)\" "
                    + "stroke-width=\"1.5\"/><circle cx=\"\(px(last.x))\" cy=\"\(py(last.y))\" r=\"4.5\" "
                    + "fill=\"\(colour)\"/>")
        }
        return out
    }
}
