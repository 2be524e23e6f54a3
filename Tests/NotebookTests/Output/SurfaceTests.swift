import Foundation
import Testing

@testable import Notebook
@testable import Rendering

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The loss surface under an optimizer's path, as the terminal, SVG and Vega-Lite draw it:
/// the path drawn is the run's own points, every line fits the terminal, the SVG parses with
/// at most 10 labels an axis, the shading is light where f is low.
@Suite struct SurfaceTests {
    func surfaces(_ cell: Cell?) -> [Surface] {
        cell?.outputs.compactMap { if case .surface(let s) = $0 { s } else { nil } } ?? []
    }

    /// ESC [ … m sequences removed.
    func visible(_ line: Substring) -> String {
        String(line.replacing(#/\x1B\[[0-9;]*m/#, with: ""))
    }

    @Test func raceDrawsEachOptimizersOwnPathOverItsFunction() throws {
        let notebook = Notebook()
        let cell = notebook.execute("race sgd momentum on rosenbrock from (-1.5, 2) steps=50")
        let surface = try #require(surfaces(cell).first)
        #expect(surface.paths.map(\.name) == ["sgd", "momentum"])
        #expect(surface.paths.allSatisfy { $0.points.count == 51 }, "the start and 50 steps")
        #expect(surface.paths[0].points[0] == (-1.5, 2) || surface.paths[0].points[0].x == -1.5)
        // The frame holds every step, and f is sampled from the function itself.
        for path in surface.paths {
            #expect(path.points.allSatisfy { surface.x.contains($0.x) && surface.y.contains($0.y) })
        }
        let centre = surface.centre(column: 10, row: 7)
        let rosenbrock = pow(1 - centre.x, 2) + 100 * pow(centre.y - centre.x * centre.x, 2)
        #expect(abs(surface.values[7 * surface.columns + 10] - rosenbrock) <= 1e-9 * max(1, rosenbrock))
        // The racers' final points (the table's) are the paths' last points.
        let last = try #require(surface.paths[0].points.last)
        let check = notebook.execute("check _.sgd.point[0] == \(last.x)")
        #expect(check?.failedCheck == false && check?.failed == false, "\(check?.outputs ?? [])")
    }

    /// After more than 20 steps (a shorter run's table has every step), the path over the
    /// surface for two coordinates; f per step for one.
    @Test func minimizeDrawsItsPathOnlyForTwoCoordinates() {
        let notebook = Notebook()
        let long = notebook.execute("minimize bowl from (1, 1) with sgd lr=0.1 steps=30")
        #expect(surfaces(long).count == 1 && surfaces(long).first?.paths.first?.points.count == 31)
        #expect(surfaces(notebook.execute("minimize bowl from (1, 1) with sgd lr=0.1 steps=10")).isEmpty)
        _ = notebook.execute("g(x) = (x - 3)^2")
        let one = notebook.execute("minimize g from (0) with sgd lr=0.1 steps=30")
        #expect(surfaces(one).isEmpty)
        #expect(one?.outputs.contains { if case .plot = $0 { true } else { false } } == true)
        #expect(surfaces(notebook.execute("minimize bowl from (1, 1) with sgd lr=0.1 steps=30 verbose=0")).isEmpty)
    }

    /// Plain, 256-colour and 24-bit pictures all fit 50 and 120 columns.
    @Test(arguments: [50, 120])
    func theTerminalPictureFits(_ columns: Int) throws {
        let notebook = Notebook()
        let surface = try #require(
            surfaces(notebook.execute("race sgd momentum rmsprop adam on rosenbrock from (-1.5, 2) steps=200")).first)
        for (color, trueColor) in [(false, false), (true, false), (true, true)] {
            let text = TextRenderer(color: color, width: columns, trueColor: trueColor).render(Output.surface(surface))
            let lines = text.split(separator: "\n")
            #expect(lines.allSatisfy { visible($0).count <= columns }, "\(text)")
            #expect(lines.count > 12)
            #expect(text.contains("momentum") && text.contains("adam"))
            if trueColor { #expect(text.contains("\u{1B}[38;2;") && text.contains("▀")) }
            if color && !trueColor { #expect(text.contains("\u{1B}[38;5;") && !text.contains("38;2;")) }
            if !color { #expect(!text.contains("\u{1B}")) }
        }
    }

    @Test func theShadingIsLightWhereFIsLowAndRingsItsLevels() {
        // A bowl centred in the frame: the centre is the lightest, a corner among the darkest.
        let surface = Surface.sampling(title: "bowl", x: -1...1, y: -1...1, columns: 32, rows: 32) { x, y in
            x * x + y * y
        }
        let picture = surface.pixels(scale: 4)
        func red(_ px: Int, _ py: Int) -> UInt8 { picture.rgba[4 * (py * picture.width + px)] }
        #expect(red(64, 64) > red(2, 2) + 100, "centre \(red(64, 64)), corner \(red(2, 2))")
        // Contour lines: along the middle row, the shade drops where a ring is crossed.
        let row = (0..<picture.width).map { red($0, 64) }
        let drops = zip(row, row.dropFirst()).filter { Int($0) - Int($1) > 40 }.count
        #expect(drops >= 3, "\(row)")
        let png = surface.png()
        #expect(png?.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
        // zlib compresses it well under the 64 KB of its raw pixels.
        #expect((png?.count ?? .max) < 20_000, "\(png?.count ?? -1) bytes")
    }

    @Test func theSVGParsesWithFewLabelsAndTheRaceFileHasBothPanels() throws {
        let notebook = Notebook()
        let surface = try #require(
            surfaces(notebook.execute("race sgd adam[lr=0.05] on rosenbrock from (-1.5, 2) steps=300")).first)
        let svg = SurfaceSVG(surface).render()
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        for axis in ["x", "y"] {
            let labels = svg.components(separatedBy: "class=\"\(axis)-tick\">").count - 1
            #expect(labels >= 3 && labels <= 10, "\(axis): \(labels)")
        }
        #expect(svg.contains("data:image/png;base64,") && svg.contains("class=\"path\""))
        #expect(svg.contains(">sgd</text>") && svg.contains(">adam[lr=0.05]</text>"))
        let race = SVGPlot(
            plot: Plot(title: "t", xLabel: "step", yLabel: "f", logarithmic: true, series: []), surface: surface
        )
        .render()
        #expect(XMLParser(data: Data(race.utf8)).parse() && race.contains("data:image/png"))
    }

    /// A start where f has no value is named as such, not reported as a divergence blamed on
    /// the learning rate; a path that diverges says where it leaves the picture.
    @Test func badStartsAreNamedAndDivergingPathsSaySo() throws {
        let notebook = Notebook()
        func error(_ line: String) -> String? {
            notebook.execute(line)?.outputs.lazy.compactMap {
                if case .error(let e) = $0 { e.description } else { nil }
            }
            .first
        }
        #expect(error("minimize rosenbrock from (nan, 1) with sgd steps=30")?.contains("has nan") == true)
        #expect(error("race sgd on rosenbrock from (1e300, 1e300) steps=5")?.contains("is inf at the starting") == true)
        let surface = try #require(surfaces(notebook.execute("race sgd on bowl from (1, 1) steps=30 lr=10")).first)
        #expect(surface.paths.first?.name.hasPrefix("sgd (off the picture from step ") == true, "\(surface.paths)")
    }
}
