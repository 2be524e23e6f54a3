import JSON
import Session

/// An output as Jupyter carries it: a stream of text, a display with several
/// representations (a MIME bundle: `text/html` beside `text/plain`), or an error. The kernel
/// sends these as messages; `save notebook` writes them into cells. One mapping for both.
public enum RichOutput: Equatable {
    case stream(name: String, text: String)
    /// Representations by MIME type, richest first; `text/plain` is always among them.
    case display([(mime: String, data: JSON)])
    case error(name: String, value: String, traceback: [String])

    public static func == (lhs: RichOutput, rhs: RichOutput) -> Bool {
        switch (lhs, rhs) {
        case (.stream(let a, let b), .stream(let c, let d)): a == c && b == d
        case (.display(let a), .display(let b)): a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
        case (.error(let a, let b, let c), .error(let d, let e, let f)): a == d && b == e && c == f
        default: false
        }
    }

    /// The bundle as a JSON object (`data` of display_data and execute_result).
    public static func bundle(_ representations: [(mime: String, data: JSON)]) -> JSON {
        .object(representations.map { (key: $0.mime, value: $0.data) })
    }
}

/// Renders outputs for Jupyter: tables as HTML and text, plots as SVG and the text picture,
/// everything else as the terminal shows it without colour.
public struct RichRenderer {
    public var text: TextRenderer
    /// Whether progress logs become text: yes for a saved notebook, no for a front end that
    /// drew the progress live.
    package var includesLogs: Bool

    public init(width: Int? = nil, includesLogs: Bool = false) {
        text = TextRenderer(color: false, width: width)
        self.includesLogs = includesLogs
    }

    public func render(_ output: Output) -> [RichOutput] {
        switch output {
        case .check(passed: false, let message):
            // A check that did not hold fails the cell (status error), so nbclient and graders see it.
            return [.error(name: "CheckFailed", value: message, traceback: [text.render(output)])]
        case .text, .check, .steps: return [.stream(name: "stdout", text: text.render(output) + "\n")]
        case .warning: return [.stream(name: "stderr", text: text.render(output) + "\n")]
        case .table(let table):
            return [.display([("text/html", .string(html(table))), ("text/plain", .string(text.render(table)))])]
        case .plot(let plot):
            // Vega-Lite for JupyterLab and Notebook (tooltips, zoom); SVG for nbconvert, GitHub
            // and saved files; the text picture for consoles.
            let svg = SVGPlot(plot: plot).renderLossOnly()
            return [
                .display([
                    (VegaLite.mime, VegaLite.spec(plot)), ("image/svg+xml", .string(svg)),
                    ("text/plain", .string(text.render(output))),
                ])
            ]
        case .surface(let surface):
            return [
                .display([
                    (VegaLite.mime, VegaLite.spec(surface)), ("image/svg+xml", .string(SurfaceSVG(surface).render())),
                    ("text/plain", .string(text.render(output))),
                ])
            ]
        case .error(let error):
            let lines = text.render(error).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return [.error(name: RichRenderer.errorName(error), value: error.description, traceback: lines)]
        case .image(let image):
            var bundle: [(mime: String, data: JSON)] = [("text/plain", .string(image.text))]
            if let png = image.png(scale: 2) { bundle.insert(("image/png", .string(PNG.base64(png))), at: 0) }
            return [.stream(name: "stdout", text: image.caption + "\n"), .display(bundle)]
        case .log(let log): return includesLogs ? [.stream(name: "stdout", text: log + "\n")] : []
        case .quit: return []
        }
    }

    /// Outputs in order; consecutive pictures (`show 0 1 2`, `show mistakes 5`) become one
    /// strip: an HTML row of the digits (PNG) with their captions, and the same row as text.
    public func render(outputs: some Collection<Output>) -> [RichOutput] {
        OutputRun.runs(outputs).flatMap { run -> [RichOutput] in
            switch run {
            case .single(let output): render(output)
            case .pictures(let pictures): [strip(pictures)]
            }
        }
    }

    /// Pictures as one display: figures in a wrapping row (each digit at twice its size, its
    /// caption under it), with the text row for consoles.
    package func strip(_ pictures: [Image]) -> RichOutput {
        let figures = pictures.map { picture -> String in
            let image =
                picture.png(scale: 2).map {
                    "<img src=\"data:image/png;base64,\(PNG.base64($0))\" alt=\"\(escape(picture.caption))\" "
                        + "style=\"image-rendering: pixelated\"/>"
                } ?? ""
            return "<figure style=\"margin: 0 12px 8px 0; text-align: center\">\(image)"
                + "<figcaption style=\"font-family: monospace; font-size: 12px\">\(escape(picture.caption))"
                + "</figcaption></figure>"
        }
        let html =
            "<div style=\"display: flex; flex-wrap: wrap; align-items: flex-start\">" + figures.joined() + "</div>"
        let text = TextRenderer.side(by: pictures, width: 120, renderer: TextRenderer())
        return .display([("text/html", .string(html)), ("text/plain", .string(text))])
    }

    /// A cell's value as `execute_result`'s bundle.
    public func result(_ cell: Cell) -> [(mime: String, data: JSON)]? {
        cell.result.map { [("text/plain", .string($0))] }
    }

    /// A Python-like name for the kind of error (`ename`): what a notebook shows in red.
    package static func errorName(_ error: NotebookError) -> String {
        switch error {
        case .syntax: "SyntaxError"
        case .unknownName, .unknownFunction: "NameError"
        case .unknownCommand: "UnknownCommand"
        case .domain: "ValueError"
        case .type: "TypeError"
        case .usage: "UsageError"
        case .precondition: "NotReady"
        case .tensor: "ShapeError"
        case .file: "FileError"
        case .range: "RangeError"
        case .optimizer, .operation: "ValueError"
        case .dataset: "DataError"
        case .interrupted: "KeyboardInterrupt"
        }
    }

    /// An HTML table (escaped), right-aligned where the text table is.
    package func html(_ table: Table) -> String {
        func cell(_ tag: String, _ text: String, _ alignment: Table.Alignment) -> String {
            "<\(tag) style=\"text-align: \(alignment == .right ? "right" : "left")\">\(escape(text))</\(tag)>"
        }
        let alignments = table.headers.indices.map { $0 < table.alignments.count ? table.alignments[$0] : .left }
        var rows = ["<tr>" + zip(table.headers, alignments).map { cell("th", $0, $1) }.joined() + "</tr>"]
        for row in table.rows {
            rows.append("<tr>" + zip(row, alignments).map { cell("td", $0, $1) }.joined() + "</tr>")
        }
        return "<table>\n<thead>\n\(rows[0])\n</thead>\n<tbody>\n" + rows.dropFirst().joined(separator: "\n")
            + "\n</tbody>\n</table>"
    }

    package func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
