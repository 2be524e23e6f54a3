import Foundation
import TestSupport
import Testing

/// The interactive front end in a real terminal: tmux runs gradbook, send-keys types, and
/// capture-pane reads the screen. Covers history recall (also across sessions, from the
/// history file), Tab completion, Ctrl-C abandoning a line, step-through paging and Ctrl-D.
@Suite(.serialized, .enabled(if: Tools.hasTmux, "needs tmux (scripts/test installs it)")) struct TerminalTests {
    let session = "gradbook-test-\(getpid())"
    let historyFile = NSTemporaryDirectory() + "gradbook-history-\(getpid())"

    /// Runs a tmux command and returns what it printed. Its standard streams are pipes and
    /// /dev/null only, so a tmux server it starts holds nothing of the test's.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try Subprocess.run(["tmux"] + arguments, timeout: 30)
        if result.timedOut { Issue.record("tmux \(arguments) did not finish within 30 s") }
        return result.stdout + result.stderr
    }

    func start() throws {
        // A tmux server keeps the environment it started with: pass the sanitizer's options
        // (scripts/test-asan turns leak reports off) to the program explicitly.
        let sanitizer = ProcessInfo.processInfo.environment["ASAN_OPTIONS"].map { "ASAN_OPTIONS=\($0) " } ?? ""
        let command =
            "env NO_COLOR=1 \(sanitizer)GRADBOOK_HISTORY=\(historyFile) \(ScriptRunnerTests.binary); echo EXITED-$?; "
            + "sleep 30"
        try tmux(["new-session", "-d", "-s", session, "-x", "150", "-y", "50", command])
        try waitFor("In [1]:")
    }

    func screen() throws -> String { try tmux(["capture-pane", "-t", session, "-p", "-S", "-200"]) }

    /// Polls the screen until `text` appears (at most 10 s).
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 0..<200 {
            if try screen().contains(text) { return }
            usleep(50_000)
        }
        Issue.record("never saw \(text.debugDescription) on screen:\n\(try screen())", sourceLocation: sourceLocation)
    }

    func type(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    @Test func historyCompletionInterruptAndEndOfInput() throws {
        try? FileManager.default.removeItem(atPath: historyFile)
        try start()
        defer { _ = try? tmux(["kill-session", "-t", session]) }

        // Tab completes a variable name, then a command.
        try type("alpha = 2.5", "Enter")
        try waitFor("Out[1]: Value(2.5)")
        try type("beta = alp", "Tab")
        try type(" * 2", "Enter")
        try waitFor("Out[2]: Value(5.0)")
        try type("backw", "Tab")
        try type("beta", "Enter")
        try waitFor("backward pass from beta")

        // Ctrl-C abandons the line being typed, not the session.
        try type("this line is abandoned", "C-c")
        try waitFor("^C")
        try type("alpha + 1", "Enter")
        try waitFor("Out[4]: Value(3.5)")

        // Up-arrow recalls earlier input.
        try type("Up", "Up", "Enter")
        try waitFor("In [5]: backward beta")

        // Step-through pages wait for Enter; q shows the rest.
        try type("backward beta --step", "Enter")
        try waitFor("[Enter: next node")
        #expect(!(try screen().contains("Done.")))
        try type("Enter")
        try waitFor("[1/1] beta = alpha·2.0")
        try type("q", "Enter")
        try waitFor("Done. alpha.grad = 2.0")

        // Ctrl-D leaves cleanly with status 0.
        try type("C-d")
        try waitFor("EXITED-0")

        // The history file carries input into the next session.
        let saved = try String(contentsOfFile: historyFile, encoding: .utf8)
        #expect(saved.contains("alpha\\040=\\0402.5") || saved.contains("alpha = 2.5"))
        try tmux(["kill-session", "-t", session])
        try start()
        try type("Up")
        try waitFor("In [1]: backward beta --step")
        try type("C-u", "quit", "Enter")
        try waitFor("EXITED-0")
    }
}
