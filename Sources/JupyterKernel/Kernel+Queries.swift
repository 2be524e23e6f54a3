import JSON
import Notebook

/// complete, inspect, is_complete and history: questions about the code and the session,
/// answered without running anything.
extension Kernel {

    /// The text before the cursor; Jupyter counts the cursor in Unicode code points.
    func prefix(_ content: JSON) -> (code: String, cursor: Int, before: String) {
        let code = content["code"]?.string ?? ""
        let scalars = code.unicodeScalars
        let cursor = min(content["cursor_pos"]?.count(upTo: Int(Int32.max)) ?? scalars.count, scalars.count)
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars.prefix(cursor))
        return (code, cursor, String(before))
    }

    func complete(_ content: JSON) -> JSON {
        let (_, cursor, before) = prefix(content)
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? before
        let word = Notebook.wordToComplete(in: line)
        let matches = notebook.completions(for: line)
        return .object([
            ("status", "ok"), ("matches", .array(matches.map(JSON.string))),
            ("cursor_start", .number(Double(cursor - word.unicodeScalars.count))),
            ("cursor_end", .number(Double(cursor))),
            ("metadata", .object([])),
        ])
    }

    func inspect(_ content: JSON) -> JSON {
        let (code, _, before) = prefix(content)
        let after = code.unicodeScalars.dropFirst(before.unicodeScalars.count)
        let tail = String(String.UnicodeScalarView(after.prefix { Kernel.isWordCharacter(Character($0)) }))
        let word = Notebook.wordToComplete(in: before) + tail
        // The word at the cursor; after a command, the command with that word (`compile adam`).
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? before
        let command = line.split(separator: " ").first.map(String.init) ?? ""
        let candidates = (command.isEmpty || command == word ? [] : [command + " " + word]) + [word, command]
        guard let text = candidates.lazy.filter({ !$0.isEmpty }).compactMap(notebook.inspect).first else {
            return .object([("status", "ok"), ("found", false), ("data", .object([])), ("metadata", .object([]))])
        }
        return .object([
            ("status", "ok"), ("found", true), ("data", .object([("text/plain", .string(text))])),
            ("metadata", .object([])),
        ])
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    func isComplete(_ content: JSON) -> JSON {
        let status = notebook.completeness(content["code"]?.string ?? "")
        return status == .incomplete
            ? .object([("status", .string(status.rawValue)), ("indent", "")]) : ["status": .string(status.rawValue)]
    }

    /// `[session, line, input]` per cell (`[session, line, [input, output]]` with `output`):
    /// the last n (tail), a range of cell numbers, or those matching a glob (search).
    func history(_ content: JSON) -> JSON {
        var cells = notebook.cells
        switch content["hist_access_type"]?.string ?? "tail" {
        case "range":
            let start = content["start"]?.number.map(Int.init) ?? 1
            let stop = content["stop"]?.number.map(Int.init) ?? Int.max
            cells = cells.filter { $0.number >= start && $0.number < stop }
        case "search":
            let pattern = content["pattern"]?.string ?? "*"
            cells = cells.filter { Kernel.glob(pattern, matches: $0.input) }
            if content["unique"]?.bool == true {
                var seen = Set<String>()
                cells = cells.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            fallthrough
        default:
            if let n = content["n"]?.count(upTo: Int(Int32.max)) { cells = Array(cells.suffix(n)) }
        }
        let output = content["output"]?.bool ?? false
        let entries: [JSON] = cells.map { cell in
            let input = JSON.string(cell.input)
            return [0, .number(Double(cell.number)), output ? [input, cell.result.map(JSON.string) ?? .null] : input]
        }
        return .object([("status", "ok"), ("history", .array(entries))])
    }

    /// `*` matches any run of characters, `?` one: the glob of history's search.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var (i, j, star, mark) = (0, 0, -1, 0)
        while j < t.count {
            if i < p.count, p[i] == "?" || p[i] == t[j] {
                i += 1
                j += 1
            } else if i < p.count, p[i] == "*" {
                star = i
                mark = j
                i += 1
            } else if star >= 0 {
                i = star + 1
                mark += 1
                j = mark
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}
