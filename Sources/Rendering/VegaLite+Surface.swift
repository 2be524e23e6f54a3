import Explain
import JSON

extension VegaLite {
    /// A `Surface` as Vega-Lite: the shading as an image layer (the same PNG as the SVG's, so
    /// the contours agree), each path as a line through its steps in order, the data points
    /// coloured by class; tooltips on paths and points. The scales are fixed to the surface's
    /// rectangle, so the layers line up with the image.
    package static func spec(_ surface: Surface, width: Int = 420, height: Int = 320) -> JSON {
        let (x, y) = (surface.x, surface.y)
        let position: [(key: String, value: JSON)] = [
            ("x", axis("x", surface.xLabel, x)), ("y", axis("y", surface.yLabel, y)),
        ]
        var layers: [JSON] = []
        if let png = surface.png(scale: 4) {
            let image = JSON.object([
                ("url", .string("data:image/png;base64," + PNG.base64(png))), ("x", .number(x.lowerBound)),
                ("y", .number(y.upperBound)),
            ])
            let mark = JSON.object([
                ("type", "image"), ("width", .number(Double(width))), ("height", .number(Double(height))),
                ("aspect", false), ("align", "left"), ("baseline", "top"),
            ])
            layers.append(layer([image], mark: mark, encoding: position + [("url", field("url", "nominal"))]))
        }
        let inside = { (p: (x: Double, y: Double)) in x.contains(p.x) && y.contains(p.y) }
        if case .classes(let names) = surface.shading, !surface.points.isEmpty {
            let rows = surface.points.filter { inside(($0.x, $0.y)) }.map { point -> JSON in
                let name = point.label >= 0 && point.label < names.count ? names[point.label] : "\(point.label)"
                return .object([("x", .number(point.x)), ("y", .number(point.y)), ("class", .string(name))])
            }
            let mark = JSON.object([
                ("type", "circle"), ("size", 28), ("opacity", 1), ("stroke", "white"), ("strokeWidth", 0.6),
                ("tooltip", true),
            ])
            let colours = names.indices.map { SurfaceColors.hex(SurfaceColors.ofClass($0)) }
            layers.append(
                layer(
                    rows, mark: mark,
                    encoding: position + [("color", colour("class", title: "class", names: names, colours: colours))]))
        }
        if !surface.paths.isEmpty {
            var rows: [JSON] = []
            for path in surface.paths {
                for (step, point) in path.points.enumerated() where inside(point) {
                    rows.append(
                        .object([
                            ("path", .string(path.name)), ("step", .number(Double(step))), ("x", .number(point.x)),
                            ("y", .number(point.y)),
                        ]))
                }
            }
            let mark = JSON.object([
                ("type", "line"), ("point", .bool(surface.paths.allSatisfy { $0.points.count <= 80 })),
                ("tooltip", true), ("strokeWidth", 1.5),
            ])
            let names = surface.paths.map(\.name)
            let colours = surface.paths.indices.map { SurfaceColors.hex(SurfaceColors.path($0)) }
            layers.append(
                layer(
                    rows, mark: mark,
                    encoding: position + [
                        ("order", field("step", "quantitative")),
                        ("color", colour("path", title: nil, names: names, colours: colours)),
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
            // Paths and classes each have their own colour legend.
            ("resolve", .object([("scale", .object([("color", "independent")]))])),
        ])
    }

    /// A quantitative axis over exactly `range` (not rounded outwards: the image fills it).
    private static func axis(_ name: String, _ title: String, _ range: ClosedRange<Double>) -> JSON {
        .object([
            ("field", .string(name)), ("type", "quantitative"), ("title", .string(title)),
            (
                "scale",
                .object([
                    ("domain", .array([.number(range.lowerBound), .number(range.upperBound)])), ("nice", false),
                    ("zero", false),
                ])
            ),
        ])
    }

    private static func field(_ name: String, _ type: String) -> JSON {
        .object([("field", .string(name)), ("type", .string(type))])
    }

    /// A nominal colour channel: `names` in order, each its colour.
    private static func colour(_ name: String, title: String?, names: [String], colours: [String]) -> JSON {
        .object([
            ("field", .string(name)), ("type", "nominal"), ("title", title.map(JSON.string) ?? .null),
            ("sort", .array(names.map(JSON.string))),
            (
                "scale",
                .object([("domain", .array(names.map(JSON.string))), ("range", .array(colours.map(JSON.string)))])
            ),
        ])
    }

    private static func layer(_ rows: [JSON], mark: JSON, encoding: [(key: String, value: JSON)]) -> JSON {
        .object([("data", .object([("values", .array(rows))])), ("mark", mark), ("encoding", .object(encoding))])
    }
}
