import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `Plot` as a Vega-Lite v5 specification, which JupyterLab and Notebook draw natively with
/// tooltips and zoom (`application/vnd.vegalite.v5+json`); the same axes as the SVG: named,
/// whole numbers for epochs and steps, a log scale when the values call for it, a legend that
/// names every series in order.
package enum VegaLite {
    package static let mime = "application/vnd.vegalite.v5+json"
    package static let schema = "https://vega.github.io/schema/vega-lite/v5.json"

    package static func spec(_ plot: Plot) -> JSON {
        let logarithmic = plot.logScale
        var rows: [JSON] = []
        for series in plot.series {
            for point in series.points where point.x.isFinite && point.y.isFinite && (!logarithmic || point.y > 0) {
                rows.append(
                    .object([("series", .string(series.name)), ("x", .number(point.x)), ("y", .number(point.y))]))
            }
        }
        let integers = plot.series.allSatisfy { $0.points.allSatisfy { $0.x == $0.x.rounded() } }
        var xAxis: [(key: String, value: JSON)] = [("title", .string(plot.xLabel)), ("labelFlush", false)]
        if integers { xAxis += [("format", "d"), ("tickMinStep", 1)] }
        var y: [(key: String, value: JSON)] = [
            ("field", "y"), ("type", "quantitative"), ("title", .string(plot.yLabel)),
        ]
        if logarithmic { y.append(("scale", .object([("type", "log")]))) }
        let names = plot.series.map { JSON.string($0.name) }
        return .object([
            ("$schema", .string(schema)),
            ("title", .string(plot.title + (logarithmic ? " (log scale)" : ""))),
            ("width", 420), ("height", 280),
            ("data", .object([("values", .array(rows))])),
            (
                "mark",
                .object([
                    ("type", "line"), ("point", .bool(plot.series.allSatisfy { $0.points.count <= 60 })),
                    ("tooltip", true),
                ])
            ),
            (
                "encoding",
                .object([
                    ("x", .object([("field", "x"), ("type", "quantitative"), ("axis", .object(xAxis))])),
                    ("y", .object(y)),
                    (
                        "color",
                        .object([
                            ("field", "series"), ("type", "nominal"), ("title", .null),
                            ("sort", .array(names)),
                            ("scale", .object([("range", .array(SVGPlot.colors.map(JSON.string)))])),
                        ])
                    ),
                ])
            ),
            // Drag to pan, wheel to zoom, as a plotting library's interactive figure.
            ("params", .array([.object([("name", "zoom"), ("select", "interval"), ("bind", "scales")])])),
        ])
    }
}
