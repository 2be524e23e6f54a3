/// The colours of a `Surface`, shared by the terminal, SVG and Vega-Lite pictures, so that
/// the three agree.
package enum SurfaceColors {
    package typealias RGB = (r: Int, g: Int, b: Int)

    /// TensorFlow Playground's orange and blue for two classes, then the plot colours.
    package static let classPalette: [RGB] = [(245, 147, 34), (8, 119, 189)] + SVGPlot.colors.dropFirst(2).map(rgb)

    /// A height from 0 (lowest: near white) to 1 (highest: slate): grey-blue, so that the
    /// paths' colours stand out on it.
    package static func height(_ level: Double) -> RGB {
        guard level.isFinite else { return (255, 255, 255) }
        let t = min(max(level, 0), 1)
        return mix((250, 250, 252), (84, 92, 118), t)
    }

    /// Class `k`'s region, paler where the model is less sure (`confidence` 1/k … 1), as
    /// TensorFlow Playground shades it. For the 256-colour cube, two shades only and none very
    /// pale: the cube rounds each channel on its own, and a pale orange would come out yellow
    /// beside a peach one.
    package static func region(_ k: Int, confidence: Double, classes: Int, cube: Bool = false) -> RGB {
        let chance = 1 / Double(max(classes, 2))
        let sure = confidence.isFinite ? min(max((confidence - chance) / (1 - chance), 0), 1) : 0
        if cube { return mix((255, 255, 255), ofClass(k), sure < 0.5 ? 0.3 : 0.62) }
        return mix((255, 255, 255), ofClass(k), 0.12 + 0.5 * sure)
    }

    /// Class `k`'s own colour (its points).
    package static func ofClass(_ k: Int) -> RGB {
        classPalette[((k % classPalette.count) + classPalette.count) % classPalette.count]
    }

    /// Path `index`'s colour.
    package static func path(_ index: Int) -> RGB { rgb(SVGPlot.colors[index % SVGPlot.colors.count]) }

    package static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        func channel(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * t).rounded()) }
        return (channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b))
    }

    package static func average(_ a: RGB, _ b: RGB) -> RGB { mix(a, b, 0.5) }

    /// `#rrggbb`.
    package static func hex(_ c: RGB) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [c.r, c.g, c.b].map { "\(digits[($0 >> 4) & 15])\(digits[$0 & 15])" }.joined()
    }

    package static func rgb(_ hex: String) -> RGB {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        return ((value >> 16) & 255, (value >> 8) & 255, value & 255)
    }

    /// The ANSI code selecting `c` as foreground (38) or background (48): 24-bit where the
    /// terminal has it, else the nearest of the 256-colour cube.
    package static func ansi(_ c: RGB, background: Bool, trueColor: Bool) -> String {
        let lead = background ? "48" : "38"
        if trueColor { return "\(lead);2;\(c.r);\(c.g);\(c.b)" }
        func step(_ x: Int) -> Int { x < 48 ? 0 : x < 115 ? 1 : (x - 35) / 40 }
        return "\(lead);5;\(16 + 36 * step(c.r) + 6 * step(c.g) + step(c.b))"
    }
}
