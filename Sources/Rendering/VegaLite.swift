import Explain
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

extension VegaLite {
    /// A `Surface` as Vega-Lite: the shading as an image layer (the same PNG as the SVG's, so
    /// the contours agree), each path as a line through its steps in order, the data points
    /// coloured by class; tooltips on paths and points.
    package static func spec(_ surface: Surface, width: Int = 420, height: Int = 320) -> JSON {
        let (x, y) = (surface.x, surface.y)
        func axis(_ field: String, _ title: String, _ range: ClosedRange<Double>) -> JSON {
            .object([
                ("field", .string(field)), ("type", "quantitative"), ("title", .string(title)),
                (
                    "scale",
                    .object([
                        ("domain", .array([.number(range.lowerBound), .number(range.upperBound)])), ("nice", false),
                        ("zero", false),
                    ])
                ),
            ])
        }
        let position: [(key: String, value: JSON)] = [
            ("x", axis("x", surface.xLabel, x)), ("y", axis("y", surface.yLabel, y)),
        ]
        var layers: [JSON] = []
        if let png = surface.png(scale: 4) {
            layers.append(
                .object([
                    (
                        "data",
                        .object([
                            (
                                "values",
                                .array([
                                    .object([
                                        ("url", .string("data:image/png;base64," + PNG.base64(png))),
                                        ("x", .number(x.lowerBound)), ("y", .number(y.upperBound)),
                                    ])
                                ])
                            )
                        ])
                    ),
                    (
                        "mark",
                        .object([
                            ("type", "image"), ("width", .number(Double(width))), ("height", .number(Double(height))),
                            ("aspect", false), ("align", "left"), ("baseline", "top"),
                        ])
                    ),
                    ("encoding", .object(position + [("url", .object([("field", "url"), ("type", "nominal")]))])),
                ]))
        }
        if case .classes(let names) = surface.shading, !surface.points.isEmpty {
            let rows = surface.points.filter { x.contains($0.x) && y.contains($0.y) }.map { point -> JSON in
                .object([
                    ("x", .number(point.x)), ("y", .number(point.y)),
                    ("class", .string(point.label < names.count ? names[point.label] : "\(point.label)")),
                ])
            }
            layers.append(
                .object([
                    ("data", .object([("values", .array(rows))])),
                    (
                        "mark",
                        .object([
                            ("type", "circle"), ("size", 28), ("opacity", 1), ("stroke", "white"),
                            ("strokeWidth", 0.6), ("tooltip", true),
                        ])
                    ),
                    (
                        "encoding",
                        .object(
                            position + [
                                (
                                    "color",
                                    .object([
                                        ("field", "class"), ("type", "nominal"), ("title", "class"),
                                        (
                                            "scale",
                                            .object([
                                                ("domain", .array(names.map(JSON.string))),
                                                (
                                                    "range",
                                                    .array(
                                                        names.indices.map {
                                                            .string(SurfaceColors.hex(SurfaceColors.ofClass($0)))
                                                        })
                                                ),
                                            ])
                                        ),
                                    ])
                                )
                            ])
                    ),
                ]))
        }
        if !surface.paths.isEmpty {
            var rows: [JSON] = []
            for path in surface.paths {
                for (step, point) in path.points.enumerated() where x.contains(point.x) && y.contains(point.y) {
                    rows.append(
                        .object([
                            ("path", .string(path.name)), ("step", .number(Double(step))), ("x", .number(point.x)),
                            ("y", .number(point.y)),
                        ]))
                }
            }
            let names = surface.paths.map { JSON.string($0.name) }
            layers.append(
                .object([
                    ("data", .object([("values", .array(rows))])),
                    (
                        "mark",
                        .object([
                            ("type", "line"), ("point", .bool(surface.paths.allSatisfy { $0.points.count <= 80 })),
                            ("tooltip", true), ("strokeWidth", 1.5),
                        ])
                    ),
                    (
                        "encoding",
                        .object(
                            position + [
                                ("order", .object([("field", "step"), ("type", "quantitative")])),
                                (
                                    "color",
                                    .object([
                                        ("field", "path"), ("type", "nominal"), ("title", .null),
                                        ("sort", .array(names)),
                                        (
                                            "scale",
                                            .object([
                                                ("domain", .array(names)),
                                                (
                                                    "range",
                                                    .array(
                                                        surface.paths.indices.map {
                                                            .string(SurfaceColors.hex(SurfaceColors.path($0)))
                                                        })
                                                ),
                                            ])
                                        ),
                                    ])
                                ),
                            ])
                    ),
                ]))
        }
        var title = surface.title
        if case .height = surface.shading, let range = surface.range {
            let (low, high) = (NumberFormat.short(range.low, digits: 3), NumberFormat.short(range.high, digits: 3))
            title += " (shading: log f, \(low) … \(high))"
        }
        return .object([
            ("$schema", .string(schema)), ("title", .string(title)), ("width", .number(Double(width))),
            ("height", .number(Double(height))), ("layer", .array(layers)),
            ("resolve", .object([("scale", .object([("color", "independent")]))])),
        ])
    }
}
