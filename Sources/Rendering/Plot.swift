/// A line plot: several named series of (x, y) points, drawn by the front end (Unicode in
/// a terminal, SVG on request). Each series has its own marker, so it reads without colour.
public struct Plot: Sendable {
    public struct Series: Sendable {
        public let name: String
        public let points: [(x: Double, y: Double)]

        package init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public let title: String
    public let xLabel: String
    public let yLabel: String
    /// Plot log₁₀ y (losses spanning several orders of magnitude).
    public let logarithmic: Bool
    public let series: [Series]

    package init(title: String, xLabel: String, yLabel: String, logarithmic: Bool, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logarithmic = logarithmic
        self.series = series
    }

    /// Whether to draw y on a log scale: asked for, or called for — every value positive and
    /// spanning two decades or more (a loss from 2.3 to 0.01), as a plotting library's user
    /// would set it.
    public var logScale: Bool {
        if logarithmic { return true }
        let values = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        guard let low = values.min(), let high = values.max(), low > 0 else { return false }
        return high / low >= 100
    }

    /// The marker of series `index`, distinct for up to 8 series.
    public static func marker(_ index: Int) -> Character {
        let markers: [Character] = ["●", "○", "■", "□", "▲", "△", "◆", "×"]
        return markers[index % markers.count]
    }
}
