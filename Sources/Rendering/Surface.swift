#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A picture of a function over a rectangle of the plane, drawn by the front end (half-blocks
/// or characters in a terminal, SVG, Vega-Lite): a grid of values — heights of a loss surface
/// shaded light (low) to dark (high) with contour lines, or a model's class regions (a
/// decision boundary, each class its colour, paler where the model is less sure) — with paths
/// (an optimizer's steps) and points (the data) on top.
public struct Surface: Sendable {
    /// What the grid's values are.
    public enum Shading: Sendable, Equatable {
        /// f at each cell: shaded by log(f − min f + ε), so a valley's floor shows as well as its walls.
        case height
        /// The predicted class at each cell (0, 1, …), named; `confidence` its probability.
        case classes([String])
    }

    /// A named path through the plane (one optimizer's points, step by step).
    public struct Path: Sendable {
        public let name: String
        public let points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    /// A data point and its class.
    public struct Point: Sendable, Equatable {
        public let x: Double
        public let y: Double
        public let label: Int

        public init(x: Double, y: Double, label: Int) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public let title: String
    public let xLabel: String
    public let yLabel: String
    public let x: ClosedRange<Double>
    public let y: ClosedRange<Double>
    public let columns: Int
    public let rows: Int
    /// `rows` × `columns` values, row 0 at the bottom (lowest y), each at its cell's centre;
    /// nan where the function has no value.
    public let values: [Double]
    /// For class regions: the probability of the predicted class per cell (same layout).
    public let confidence: [Double]?
    public let shading: Shading
    public let paths: [Path]
    public let points: [Point]

    public init(
        title: String, xLabel: String = "x", yLabel: String = "y", x: ClosedRange<Double>, y: ClosedRange<Double>,
        columns: Int, rows: Int, values: [Double], confidence: [Double]? = nil, shading: Shading,
        paths: [Path] = [], points: [Point] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        self.columns = columns
        self.rows = rows
        self.values = values
        self.confidence = confidence
        self.shading = shading
        self.paths = paths
        self.points = points
    }

    /// The centre of cell (column, row).
    public func centre(column: Int, row: Int) -> (x: Double, y: Double) {
        Surface.centre(column: column, row: row, x: x, y: y, columns: columns, rows: rows)
    }

    /// The centre of cell (column, row) of a `columns` × `rows` grid over the rectangle, row 0
    /// at the bottom: the one place the grid's geometry is written.
    public static func centre(
        column: Int, row: Int, x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int
    ) -> (x: Double, y: Double) {
        (
            x.lowerBound + (Double(column) + 0.5) / Double(columns) * (x.upperBound - x.lowerBound),
            y.lowerBound + (Double(row) + 0.5) / Double(rows) * (y.upperBound - y.lowerBound)
        )
    }

    /// Every cell's centre, row by row from the bottom (`topFirst`: from the top, as images
    /// are stored).
    public static func centres(
        x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int, topFirst: Bool = false
    ) -> [(x: Double, y: Double)] {
        let order = topFirst ? Array((0..<rows).reversed()) : Array(0..<rows)
        return order.flatMap { row in
            (0..<columns).map { centre(column: $0, row: row, x: x, y: y, columns: columns, rows: rows) }
        }
    }

    /// f sampled at every cell's centre of a `columns` × `rows` grid.
    public static func sampling(
        title: String, x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int = 64, rows: Int = 48,
        paths: [Path] = [], _ f: (Double, Double) -> Double?
    ) -> Surface {
        let values = centres(x: x, y: y, columns: columns, rows: rows).map { f($0.x, $0.y) ?? .nan }
        return Surface(
            title: title, x: x, y: y, columns: columns, rows: rows, values: values, shading: .height, paths: paths)
    }

    /// The rectangle around paths' finite points (their first point always inside), padded by
    /// 15% and at least ±`minimum`; points beyond ±1e6 (a diverged run) are left out.
    public static func frame(around paths: [[(x: Double, y: Double)]], minimum: Double = 0.25) -> (
        x: ClosedRange<Double>, y: ClosedRange<Double>
    )? {
        let points = paths.flatMap { $0 }.filter {
            $0.x.isFinite && $0.y.isFinite && abs($0.x) < 1e6 && abs($0.y) < 1e6
        }
        guard let lowX = points.map(\.x).min(), let highX = points.map(\.x).max(),
            let lowY = points.map(\.y).min(), let highY = points.map(\.y).max()
        else { return nil }
        let padX = max((highX - lowX) * 0.15, minimum)
        let padY = max((highY - lowY) * 0.15, minimum)
        return ((lowX - padX)...(highX + padX), (lowY - padY)...(highY + padY))
    }

    /// Each cell's shade from 0 (lowest) to 1 (highest), nan where f has none: heights by
    /// log(f − min + ε) with ε a millionth of the span (so the floor of a valley is resolved
    /// as well as its walls); classes by confidence, 1 when there is none.
    public var levels: [Double] {
        switch shading {
        case .classes: return confidence ?? values.map { _ in 1 }
        case .height:
            let finite = values.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max(), high > low else {
                return values.map { $0.isFinite ? 0 : .nan }
            }
            let epsilon = (high - low) * 1e-6
            let top = log(high - low + epsilon) - log(epsilon)
            guard top.isFinite, top > 0 else { return values.map { $0.isFinite ? 0 : .nan } }
            return values.map { $0.isFinite ? (log($0 - low + epsilon) - log(epsilon)) / top : .nan }
        }
    }

    /// The lowest and highest finite value (heights).
    public var range: (low: Double, high: Double)? {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return (low, high)
    }

    /// The fraction 0…1 of the frame's width and height at which (px, py) falls; nil outside.
    package func fraction(_ px: Double, _ py: Double) -> (Double, Double)? {
        let fx = (px - x.lowerBound) / (x.upperBound - x.lowerBound)
        let fy = (py - y.lowerBound) / (y.upperBound - y.lowerBound)
        guard fx.isFinite, fy.isFinite, (0...1).contains(fx), (0...1).contains(fy) else { return nil }
        return (fx, fy)
    }
}
