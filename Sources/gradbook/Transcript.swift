import LineEditing
import Notebook
import Rendering

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs lines without a terminal (a script file or a pipe), printing the In/Out transcript.
/// As in sqlite3 and psql, a failing line is reported and the next one still runs; the exit
/// status is 1 if any line failed or any check did not hold, and `bail` stops at the first.
struct Transcript {
    let notebook: Notebook
    let renderer: TextRenderer
    let bail: Bool

    func run(_ reader: inout some LineReader) -> Int32 {
        var failed = false
        while case .line(var line) = reader.readLine(prompt: "") {
            // A statement left open (a bracket, a trailing \) takes the next lines, as in a terminal.
            while notebook.completeness(line) == .incomplete, case .line(let next) = reader.readLine(prompt: "") {
                line += "\n" + next
            }
            // Echo the input before running it, so live progress appears under its cell.
            // (A notebook's cell may hold several lines; it runs if any is not blank or a comment.)
            let runs = line.split(separator: "\n").contains { part in
                let trimmed = part.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                return !trimmed.isEmpty && !trimmed.hasPrefix("#")
            }
            if runs { print(renderer.prompt(notebook.cellCount + 1) + line) }
            fflush(nil)
            guard let cell = notebook.execute(line) else { continue }
            let body = renderer.render(cell)
            if !body.isEmpty { print(body) }
            fflush(nil)
            if cell.failed || cell.failedCheck {
                failed = true
                if bail { return 1 }
            }
            if cell.quits { break }
        }
        return failed ? 1 : 0
    }
}
