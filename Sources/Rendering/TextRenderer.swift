import Explain
import Session

/// Renders outputs as text for a terminal or a transcript.
///
/// Colour is an option of the renderer, decided by the front end (a terminal with
/// `NO_COLOR` unset); the interpreter itself never knows where its output goes.
public struct TextRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var color: Bool
    /// The columns to fit: prose is wrapped at word boundaries and wide tables wrap their
    /// columns into blocks. Nil: lines as they are.
    public var width: Int?

    /// Whether the terminal draws 24-bit colour (`COLORTERM=truecolor`); else pictures use the
    /// 256-colour cube. Only with `color`.
    public var trueColor: Bool

    /// The rows a picture may take (a live picture redrawn in place must fit the screen).
    public var rows: Int?

    public init(color: Bool = false, width: Int? = nil, trueColor: Bool = false, rows: Int? = nil) {
        self.color = color
        self.width = width
        self.trueColor = trueColor
        self.rows = rows
    }

    /// The `In [n]: ` prompt's text and colour (a front end with a line editor draws it itself).
    public static func promptText(_ number: Int) -> String { "In [\(number)]: " }
    public static let promptColor = "32"

    /// The `In [n]: ` prompt.
    public func prompt(_ number: Int) -> String { paint(Self.promptText(number), Self.promptColor) }

    /// Every output of a cell not yet delivered (all of them, unless the front end was given
    /// some while the cell ran), then its `Out[n]:` (step pages are joined).
    public func render(_ cell: Cell) -> String {
        var parts = render(outputs: cell.undelivered)
        if let result = cell.result(width: width) {
            // A value of several lines starts on the line after `Out[n]:`, as in IPython.
            parts.append(paint("Out[\(cell.number)]:", "31") + (result.contains("\n") ? "\n" : " ") + result)
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Outputs in order, each rendered; with a width, consecutive pictures (`show 0 1 2`,
    /// `show mistakes 5`) side by side in rows as wide as the terminal allows, each with its
    /// caption above it, instead of one 14-row picture under another.
    public func render(outputs: some Collection<Output>) -> [String] {
        OutputRun.runs(outputs).flatMap { run -> [String] in
            switch run {
            case .single(let output): [render(output)]
            case .pictures(let pictures):
                width.map { [Self.side(by: pictures, width: $0, renderer: self)] }
                    ?? pictures.map { render(Output.image($0)) }
            }
        }
    }

    /// Pictures in rows of as many as fit `width`, two spaces apart; captions wrapped to the
    /// picture's width above each.
    static func side(by pictures: [Image], width: Int, renderer: TextRenderer) -> String {
        let picture = pictures.map { $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let column = max(picture.flatMap { $0 }.map(\.count).max() ?? 1, 12)
        let perRow = max(1, (width + 1) / (column + 2))
        // One to a row: as before, one under another, captions whole.
        guard perRow > 1 else { return pictures.map { renderer.render(Output.image($0)) }.joined(separator: "\n") }
        var captionRenderer = renderer
        captionRenderer.width = column + 1
        var rows: [String] = []
        for start in stride(from: 0, to: pictures.count, by: perRow) {
            let indices = Array(start..<min(start + perRow, pictures.count))
            let captions = indices.map {
                captionRenderer.wrap(pictures[$0].caption).split(separator: "\n").map(String.init)
            }
            let captionHeight = captions.map(\.count).max() ?? 0
            let pictureHeight = indices.map { picture[$0].count }.max() ?? 0
            var lines: [String] = []
            for line in 0..<(captionHeight + pictureHeight) {
                let cells = zip(indices, captions).map { index, caption -> String in
                    let text =
                        line < captionHeight
                        ? (line < caption.count ? caption[line] : "")
                        : (line - captionHeight < picture[index].count ? picture[index][line - captionHeight] : "")
                    return text + String(repeating: " ", count: max(0, column - renderer.visibleCount(text[...])))
                }
                lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
            }
            rows.append(lines.joined(separator: "\n"))
        }
        return rows.joined(separator: "\n")
    }

    /// A cell as a script transcript: the `In [n]:` line echoing the input, then its output.
    public func transcript(_ cell: Cell) -> String {
        let body = render(cell)
        return prompt(cell.number) + cell.input + (body.isEmpty ? "" : "\n" + body)
    }

    public func render(_ output: Output) -> String {
        switch output {
        case .text(let text): return wrap(highlightingCode(text))
        case .table(let table): return render(table)
        case .warning(let text): return wrap(paint("Warning: ", "33") + text)
        case .error(let error): return render(error)
        case .steps(let title, let pages):
            return pages.enumerated().map { index, page in
                render(step: title, page: page, index: index, of: pages.count)
            }.joined(separator: "\n")
        case .plot(let plot): return wrap(PlotRenderer(columns: width).render(plot))
        case .surface(let surface):
            return SurfaceRenderer(
                columns: width, rows: rows, colors: color ? (trueColor ? .trueColor : .palette) : .none
            ).render(surface)
        case .check(let passed, let message):
            return wrap(passed ? paint("✓ ", "32") + message : paint("✗ ", "31") + message)
        case .image(let image): return wrap(image.caption) + "\n" + image.text
        case .quit, .log: return ""
        }
    }

    /// One page of a step-through, `── title · 2/5 ──` over its outputs (`index` from 0): a
    /// front end that waits for Enter between pages shows them one at a time.
    public func render(step title: String, page: [Output], index: Int, of count: Int) -> String {
        paint("── \(title) · \(index + 1)/\(count) ──", "2") + "\n" + page.map(render).joined(separator: "\n")
    }

    /// Inline code (`backward L`) in colour, without its backticks, when colour is on; as
    /// written otherwise (a transcript keeps the Markdown).
    package func highlightingCode(_ text: String) -> String {
        guard color, text.contains("`") else { return text }
        var result = ""
        var code: String?
        for character in text {
            if character == "`" {
                if let span = code {
                    result += paint(span, "36")
                    code = nil
                } else {
                    code = ""
                }
            } else if character == "\n", let span = code {
                result += "`" + span + "\n"  // an unclosed span ends with its line
                code = nil
            } else if code != nil {
                code?.append(character)
            } else {
                result.append(character)
            }
        }
        if let span = code { result += "`" + span }
        return result
    }

    /// An error; a syntax error shows its source with a caret under the offending column.
    public func render(_ error: NotebookError) -> String {
        if case .syntax(let parse, let source) = error {
            let caretLine =
                String(repeating: " ", count: 4 + DisplayWidth.of(source.prefix(max(0, parse.column)))) + "^"
            return "    " + source + "\n" + paint(caretLine, "31") + "\n"
                + wrap(paint("SyntaxError: ", "31") + parse.message)
        }
        if case .interrupted = error { return wrap(paint("KeyboardInterrupt: ", "31") + error.description) }
        return wrap(paint("Error: ", "31") + error.description)
    }

    /// A table with aligned columns and a rule under the header. Wider than `width`, long cells
    /// first lose their middle to `…` (to no less than 2/5 of the width); then the columns are
    /// wrapped into blocks one under the other, each led by the first column (as pandas prints a
    /// wide frame): no column is dropped, as Keras drops no metric.
    package func render(_ table: Table) -> String {
        guard let width else { return renderAll(table) }
        func tooWide(_ text: String) -> Bool { text.split(separator: "\n").contains { visibleCount($0) > width } }
        var table = table
        let fitted = renderAll(table)
        guard tooWide(fitted) else { return fitted }
        // First no cell may take more than 2/5 of the width (the middle of a long expression
        // gives way to `…`), the first column's last; then columns wrap into blocks.
        // Cells are shortened no more than the table needs: the largest cap that fits, found by
        // bisection between 2/5 of the width and the width.
        let floor = max(12, width * 2 / 5)
        for columns in [1..<table.headers.count, 0..<1] {
            let before = table
            func capped(_ cap: Int) -> Table {
                var capped = before
                capped.rows = before.rows.map { row in
                    row.enumerated().map {
                        columns.contains($0.offset) ? Self.shortened($0.element, to: cap) : $0.element
                    }
                }
                return capped
            }
            table = capped(floor)
            if !tooWide(renderAll(table)) {
                var (fits, tooLarge) = (floor, width + 1)
                while tooLarge - fits > 1 {
                    let middle = (fits + tooLarge) / 2
                    if tooWide(renderAll(capped(middle))) { tooLarge = middle } else { fits = middle }
                }
                return renderAll(capped(fits))
            }
            if columns.lowerBound == 1, !tooWide(blocks(table, fits: { !tooWide($0) })) { break }
        }
        return blocks(table, fits: { !tooWide($0) })
    }

    /// The table's columns in blocks that each `fits`, one under the other with a blank line
    /// between; every block starts with the first column (the row's name or number).
    private func blocks(_ table: Table, fits: (String) -> Bool) -> String {
        var parts: [String] = []
        var next = 1
        while next < table.headers.count || parts.isEmpty {
            var end = min(next + 1, table.headers.count)
            func block(_ range: Range<Int>) -> String {
                let columns = [0] + Array(range)
                func pick(_ cells: [String]) -> [String] { columns.map { $0 < cells.count ? cells[$0] : "" } }
                return renderAll(
                    Table(
                        headers: pick(table.headers), rows: table.rows.map(pick),
                        alignments: columns.map { $0 < table.alignments.count ? table.alignments[$0] : .left }))
            }
            while end < table.headers.count, fits(block(next..<(end + 1))) { end += 1 }
            parts.append(block(next..<end))
            next = end
        }
        return parts.joined(separator: "\n\n")
    }

    /// `text` in at most `limit` characters, its middle replaced by `…`.
    package static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 2 else { return text }
        let head = (limit - 1) / 2
        return String(text.prefix(head)) + "…" + String(text.suffix(limit - 1 - head))
    }

    private func renderAll(_ table: Table) -> String {
        let columns = table.headers.count
        var widths = table.headers.map(visibleCount)
        for row in table.rows {
            for (index, cell) in row.prefix(columns).enumerated() {
                widths[index] = max(widths[index], visibleCount(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.prefix(columns).enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - visibleCount(cell)))
                return table.alignments[index] == .right ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [paint(line(table.headers), "1")]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += table.rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// Text wrapped at word boundaries to `width`; continuation lines hang under the line's
    /// description or label (`hangingIndent`), and a word longer than a line is cut.
    public func wrap(_ text: String) -> String {
        guard let width, width > 10 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard visibleCount(line) >= width else { return String(line) }
            let leading = String(line.prefix { $0 == " " })
            let hanging = Self.hangingIndent(line)
            let fallback = leading.count + (hanging > leading.count ? 4 : 0)
            let columns = hanging < width / 2 ? hanging : fallback
            // An indent of half the width or more would leave no room (and never end the cutting below).
            var indent = String(repeating: " ", count: columns < width / 2 ? columns : 0)
            // A cell (`» train …`) that wraps says so on its next line, so that it does not read as
            // two cells.
            if line.dropFirst(leading.count).hasPrefix("» ") { indent = leading + "  … " }
            var lines: [String] = []
            var current = leading
            var fresh = true  // nothing on `current` but its indent yet
            for word in Self.words(line.dropFirst(leading.count)) {
                if fresh, word.isEmpty, !lines.isEmpty { continue }  // a gap at a break disappears
                // Chinese breaks between characters, without a space (never before ，。、）).
                for (index, piece) in DisplayWidth.pieces(word).enumerated() {
                    let candidate = current + (index == 0 && !fresh ? " " : "") + piece
                    if visibleCount(candidate) < width || fresh {
                        current = candidate
                    } else {
                        lines.append(current)
                        current = indent + piece
                    }
                    fresh = false
                    while visibleCount(current) >= width {
                        let head = DisplayWidth.prefix(current[...], fitting: width - 1)
                        lines.append(String(head))
                        current = indent + current[head.endIndex...]
                    }
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Where a wrapped line's continuations start: under the description of a `name  what it
    /// does` line (the text after the first gap of two or more spaces), after a leading label
    /// such as `usage:`, or at the line's own indent.
    package static func hangingIndent(_ line: Substring) -> Int {
        let characters = Array(line)
        let leading = characters.prefix { $0 == " " }.count
        var index = leading
        while index + 1 < characters.count {
            if characters[index] == " ", characters[index + 1] == " " {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                return end
            }
            index += 1
        }
        let firstWord = characters[leading...].prefix { $0 != " " }
        if firstWord.count > 1, firstWord.count <= 10, firstWord.last == ":",
            firstWord.dropLast().allSatisfy({ $0.isLowercase })
        {
            return leading + firstWord.count + 1
        }
        return leading
    }

    /// The units a line may break between: words, except that a short bracketed group such as
    /// a shape `[8, 10]` or a call `f(1, 2)` stays whole.
    package static func words(_ line: Substring) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        var units: [String] = []
        var index = 0
        while index < words.count {
            // Where the brackets opened in this word close, if within a few words.
            var depth = 0
            var end = index
            var length = 0
            repeat {
                for character in words[end] {
                    if character == "[" || character == "(" { depth += 1 }
                    if character == "]" || character == ")" { depth = max(0, depth - 1) }
                }
                length += words[end].count + 1
                end += 1
            } while depth > 0 && end < words.count && length < 16
            if depth > 0 { end = index + 1 }
            units.append(words[index..<end].joined(separator: " "))
            index = end
        }
        return units
    }

    /// Columns a terminal shows: ANSI colour codes take no room, wide (CJK) characters two.
    package func visibleCount(_ text: some StringProtocol) -> Int { DisplayWidth.of(text) }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    package func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
