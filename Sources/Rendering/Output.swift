import Session

/// One piece of what a cell shows. Front ends (terminal, script, Jupyter) render these;
/// the interpreter never writes to a terminal itself.
public enum Output {
    /// Plain text, possibly several lines.
    case text(String)
    /// Rows and columns, aligned by the renderer.
    case table(Table)
    /// Something to notice that is not an error (a NaN, an accumulation).
    case warning(String)
    /// A failed statement; the session is as it was before it.
    case error(NotebookError)
    /// A sequence shown one page at a time (one per Enter in a terminal; all at once in a script).
    case steps(title: String, pages: [[Output]])
    /// A line plot (loss curves).
    case plot(Plot)
    /// A function over the plane, shaded, with paths or points on top (an optimizer's path
    /// over its loss surface, a model's class regions).
    case surface(Surface)
    /// A check that held or did not (lessons, `check`).
    case check(passed: Bool, message: String)
    /// A small grey picture (a digit of `show`): an image where the front end can show one,
    /// else its text drawing.
    case image(Image)
    /// What the front end already showed as live progress (train's epoch lines): not shown
    /// again, but kept with the cell, so that a saved notebook has it.
    case log(String)
    /// The user asked to leave.
    case quit
}

/// A table of text cells with a header row.
public struct Table: Equatable, Sendable {
    /// How a column is aligned.
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]

    public init(headers: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments ?? headers.map { _ in .left }
    }
}

/// A grey picture with its caption and its drawing in characters.
public struct Image: Sendable {
    public var caption: String
    public var width: Int
    public var height: Int
    /// Row by row, 0 black … 255 white.
    public var pixels: [UInt8]
    /// The picture drawn with characters, for a terminal.
    public var text: String

    public init(caption: String, width: Int, height: Int, pixels: [UInt8], text: String) {
        self.caption = caption
        self.width = width
        self.height = height
        self.pixels = pixels
        self.text = text
    }

    /// The picture as a PNG, each pixel drawn as a `scale` × `scale` square.
    public func png(scale: Int = 1) -> [UInt8]? {
        guard scale >= 1, pixels.count == width * height else { return nil }
        var scaled = [UInt8](repeating: 0, count: width * height * scale * scale)
        for y in 0..<(height * scale) {
            for x in 0..<(width * scale) { scaled[y * width * scale + x] = pixels[(y / scale) * width + x / scale] }
        }
        return PNG.encode(width: width * scale, height: height * scale, .grey(scaled))
    }
}

/// Outputs in order, with each run of two or more consecutive pictures (`show 0 1 2`,
/// `show mistakes 5`) gathered, so that a front end can lay them side by side.
package enum OutputRun {
    case single(Output)
    case pictures([Image])

    package static func runs(_ outputs: some Collection<Output>) -> [OutputRun] {
        var runs: [OutputRun] = []
        var pictures: [Image] = []
        func flush() {
            if pictures.count > 1 {
                runs.append(.pictures(pictures))
            } else {
                runs += pictures.map { .single(.image($0)) }
            }
            pictures = []
        }
        for output in outputs {
            if case .image(let picture) = output {
                pictures.append(picture)
            } else {
                flush()
                runs.append(.single(output))
            }
        }
        flush()
        return runs
    }
}

/// The result of running one input line: the notebook cell `In [n]` and its outputs.
public struct Cell {
    /// The cell number `n` of `In [n]` / `Out[n]`.
    public let number: Int
    public let input: String
    public var outputs: [Output]
    /// What `Out[n]:` shows, when the cell produced a value.
    public var result: String?
    /// The value itself when `result` is its own display, so a renderer can fit it to a width.
    package var value: Object?
    /// How many of `outputs` the front end was given while the cell ran (`Notebook.progress`'s
    /// `.outputs`): a cell's earlier lines go out before a later line's training display, in
    /// the order they happened. A front end shows the rest when the cell ends.
    public package(set) var delivered = 0
    /// The outputs the front end has not been given yet.
    public var undelivered: ArraySlice<Output> { outputs[min(delivered, outputs.count)...] }
    package init(number: Int, input: String, outputs: [Output], result: String?, value: Object? = nil) {
        self.number = number
        self.input = input
        self.outputs = outputs
        self.result = result
        self.value = value
    }

    /// `result`, fitted to `width` columns when the value knows how.
    public func result(width: Int?) -> String? {
        if let width, let value { return value.display(width: width) }
        return result
    }

    /// True if any statement of the cell failed.
    public var failed: Bool {
        outputs.contains { if case .error = $0 { return true } else { return false } }
    }
    /// True if a check of the cell did not hold (`check`, a lesson's `run`): a script's exit
    /// status and a Jupyter cell's reply say so, for graders and CI.
    public var failedCheck: Bool {
        outputs.contains { if case .check(passed: false, _) = $0 { return true } else { return false } }
    }
    /// True if the cell asked to leave the session.
    public var quits: Bool {
        outputs.contains { if case .quit = $0 { return true } else { return false } }
    }
}
