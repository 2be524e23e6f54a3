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

    /// What a grader reads of a run: checks that held and did not, cells that failed.
    struct Grade {
        var passed = 0
        var failed = 0
        /// The cells (`In [n]`) with a failed check or an error.
        var failedCells: [Int] = []
        var errors = 0
        /// Statements and checks skipped because a prediction was left as `?`.
        var skipped = 0

        var isClean: Bool { failed == 0 && errors == 0 }

        /// `checks: 12 passed, 1 failed (In [7]); 0 errors`.
        var summary: String {
            let cells =
                failedCells.prefix(8).map { "In [\($0)]" }.joined(separator: ", ")
                + (failedCells.count > 8 ? ", …" : "")
            return "checks: \(passed) passed, \(failed) failed"
                + (skipped == 0 ? "" : ", \(skipped) skipped (predictions left as ?)")
                + "; \(errors) error\(errors == 1 ? "" : "s")"
                + (cells.isEmpty ? "" : " (\(cells))")
        }
    }

    func run(_ reader: inout some LineReader) -> Int32 {
        var grade = Grade()
        return run(&reader, grade: &grade)
    }

    func run(_ reader: inout some LineReader, grade: inout Grade) -> Int32 {
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
            for case .check(let passed, _) in cell.outputs {
                if passed { grade.passed += 1 } else { grade.failed += 1 }
            }
            if cell.failed { grade.errors += 1 }
            grade.skipped += cell.outputs.filter(Placeholder.isSkipped).count
            if cell.failed || cell.failedCheck {
                grade.failedCells.append(cell.number)
                failed = true
                if bail { return 1 }
            }
            if cell.quits { break }
        }
        return failed ? 1 : 0
    }
}
