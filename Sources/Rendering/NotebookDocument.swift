import JSON
import Session

/// A notebook file: Jupyter's `.ipynb` (nbformat 4.5) or a Markdown transcript.
///
/// Cells are Markdown (prose) or code (Gradbook input, with the outputs it produced). What
/// `save notebook` writes, what `lesson export` writes, and what `gradbook run F.ipynb` reads.
public struct NotebookDocument {
    public enum Cell {
        case markdown(String)
        /// `result`: the cell's value (`Out[n]`), Jupyter's execute_result.
        case code(source: String, executionCount: Int?, outputs: [RichOutput], result: [(mime: String, data: JSON)]?)
    }

    public var cells: [Cell]

    public init(cells: [Cell]) { self.cells = cells }

    /// The session so far: every cell with its outputs, as the terminal showed them.
    public init(session cells: [Rendering.Cell]) {
        let renderer = RichRenderer(includesLogs: true)
        self.cells = cells.map { cell in
            .code(
                source: cell.input, executionCount: cell.number, outputs: renderer.render(outputs: cell.outputs),
                result: renderer.result(cell))
        }
    }

    /// The text for `path`: `.md` gives the Markdown transcript, anything else `.ipynb`.
    public func text(for path: String) throws(NotebookError) -> String {
        if path.lowercased().hasSuffix(".md") { return markdown() }
        guard path.lowercased().hasSuffix(".ipynb") else {
            throw .file(path: path, reason: "a notebook is saved as .ipynb (Jupyter) or .md (a Markdown transcript)")
        }
        return ipynb().serialized(indent: 1) + "\n"
    }

    // MARK: - .ipynb

    /// The kernel a notebook names, so JupyterLab starts Gradbook for it.
    public static let kernelspec: JSON = .object([
        ("display_name", "Gradbook"), ("language", "gradbook"), ("name", "gradbook"),
    ])
    /// The language, as a notebook's metadata and the kernel's kernel_info_reply give it
    /// (`pygments_lexer` text: jupyter console highlights nothing rather than warn).
    public static let languageInfo: JSON = .object([
        ("name", "gradbook"), ("version", "1.0"), ("file_extension", ".gradbook"), ("mimetype", "text/x-gradbook"),
        ("pygments_lexer", "text"), ("codemirror_mode", "text/plain"),
    ])

    public func ipynb() -> JSON {
        let cellsJSON: [JSON] = cells.enumerated().map { index, cell in
            switch cell {
            case .markdown(let text):
                return .object([
                    ("cell_type", "markdown"), ("id", .string("cell-\(index + 1)")), ("metadata", .object([])),
                    ("source", NotebookDocument.lines(text)),
                ])
            case .code(let source, let count, let outputs, let result):
                var json = outputs.map { NotebookDocument.json($0) }
                if let result { json.append(NotebookDocument.json(.display(result), executionCount: count ?? 0)) }
                return .object([
                    ("cell_type", "code"), ("execution_count", count.map { .number(Double($0)) } ?? .null),
                    ("id", .string("cell-\(index + 1)")), ("metadata", .object([])), ("outputs", .array(json)),
                    ("source", NotebookDocument.lines(source)),
                ])
            }
        }
        return .object([
            ("cells", .array(cellsJSON)),
            (
                "metadata",
                .object([("kernelspec", NotebookDocument.kernelspec), ("language_info", NotebookDocument.languageInfo)])
            ),
            ("nbformat", 4), ("nbformat_minor", 5),
        ])
    }

    /// An output in nbformat's form; with an execution count, a display is the execute_result.
    public static func json(_ output: RichOutput, executionCount: Int? = nil) -> JSON {
        switch output {
        case .stream(let name, let text):
            return .object([("output_type", "stream"), ("name", .string(name)), ("text", lines(text))])
        case .display(let bundle):
            let data = JSON.object(bundle.map { (key: $0.mime, value: $0.data.string.map(lines) ?? $0.data) })
            if let executionCount {
                return .object([
                    ("output_type", "execute_result"), ("execution_count", .number(Double(executionCount))),
                    ("data", data), ("metadata", .object([])),
                ])
            }
            return .object([("output_type", "display_data"), ("data", data), ("metadata", .object([]))])
        case .error(let name, let value, let traceback):
            return .object([
                ("output_type", "error"), ("ename", .string(name)), ("evalue", .string(value)),
                ("traceback", .array(traceback.map(JSON.string))),
            ])
        }
    }

    /// Text as nbformat's list of lines, each keeping its newline.
    package static func lines(_ text: String) -> JSON {
        var lines: [JSON] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                lines.append(.string(current))
                current = ""
            }
        }
        if !current.isEmpty { lines.append(.string(current)) }
        return .array(lines)
    }

    /// A cell's `source` (a string or a list of strings) as one text.
    package static func text(_ json: JSON?) -> String? {
        if let string = json?.string { return string }
        guard let parts = json?.array else { return nil }
        let strings = parts.compactMap(\.string)
        return strings.count == parts.count ? strings.joined() : nil
    }

    /// The code cells of an `.ipynb` file, in order (what `gradbook run F.ipynb` runs).
    public static func codeCells(ipynb bytes: [UInt8], path: String) throws(NotebookError) -> [String] {
        let root: JSON
        do throws(JSONError) { root = try JSON(parsing: bytes) } catch {
            throw .file(path: path, reason: "not a notebook: \(error)")
        }
        guard let cells = root["cells"]?.array else {
            throw .file(path: path, reason: "not a notebook: no \"cells\" list (nbformat 4)")
        }
        var sources: [String] = []
        for (index, cell) in cells.enumerated() where cell["cell_type"]?.string == "code" {
            guard let source = text(cell["source"]) else {
                throw .file(path: path, reason: "cell \(index + 1) has no source text")
            }
            sources.append(source)
        }
        return sources
    }

    // MARK: - Markdown

    /// A transcript: Markdown cells as they are; each code cell as a ```gradbook block with
    /// its outputs in a plain block after it.
    public func markdown() -> String {
        var parts: [String] = []
        for cell in cells {
            switch cell {
            case .markdown(let text): parts.append(text)
            case .code(let source, let count, let outputs, let result):
                let label = count.map { "In [\($0)]:" } ?? "In [ ]:"
                parts.append("**\(label)**\n\n```gradbook\n\(source)\n```")
                var shown: [String] = outputs.map { output -> String in
                    switch output {
                    case .stream(_, let text): text.hasSuffix("\n") ? String(text.dropLast()) : text
                    case .display(let bundle): bundle.first { $0.mime == "text/plain" }?.data.string ?? ""
                    case .error(_, _, let traceback): traceback.joined(separator: "\n")
                    }
                }
                shown = shown.filter { !$0.isEmpty }
                if let value = result?.first(where: { $0.mime == "text/plain" })?.data.string {
                    let separator = value.contains("\n") ? "\n" : " "
                    shown.append("Out[\(count ?? 0)]:" + separator + value)
                }
                if !shown.isEmpty { parts.append("```text\n" + shown.joined(separator: "\n") + "\n```") }
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }
}
