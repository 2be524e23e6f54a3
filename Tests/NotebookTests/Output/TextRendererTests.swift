import Lessons
import Rendering
import TensorGrad
import Testing

@testable import Notebook

/// Fitting text, tables and values to the terminal's width.
@Suite struct TextRendererTests {
    /// Prose wraps at word boundaries to the width (keeping a line's indent); wide tables wrap
    /// their columns into blocks; without a width nothing changes.
    @Test func textAndTablesWrap() {
        let renderer = TextRenderer(width: 30)
        let prose = renderer.render(
            Output.text(
                "the quick brown fox jumps over the lazy dog and keeps on running\n  indented words wrap with their "
                    + "indent too"
            ))
        let lines = prose.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < 30 }, "\(lines)")
        #expect(
            lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
                == "the quick brown fox jumps over the lazy dog and keeps on running indented words wrap with their "
                + "indent too"
        )
        #expect(lines.filter { $0.hasPrefix("  ") }.count >= 2)
        let table = Table(
            headers: ["name", "a", "b", "c", "d", "e", "last"],
            rows: [["first", "1111111", "2222222", "3333333", "4444444", "5555555", "end"]],
            alignments: Array(repeating: .left, count: 7))
        let fitted = renderer.render(table).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(fitted.allSatisfy { $0.count <= 30 }, "\(fitted)")
        for cell in table.rows[0] { #expect(fitted.contains { $0.contains(cell) }, "\(cell) is kept") }
        #expect(TextRenderer().render(table).contains("3333333"), "no width: every column")
    }

    /// A wrapped `name  description` line continues under its description, a `usage:` line
    /// after its label, as `--help` pages do.
    @Test func continuationsHangUnderTheDescription() {
        let renderer = TextRenderer(width: 40)
        let option = renderer.wrap("  epochs=N  passes over the training data (a whole number; default 1)")
        let lines = option.split(separator: "\n")
        #expect(lines.count >= 2 && lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 12)) })
        #expect(lines.dropFirst().allSatisfy { $0.dropFirst(12).first != " " }, "\(option)")
        let usage = renderer.wrap("usage: train [epochs=N] [batch=B] [validation=F] [shuffle=0|1]")
        #expect(usage.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("       [") }, "\(usage)")
        #expect(renderer.wrap("short line") == "short line")
    }

    /// A bracketed group (a shape, a call) is not broken across lines.
    /// A lesson's cell (`» …`) that wraps marks its continuation, so that at 50 columns it does
    /// not read as two cells.
    @Test func aWrappedCellMarksItsContinuation() {
        let wrapped = TextRenderer(width: 50).wrap(
            "    » race adagrad rmsprop on bowl from (1, 1) steps=500 lr=0.01 condition=50")
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("      … "), "\(wrapped)")
        #expect(lines.allSatisfy { $0.count < 50 })
    }

    @Test func bracketsStayWhole() {
        let text = TextRenderer(width: 50).render(
            Output.text("forward x [8, 784] through 2 layers → output [8, 10]"))
        #expect(text.split(separator: "\n").contains { $0.contains("[8, 10]") }, "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count < 50 })
    }

    /// `Out[n]:` of a tensor is fitted to the width; without one (a script, --plain) it is the
    /// value's full display.
    @Test func outputValuesFitTheWidth() throws {
        let notebook = Notebook()
        _ = notebook.execute("W = randn(8, 10)")
        let cell = try #require(notebook.execute("W"))
        let narrow = TextRenderer(width: 50).render(cell)
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count < 50 }, "\(narrow)")
        #expect(narrow.contains("..."))
        #expect(TextRenderer().render(cell) == "Out[2]:\n" + (cell.result ?? ""))
        #expect(cell.result?.contains("...") == false)
    }

    /// `vars` with a long name and a long expression fits 50 columns: long cells lose their
    /// middle to `…` before whole columns go; the name stays recognisable.
    @Test func longCellsGiveWayBeforeColumns() throws {
        let notebook = Notebook()
        _ = notebook.execute("a = 2.0")
        _ = notebook.execute("longvariablename_for_testing_width = a*a + a")
        _ = notebook.execute("s = " + Array(repeating: "a*a", count: 12).joined(separator: " + "))
        let text = TextRenderer(width: 50).render(try #require(notebook.execute("vars")))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 50 }, "\(text)")
        #expect(text.contains("longvaria") && text.contains("ting_width") && text.contains("computed as"))
        let wide = TextRenderer(width: 120).render(try #require(notebook.execute("vars")))
        #expect(wide.contains("longvariablename_for_testing_width") && wide.contains("type"), "\(wide)")
    }

    /// A long cell is shortened only as far as the width needs: the table fills the width.
    @Test func cellsAreShortenedOnlyAsFarAsNeeded() {
        let title = "Backpropagation through a layer: a gradient is not an update"
        let table = Table(
            headers: ["#", "lesson", "steps"], rows: [["2", title, "5"]], alignments: [.right, .left, .right])
        let lines = TextRenderer(width: 50).render(table).split(separator: "\n")
        #expect(lines.map(\.count).max() == 50, "\(lines)")
        #expect(lines[2].hasPrefix("2  Backpropagation thr") && lines[2].contains("…"), "\(lines)")
        #expect(TextRenderer(width: 120).render(table).contains(title))
    }

    /// A wide table (a confusion matrix) wraps into blocks, pandas-style: each led by the first
    /// column, the others in order, none dropped (Keras drops no metric; `predict` at 50 columns
    /// hid its prediction).
    @Test func wideTablesWrapIntoBlocksLedByTheFirstColumn() throws {
        let headers = [""] + (0..<10).map(String.init)
        func value(_ r: Int, _ c: Int) -> Int { 1000 + 10 * r + c }
        let rows: [[String]] = (0..<10).map { r in [String(r)] + (0..<10).map { c in String(value(r, c)) } }
        let table = Table(headers: headers, rows: rows, alignments: Array(repeating: .right, count: 11))
        let text = TextRenderer(width: 40).render(table)
        let blocks = text.components(separatedBy: "\n\n")
        #expect(blocks.count >= 2, "\(text)")
        var columns: [Int] = []
        for block in blocks {
            let lines = block.split(separator: "\n")
            #expect(lines.count == 12 && lines.allSatisfy { $0.count <= 40 }, "\(block)")
            let header = lines[0].split(separator: " ").compactMap { Int($0) }
            columns += header
            // Each row keeps its name and its own cells.
            for (r, line) in lines.dropFirst(2).enumerated() {
                let cells: [Int] = line.split(separator: " ").compactMap { Int($0) }
                let expected: [Int] = [r] + header.map { value(r, $0) }
                #expect(cells == expected, "\(line)")
            }
        }
        #expect(columns == Array(0..<10), "every column once, in order: \(columns)")
    }

    /// Narrow terminals (a window resized to 11 or 12 columns) still end: an indent too deep
    /// for the width is dropped (it used to cut forever).
    @Test(arguments: [8, 11, 12, 13, 20])
    func narrowTerminalsFinish(_ width: Int) {
        let points = (1...30).map { (x: Double($0), y: 1 / Double($0)) }
        let plot = Plot(
            title: "loss per epoch", xLabel: "epoch", yLabel: "loss", logarithmic: true,
            series: [.init(name: "loss", points: points)])
        let renderer = TextRenderer(width: width)
        #expect(!renderer.render(Output.plot(plot)).isEmpty)
        let deep = renderer.wrap("  name           " + String(repeating: "word ", count: 20))
        #expect(deep.contains("word"))
    }

    /// Lesson prose: inline code is coloured without its backticks in a terminal, kept as
    /// Markdown in a transcript; an unclosed backtick is left alone.
    @Test func inlineCodeIsHighlighted() {
        let text = Output.text("type `run` to run, then `next`; a lone ` stays")
        #expect(TextRenderer().render(text) == "type `run` to run, then `next`; a lone ` stays")
        let coloured = TextRenderer(color: true).render(text)
        #expect(coloured == "type \u{1B}[36mrun\u{1B}[0m to run, then \u{1B}[36mnext\u{1B}[0m; a lone ` stays")
    }
}

/// `show 0 1 2 3` in a terminal: the digits side by side in rows as wide as it allows (they
/// stacked, 15 lines each, several screens for `show mistakes 5`), each caption above its digit.
@Suite struct PicturesSideBySideTests {
    func pictures(_ count: Int) -> [Output] {
        (0..<count).map { index in
            let rows = (0..<14).map { row in String(repeating: row == 7 ? "@" : ".", count: 28) }
            return Output.image(
                Image(
                    caption: "#\(index)  label \(index)  predicted \(index) (99.0%)", width: 28, height: 28,
                    pixels: [UInt8](repeating: 0, count: 28 * 28), text: rows.joined(separator: "\n")))
        }
    }

    @Test(arguments: [50, 80, 120])
    func picturesShareRowsThatFit(_ width: Int) {
        let text = TextRenderer(width: width).render(outputs: pictures(5)).joined(separator: "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= width }, "\(text)")
        let perRow = max(1, (width + 1) / 30)
        let captionLines = lines.filter { $0.hasPrefix("#") }
        #expect(captionLines.count == (5 + perRow - 1) / perRow, "\(text)")
        #expect(captionLines.first?.components(separatedBy: "label").count == min(5, perRow) + 1, "\(text)")
        for index in 0..<5 { #expect(text.contains("#\(index)  label \(index)"), "caption \(index)") }
        #expect(perRow == 1 || lines.count < 5 * 15, "fewer lines than stacked")
    }

    @Test func withoutAWidthTheyStackAsBefore() {
        let parts = TextRenderer().render(outputs: pictures(3))
        #expect(parts.count == 3 && parts.allSatisfy { $0.hasPrefix("#") })
    }
}
