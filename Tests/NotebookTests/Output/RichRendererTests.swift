import JSON
import Rendering
import Testing

@testable import Notebook

/// What Jupyter gets: tables as HTML beside the text, plots as SVG, digits as PNG, errors
/// with a Python-like name and the caret line.
struct RichRendererTests {
    let renderer = RichRenderer()

    @Test func tablesCarryEscapedHTMLAndTheText() throws {
        let table = Table(headers: ["name", "value"], rows: [["<a&b>", "1"]], alignments: [.left, .right])
        guard case .display(let bundle) = try #require(renderer.render(.table(table)).first) else {
            Issue.record("not a display")
            return
        }
        #expect(bundle.map(\.mime) == ["text/html", "text/plain"])
        let html = try #require(bundle[0].data.string)
        #expect(html.contains("<td style=\"text-align: left\">&lt;a&amp;b&gt;</td>"))
        #expect(html.contains("<td style=\"text-align: right\">1</td>"))
        #expect(bundle[1].data.string == TextRenderer().render(table))
    }

    @Test func errorsAreNamedAndKeepTheCaret() throws {
        let notebook = Notebook()
        let cell = try #require(notebook.execute("a = (1 +"))
        let outputs = cell.outputs.flatMap(renderer.render)
        guard case .error(let name, _, let traceback) = try #require(outputs.first) else {
            Issue.record("not an error: \(outputs)")
            return
        }
        #expect(name == "SyntaxError")
        #expect(traceback.contains { $0.trimmingCharacters(in: " ") == "^" })
        let missing = try #require(notebook.execute("nope + 1")).outputs.flatMap(renderer.render)
        #expect(
            missing == [
                .error(
                    name: "NameError", value: "name 'nope' is not defined",
                    traceback: ["Error: name 'nope' is not defined"])
            ])
    }

    @Test func digitsArePNGImagesWithTheirCaption() throws {
        let image = Image(caption: "#0  label 7", width: 2, height: 2, pixels: [0, 255, 255, 0], text: "@ \n @")
        let outputs = renderer.render(.image(image))
        #expect(outputs.first == .stream(name: "stdout", text: "#0  label 7\n"))
        guard case .display(let bundle) = try #require(outputs.last) else { return }
        #expect(bundle.map(\.mime) == ["image/png", "text/plain"])
        #expect(bundle[0].data.string?.hasPrefix("iVBORw0KGgo") == true)  // the PNG signature in base64
        #expect(TextRenderer().render(.image(image)) == "#0  label 7\n@ \n @")
    }

    /// The PNG's pieces against known values: CRC-32 ("123456789" → CBF43926), Adler-32 in the
    /// zlib trailer, base64 padding, and the size a 2× picture has.
    @Test func pngPiecesMatchTheirStandards() throws {
        #expect(PNG.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNG.zlib(Array("Wikipedia".utf8)).suffix(4) == [0x11, 0xE6, 0x03, 0x98])
        #expect(PNG.base64(Array("Man".utf8)) == "TWFu")
        #expect(PNG.base64(Array("Ma".utf8)) == "TWE=")
        #expect(PNG.base64(Array("M".utf8)) == "TQ==")
        let png = try #require(
            Image(caption: "", width: 3, height: 2, pixels: [0, 1, 2, 3, 4, 5], text: "").png(scale: 2))
        #expect(Array(png[16..<24]) == [0, 0, 0, 6, 0, 0, 0, 4])  // IHDR: width 6, height 4
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        #expect(PNG.encode(width: 2, height: 2, .grey([1, 2, 3])) == nil)
    }
}
