#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LineEditing
import Notebook

/// Runs lines without a terminal (a script file or a pipe), printing the In/Out transcript.
/// As in sqlite3 and psql, a failing line is reported and the next one still runs; the exit
/// status is 1 if any line failed, and `bail` stops at the first failure.
struct Transcript {
    let notebook: Notebook
    let renderer: TextRenderer
    let bail: Bool

    func run(_ reader: inout some LineReader) -> Int32 {
        var failed = false
        while case .line(let line) = reader.readLine(prompt: "") {
            guard let cell = notebook.execute(line) else { continue }
            print(renderer.transcript(cell))
            fflush(nil)
            if cell.failed {
                failed = true
                if bail { return 1 }
            }
            if cell.quits { break }
        }
        return failed ? 1 : 0
    }
}
