import Explain

/// Draws a `Surface` in a terminal, fitted to its columns. With colour, each character is two
/// pixels stacked (`▀`: its foreground the upper, its background the lower), in 24-bit colour
/// where the terminal has it, else the 256-colour cube; without, each character is one cell:
/// heights as rings (every other tenth of the shading dotted, as contour bands), classes a
/// character each. Paths and points go on top: each path's steps with its marker (● ○ ■ …,
/// as the loss plot's), in colour the lines between them dotted; data points as their class
/// (● in its colour, or its digit without colour).
package struct SurfaceRenderer {
    package enum Colors: Sendable { case none, palette, trueColor }

    package var columns: Int?
    /// The rows the whole picture may take, axes and legend included.
    package var rows: Int?
    package var colors: Colors

    package init(columns: Int? = nil, rows: Int? = nil, colors: Colors = .none) {
        self.columns = columns
        self.rows = rows
        self.colors = colors
    }

    /// Class regions without colour (points are their digits).
    static let regions: [Character] = [".", "~", "'", "-", "^", ":", "=", "\""]

    package func render(_ surface: Surface) -> String {
        let yMarks = Ticks.labelled(surface.y.lowerBound, surface.y.upperBound, most: 5)
        let margin = (yMarks.map(\.label.count).max() ?? 1) + 1
        let width = max(16, min(64, (columns ?? 80) - margin - 1 - 3 - 2 - surface.xLabel.count))
        // 14 rows under a cell's other outputs (a lesson step reads in one screen); a live
        // picture alone on the screen takes up to 20, less the title, the axis's two lines and
        // a legend of up to three.
        let height = rows.map { max(6, min(20, width / 3 + 2, $0 - 6)) } ?? max(6, min(13, width / 4 + 2))
        let pixelRows = colors == .none ? height : 2 * height
        let levels = surface.levels
        // The surface's cell under pixel (column, pixel row from the top).
        func cell(_ column: Int, _ pixelRow: Int) -> Int {
            let c = min(surface.columns - 1, column * surface.columns / width)
            let r = min(surface.rows - 1, (pixelRows - 1 - pixelRow) * surface.rows / pixelRows)
            return r * surface.columns + c
        }
        func colour(_ index: Int) -> SurfaceColors.RGB {
            guard index < surface.values.count, surface.values[index].isFinite else { return (255, 255, 255) }
            switch surface.shading {
            case .height: return SurfaceColors.height(levels[index])
            case .classes(let names):
                return SurfaceColors.region(
                    Int(surface.values[index]), confidence: levels[index], classes: names.count,
                    cube: colors == .palette)
            }
        }
        func character(_ index: Int) -> Character {
            guard index < surface.values.count, surface.values[index].isFinite else { return " " }
            switch surface.shading {
            case .height:
                // Rings: every other tenth of the shading dotted, the lowest blank.
                return min(9, Int(levels[index] * 10)) % 2 == 1 ? "." : " "
            case .classes:
                return Self.regions[Int(surface.values[index]) % Self.regions.count]
            }
        }
        // The overlay: a character and its colour per (row, column).
        var overlay: [Int: (Character, SurfaceColors.RGB)] = [:]
        func place(_ px: Double, _ py: Double) -> Int? {
            guard let (fx, fy) = surface.fraction(px, py),
                let column = PlotRenderer.cell(fx, of: width), let row = PlotRenderer.cell(fy, of: height)
            else { return nil }
            return (height - 1 - row) * width + column
        }
        for point in surface.points {
            guard let at = place(point.x, point.y) else { continue }
            let mark: Character = colors == .none ? Character(String(point.label % 10)) : "●"
            overlay[at] = (mark, SurfaceColors.ofClass(point.label))
        }
        var hidden = 0
        for (index, path) in surface.paths.enumerated() {
            let colour = SurfaceColors.path(index)
            let marker = Plot.marker(index)
            for (a, b) in zip(path.points, path.points.dropFirst()) where colors != .none {
                // The line between two steps, dotted where no step is.
                let samples = 2 * width
                for s in 1..<samples {
                    let t = Double(s) / Double(samples)
                    if let at = place(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), overlay[at] == nil {
                        overlay[at] = ("·", colour)
                    }
                }
            }
            for point in path.points {
                guard let at = place(point.x, point.y) else { continue }
                // A cell an earlier path's step holds is taken over: counted, for the legend.
                if let earlier = overlay[at]?.0, earlier != marker, earlier != "·" { hidden += 1 }
                overlay[at] = (marker, colour)
            }
        }
        var lines = TextRenderer(width: max(20, columns ?? 80)).wrap(surface.title + shadingNote(surface))
            .split(separator: "\n").map(String.init)
        var rowLabels: [Int: String] = [:]
        for mark in yMarks {
            let fraction = (mark.value - surface.y.lowerBound) / (surface.y.upperBound - surface.y.lowerBound)
            guard let row = PlotRenderer.cell(fraction, of: height) else { continue }
            rowLabels[height - 1 - row] = rowLabels[height - 1 - row] ?? mark.label
        }
        // The y axis's name on the top row, when no tick label is there and it fits the margin.
        let named = rowLabels[0] == nil && surface.yLabel.count <= margin
        if named { rowLabels[0] = surface.yLabel }
        for row in 0..<height {
            let label = rowLabels[row] ?? ""
            let tick = label.isEmpty || (named && row == 0) ? "│" : "┤"
            var line = String(repeating: " ", count: margin - label.count) + label + tick
            for column in 0..<width {
                let mark = overlay[row * width + column]
                switch colors {
                case .none:
                    line.append(mark?.0 ?? character(cell(column, row)))
                case .palette, .trueColor:
                    let upper = colour(cell(column, 2 * row))
                    let lower = colour(cell(column, 2 * row + 1))
                    let full = colors == .trueColor
                    if let (character, foreground) = mark {
                        line +=
                            "\u{1B}[" + SurfaceColors.ansi(foreground, background: false, trueColor: full) + ";"
                            + SurfaceColors.ansi(
                                SurfaceColors.average(upper, lower), background: true, trueColor: full)
                            + "m\(character)"
                    } else {
                        line +=
                            "\u{1B}[" + SurfaceColors.ansi(upper, background: false, trueColor: full) + ";"
                            + SurfaceColors.ansi(lower, background: true, trueColor: full) + "m▀"
                    }
                }
            }
            lines.append(line + (colors == .none ? "" : "\u{1B}[0m"))
        }
        let xMarks = Ticks.labelled(surface.x.lowerBound, surface.x.upperBound, most: max(3, width / 8))
        lines += PlotRenderer.xAxis(
            xMarks.map {
                ($0.label, ($0.value - surface.x.lowerBound) / (surface.x.upperBound - surface.x.lowerBound))
            },
            width: width, margin: margin, label: surface.xLabel)
        lines += legend(surface, hidden: hidden)
        return lines.joined(separator: "\n")
    }

    /// After the title, what the shading of heights means: `(rings: tenths of log f, 0.0025 …
    /// 1.3e3)`, or light to dark in colour.
    private func shadingNote(_ surface: Surface) -> String {
        guard case .height = surface.shading, let range = surface.range else { return "" }
        let low = NumberFormat.short(range.low, digits: 2)
        let high = NumberFormat.short(range.high, digits: 2)
        return colors == .none
            ? "  (rings: tenths of log f, \(low) … \(high))" : "  (log f: \(low) light … \(high) dark)"
    }

    /// What the marks and the shading mean, one item after another, wrapped to the columns.
    private func legend(_ surface: Surface, hidden: Int) -> [String] {
        var items: [String] = []
        for (index, path) in surface.paths.enumerated() {
            items.append(paint("\(Plot.marker(index))", SurfaceColors.path(index)) + " " + path.name)
        }
        if hidden > 0 { items.append("(\(hidden) hidden under later paths)") }
        switch surface.shading {
        case .height: break
        case .classes(let names):
            for (k, name) in names.enumerated() {
                let named = name.allSatisfy(\.isNumber) ? "class \(name)" : name
                items.append(
                    colors == .none
                        ? "\(k % 10): \(named) (region \(Self.regions[k % Self.regions.count]))"
                        : paint("●", SurfaceColors.ofClass(k)) + " " + named)
            }
            if colors != .none { items.append("paler: less sure") }
        }
        let limit = max(20, columns ?? 80)
        var lines: [String] = []
        var line = ""
        var visible = 0
        for item in items {
            let length = TextRenderer().visibleCount(item)
            if visible > 0, visible + 3 + length > limit {
                lines.append(line)
                (line, visible) = ("", 0)
            }
            line += (visible > 0 ? "   " : "") + item
            visible += (visible > 0 ? 3 : 0) + length
        }
        if !line.isEmpty { lines.append(line) }
        // An item longer than the line (the shading's) wraps at its words.
        return TextRenderer(color: colors != .none, width: limit).wrap(lines.joined(separator: "\n"))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private func paint(_ text: String, _ colour: SurfaceColors.RGB) -> String {
        guard colors != .none else { return text }
        return "\u{1B}[" + SurfaceColors.ansi(colour, background: false, trueColor: colors == .trueColor) + "m"
            + text + "\u{1B}[0m"
    }
}
