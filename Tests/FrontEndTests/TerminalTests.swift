import Foundation
import TestSupport
import Testing

@testable import Explain

/// The interactive front end in a real terminal: tmux runs gradbook, send-keys types, and
/// capture-pane reads the screen. Covers history recall (also across sessions, from the
/// history file), Tab completion, Ctrl-C abandoning a line, step-through paging and Ctrl-D.
@Suite(.serialized, .enabled(if: Tools.hasTmux, "needs tmux (scripts/test installs it)")) struct TerminalTests {
    let session = "gradbook-test-\(getpid())"
    let historyFile = NSTemporaryDirectory() + "gradbook-history-\(getpid())"

    /// This process's own tmux server (`tmux -L`), so no other tmux user shares or ends it.
    let socket = "gradbook-test-\(getpid())"

    /// Runs a tmux command and returns what it printed. Its standard streams are pipes and
    /// /dev/null only, so a tmux server it starts holds nothing of the test's.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try Subprocess.run(["tmux", "-L", socket] + arguments, timeout: 30)
        if result.timedOut { Issue.record("tmux \(arguments) did not finish within 30 s") }
        return result.stdout + result.stderr
    }

    /// Opens the test's tmux session running `command`. The server exits when the previous
    /// test's session is killed, and a `new-session` that reaches it while it is exiting is
    /// lost ("no server running" later): so the session's existence is checked and the start
    /// retried.
    func newSession(width: Int, height: Int, command: String) throws {
        for _ in 0..<20 {
            try tmux(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), command])
            let probe = try Subprocess.run(["tmux", "-L", socket, "has-session", "-t", session], timeout: 30)
            if probe.status == 0 { return }
            usleep(100_000)
        }
        Issue.record("tmux could not start a session: \(try tmux(["new-session", "-d", "-s", session, command]))")
    }

    /// Starts gradbook in a tmux window of `width` columns, with colour when `color`.
    func start(width: Int = 150, color: Bool = false) throws {
        // A tmux server keeps the environment it started with: pass the sanitizer's options
        // (scripts/test-asan turns leak reports off) to the program explicitly.
        let sanitizer = ProcessInfo.processInfo.environment["ASAN_OPTIONS"].map { "ASAN_OPTIONS=\($0) " } ?? ""
        let colour = color ? "-u NO_COLOR TERM=xterm-256color" : "NO_COLOR=1"
        let command =
            "env \(colour) \(sanitizer)GRADBOOK_HISTORY=\(historyFile) \(ScriptRunnerTests.binary); "
            + "echo EXITED-$?; sleep 30"
        try newSession(width: width, height: 50, command: command)
        try waitFor("In [1]:")
    }

    func screen() throws -> String { try tmux(["capture-pane", "-t", session, "-p", "-S", "-200"]) }

    /// Polls the screen until `text` appears (at most 30 s: the machine may be busy with other suites).
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 0..<600 {
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
        try waitFor("In [2]:")
        try type("beta = alp", "Tab")
        try type(" * 2", "Enter")
        try waitFor("In [3]:")
        try type("beta", "Enter")
        try waitFor("Out[3]: Value(5.0)")
        try type("backw", "Tab")
        try type("beta", "Enter")
        try waitFor("backward pass from beta")

        // Ctrl-C abandons the line being typed, not the session.
        try type("this line is abandoned", "C-c")
        try waitFor("^C")
        try type("alpha + 1", "Enter")
        try waitFor("Out[5]: Value(3.5)")

        // Up-arrow recalls earlier input.
        try type("Up", "Up", "Enter")
        try waitFor("In [6]: backward beta")

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

    /// A bracket left open continues on the next line under IPython's `...:` prompt; Ctrl-C
    /// abandons the unfinished statement.
    @Test func anOpenBracketContinuesOnTheNextLine() throws {
        try start(width: 80)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        try type("v = [1,", "Enter")
        try waitFor("   ...:")
        try type("2]", "Enter")
        try waitFor("In [2]:")
        try type("v", "Enter")
        try waitFor("Out[2]: tensor([1., 2.]")
        try type("w = (1 +", "Enter")
        try waitFor("In [3]: w = (1 +")
        try type("C-c")
        try waitFor("^C")
        try type("quit", "Enter")
        try waitFor("EXITED-0")
        let shown = try screen()
        #expect(!shown.contains("Error"), "\(shown)")
    }

    /// The prompt is green and the colour ends with it: what is typed, the outputs and the shell
    /// after `quit` are not coloured (libedit drops an escape that ends a prompt).
    @Test(arguments: [50, 120])
    func thePromptColourEndsWithThePrompt(_ width: Int) throws {
        try start(width: width, color: true)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        try type("a = 2", "Enter")
        try waitFor("In [2]:")
        try type("quit", "Enter")
        try waitFor("EXITED-0")
        let raw = try tmux(["capture-pane", "-e", "-p", "-t", session])
        let line = try #require(raw.split(separator: "\n").first { $0.contains("In [1]:") })
        // Green, then the reset (tmux reports it as ESC[39m), then the input.
        #expect(line.contains("\u{1B}[32mIn [1]:\u{1B}[39m a = 2"), "\(line.debugDescription)")
        let exited = try #require(raw.split(separator: "\n").first { $0.contains("EXITED-0") })
        #expect(!exited.contains("\u{1B}[32m"), "the shell is left coloured: \(exited.debugDescription)")
    }

    /// At 50 columns the live bar fits on one line and an error after it starts on a line of
    /// its own (it used to follow the bar: `… loss: 2.4456Error: …`).
    @Test func trainingAtFiftyColumns() throws {
        try start(width: 50)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        for line in [
            "seed 1", "data moons n=4000", "model dense 2->16 relu, dense 16->2 softmax", "compile sgd lr=1e30",
        ] {
            try type(line, "Enter")
        }
        try type("train epochs=2", "Enter")
        try waitFor("Error: training stopped")
        let lines = try screen().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.hasPrefix("Error: training stopped") }, "\(lines)")
        #expect(lines.contains { $0 == "Epoch 1/2" })
        try type("quit", "Enter")
        try waitFor("EXITED-0")
    }

    /// At 50 columns Tab's list of candidates is laid out in columns that fit, and a tensor
    /// wider than the terminal loses the middle of its rows instead of wrapping.
    @Test func listsAndTensorsFitFiftyColumns() throws {
        try start(width: 50)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        try type("s", "Tab")
        try waitFor("summary")
        let listing = try screen().split(separator: "\n").filter { $0.contains("summary") || $0.contains("seed") }
        #expect(!listing.isEmpty && listing.allSatisfy { $0.count < 50 }, "\(listing)")
        try type("C-u", "a", "Tab")
        try waitFor("arange")
        let short = try screen().split(separator: "\n").filter { $0.contains("arange") }
        #expect(short.contains { $0.split(separator: " ").count >= 2 }, "short candidates share a line: \(short)")
        try type("C-u", "W = randn(8, 10)", "Enter")
        try waitFor("In [2]:")
        try type("W", "Enter")
        try waitFor("In [3]:")
        let shown = try screen()
        #expect(shown.split(separator: "\n").filter { $0.contains("...") }.count == 8, "\(shown)")
        #expect(shown.split(separator: "\n").allSatisfy { $0.count <= 50 })
        try type("quit", "Enter")
        try waitFor("EXITED-0")
    }

    /// SIGTERM while a line is read ends gradbook alone: the terminal's modes are restored
    /// (canonical input, echo) and the shell that started it does not receive the signal
    /// (libedit's EL_SIGNAL handler re-sent it to the whole process group).
    @Test func aSignalEndsGradbookAloneAndRestoresTheTerminal() throws {
        let sanitizer = ProcessInfo.processInfo.environment["ASAN_OPTIONS"].map { "ASAN_OPTIONS=\($0) " } ?? ""
        let command =
            "trap 'echo PARENT-GOT-TERM' TERM; sh -c 'echo GB-PID-$$; exec env NO_COLOR=1 \(sanitizer)"
            + "GRADBOOK_HISTORY=\(historyFile) \(ScriptRunnerTests.binary)'; echo EXITED-$?; "
            + "stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'; sleep 30"
        try newSession(width: 80, height: 30, command: command)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        try waitFor("In [1]:")
        try type("partly typed")
        let line = try #require(try screen().split(separator: "\n").first { $0.hasPrefix("GB-PID-") })
        let pid = try #require(Int32(line.dropFirst("GB-PID-".count)), "\(line)")
        #expect(kill(pid, SIGTERM) == 0)
        try waitFor("EXITED-143")
        try waitFor("icanon")
        let shown = try screen()
        #expect(!shown.contains("PARENT-GOT-TERM"), "\(shown)")
        #expect(shown.split(separator: "\n").contains { $0 == "icanon" }, "canonical input is back: \(shown)")
    }

    /// Chinese typed at the prompt is read and edited as characters, even without a UTF-8
    /// locale in the environment (libedit then cut it into bytes and mangled the line), and a
    /// Chinese lesson step fits a 50-column terminal by display width (issue 22).
    @Test func chineseIsTypedEditedAndShown() throws {
        let sanitizer = ProcessInfo.processInfo.environment["ASAN_OPTIONS"].map { "ASAN_OPTIONS=\($0) " } ?? ""
        let command =
            "env -u LANG -u LC_ALL -u LC_CTYPE NO_COLOR=1 \(sanitizer)GRADBOOK_HISTORY=\(historyFile) "
            + "\(ScriptRunnerTests.binary); echo EXITED-$?; sleep 30"
        try newSession(width: 50, height: 60, command: command)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        try waitFor("In [1]:")
        // The cursor moves by characters: two to the left, one deleted, one inserted.
        try type("echo 你好世界", "Left", "Left", "BSpace", "大", "Enter")
        try waitFor("In [2]:")
        let edited = try screen()
        #expect(edited.split(separator: "\n").contains { $0 == "你大世界" }, "\(edited)")
        try type("学习率 = 0.5  # 注释", "Enter")
        try type("学习率 * 2", "Enter")
        try waitFor("Value(1.0)")
        try type("lesson 1 lang=zh", "Enter")
        try waitFor("第 1/")
        let shown = try screen()
        #expect(shown.contains("导数"), "\(shown)")
        for line in shown.split(separator: "\n") {
            #expect(DisplayWidth.of(line) <= 50, "\(DisplayWidth.of(line)) columns: \(line)")
        }
        try type("quit", "Enter")
        try waitFor("EXITED-0")
    }
}
