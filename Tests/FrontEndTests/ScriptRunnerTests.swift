import Foundation
import TestSupport
import Testing

/// The gradbook executable without a terminal: `run FILE`, piped stdin, exit status, --bail.
/// Runs the executable `swift test` built beside this test bundle from the current sources.
@Suite struct ScriptRunnerTests {
    static let binary = productsDirectory + "/gradbook"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String = "", columns: Int? = nil) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        if let columns { environment["COLUMNS"] = String(columns) }
        let result = try Subprocess.run([binary] + arguments, environment: environment, input: stdin, timeout: 120)
        #expect(!result.timedOut, "gradbook \(arguments) did not finish within 120 s")
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    static func script(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "gradbook-\(UUID().uuidString).gb"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func binaryIsBuiltFromTheCurrentSources() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "\(Self.binary) is missing")
        let built = try #require(
            try FileManager.default.attributesOfItem(atPath: Self.binary)[.modificationDate] as? Date)
        let sources = packageRoot() + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
        #expect(!files.isEmpty)
        for file in files where file.hasSuffix(".swift") || file.hasSuffix(".c") || file.hasSuffix(".h") {
            let changed =
                try FileManager.default.attributesOfItem(atPath: sources + "/" + file)[.modificationDate] as? Date
            #expect(changed.map { $0 <= built } ?? false, "\(file) changed after \(Self.binary) was built")
        }
    }

    @Test func runPrintsTheTranscriptAndSucceeds() throws {
        let path = try Self.script("a = 2.0; b = -3.0\nL = a*b\n\nbackward L\ngrad a\n")
        let result = try Self.run(["run", path])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix(
                "In [1]: a = 2.0; b = -3.0\nIn [2]: L = a*b\nIn [3]: backward L\n"
            ))
        #expect(result.stdout.contains("\n∂L/∂a = -3.0\n") && result.stdout.contains("Out[4]: Value(-3.0)"))
    }

    @Test func anErrorIsReportedAndTheNextLineStillRuns() throws {
        let path = try Self.script("x = 1\ny = nope\nz = x + 1\n")
        let result = try Self.run(["run", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Error: name 'nope' is not defined"))
        #expect(result.stdout.hasSuffix("In [3]: z = x + 1\n"), "an assignment prints nothing, as in IPython")
    }

    /// A statement left open (a bracket, a trailing backslash) takes the next lines, as a
    /// notebook's cell does; notebooks run by their code cells; a Markdown transcript is refused.
    @Test func openStatementsContinueAndNotebooksRun() throws {
        let path = try Self.script("v = [1,\n  2, 3]\ns = 1 + \\\n  2\nsum(v) + s\n")
        let result = try Self.run(["run", path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("Out[3]: tensor(9., dtype=float32"), "\(result.stdout)")
        let notebook = NSTemporaryDirectory() + "gradbook-\(UUID().uuidString).ipynb"
        let saved = try Self.run(["run", try Self.script("a = 2\nb = [a,\n 3]\nsave notebook \(notebook)\n")])
        #expect(saved.status == 0, "\(saved.stdout)")
        let rerun = try Self.run(["run", notebook])
        #expect(rerun.status == 0 && rerun.stdout.contains("In [2]: b = [a,\n 3]"), "\(rerun.stdout)")
        let markdown = NSTemporaryDirectory() + "gradbook-\(UUID().uuidString).md"
        try "# notes".write(toFile: markdown, atomically: true, encoding: .utf8)
        let refused = try Self.run(["run", markdown])
        #expect(refused.status == 2 && refused.stderr.contains("is a Markdown transcript, for reading"))
    }

    @Test func bailStopsAtTheFirstError() throws {
        let path = try Self.script("x = 1\ny = nope\nz = x + 1\n")
        let result = try Self.run(["run", path, "--bail"])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("In [3]"))
    }

    @Test func stdinThatIsNotATerminalRunsAsAScript() throws {
        let result = try Self.run([], stdin: "q = 3\nq * q\n")
        #expect(result.status == 0)
        #expect(result.stdout == "In [1]: q = 3\nIn [2]: q * q\nOut[2]: Value(9.0)\n")
    }

    @Test func quitEndsTheScript() throws {
        let result = try Self.run([], stdin: "q = 3\nquit\nq * q\n")
        #expect(result.status == 0)
        #expect(!result.stdout.contains("In [3]"))
    }

    @Test func badCommandLinesAreExplained() throws {
        let missing = try Self.run(["run", "/nonexistent/script.gb"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot run /nonexistent/script.gb: No such file or directory"))
        let directory = try Self.run(["run", NSTemporaryDirectory()])
        #expect(directory.status == 2 && directory.stderr.contains("is a directory"), "\(directory.stderr)")
        let binary = NSTemporaryDirectory() + "gradbook-binary-\(UUID().uuidString).gb"
        try Data([0x78, 0x20, 0x3D, 0x20, 0x31, 0x0A, 0x00, 0xFF]).write(to: URL(fileURLWithPath: binary))
        defer { try? FileManager.default.removeItem(atPath: binary) }
        let bytes = try Self.run(["run", binary])
        #expect(
            bytes.status == 2 && bytes.stderr.contains("a NUL byte at offset 6: not a text file"), "\(bytes.stderr)")
        let unknown = try Self.run(["--frobnicate"])
        #expect(unknown.status == 64, "EX_USAGE, as swift-argument-parser reports a usage error")
        #expect(unknown.stderr.contains("Unknown option '--frobnicate'"))
        let help = try Self.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("run") && help.stdout.contains("Run scripts or notebooks"))
        let overview = try Self.run(["help"])
        #expect(
            overview.status == 0 && overview.stdout.contains("gradbook run FILE") && overview.stdout.contains("train "))
        let train = try Self.run(["help", "train"])
        #expect(train.status == 0 && train.stdout.contains("epochs=N") && train.stdout.contains("default 32"))
        let typo = try Self.run(["help", "trian"])
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'train'?"))
        let missingFile = try Self.run(["run"])
        #expect(missingFile.status == 64 && missingFile.stderr.contains("Missing expected argument '<FILE> ...'"))
    }

    /// The README's command reference is what `gradbook help --markdown` prints: the
    /// declarations, not a copy that drifts (regenerate with scripts/update-readme).
    @Test func readmeCommandReferenceIsGenerated() throws {
        let generated = try Self.run(["help", "--markdown"])
        #expect(generated.status == 0)
        let readme = try String(contentsOfFile: packageRoot() + "/README.md", encoding: .utf8)
        let begin = "<!-- commands:begin -->\n"
        let end = "<!-- commands:end -->"
        let section = try #require(readme.components(separatedBy: begin).last?.components(separatedBy: end).first)
        #expect(section == generated.stdout, "README.md's command reference is stale: run scripts/update-readme")
        #expect(generated.stdout.contains("| `epochs=N` | a whole number in 1…100,000 | `1` |"))
    }

    @Test func shellCompletionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try Self.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("gradbook"), "\(shell)")
        }
    }

    /// In a pipe, training prints one line per epoch (no redrawn bar, no partial lines).
    @Test func trainingInAPipePrintsOneLinePerEpoch() throws {
        let result = try Self.run(
            [],
            stdin: "seed 1\ndata moons n=400\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile adam\ntrain epochs=3\n"
        )
        let epochs = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Epoch ") }
        #expect(epochs.count == 3, "\(result.stdout)")
        #expect(epochs.first?.hasPrefix("Epoch 1/3 - 10/10 ") == true, "\(epochs)")
        #expect(!result.stdout.contains("ETA") && !result.stdout.contains("\r"))
        // Each epoch line carries its duration, as Keras' verbose=2: `10/10 - 1ms 95us/step - …`.
        let timed = #/^Epoch 1/3 - 10/10 - [0-9]+(us|ms|s) [0-9]+(us|ms)/step - accuracy: /#
        #expect(epochs.first.map { $0.firstMatch(of: timed) != nil } == true, "\(epochs)")
        // With --plain the times are left out: the same bytes every run.
        let plain = try Self.run(
            ["--plain"],
            stdin: "seed 1\ndata moons n=400\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile adam\ntrain epochs=3\n"
        )
        let again = try Self.run(
            ["--plain"],
            stdin: "seed 1\ndata moons n=400\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile adam\ntrain epochs=3\n"
        )
        #expect(again.stdout == plain.stdout, "--plain output is the same bytes every run (no times)")
        #expect(plain.stdout.contains("Epoch 1/3 - 10/10 - accuracy: "), "\(plain.stdout)")
        // The training header and notes wrap to COLUMNS like every other output.
        let narrow = try Self.run(
            [],
            stdin: "seed 1\ndata moons n=400\nmodel dense 2->8 relu, dense 8->2 softmax\ncompile adam\n"
                + "train epochs=1 validation=0.1\n",
            columns: 50)
        let header = narrow.stdout.split(separator: "\n").filter { $0.hasPrefix("training on") || $0.hasPrefix("  ") }
        #expect(narrow.stdout.contains("training on 288 samples, validating on 32:"), "\(narrow.stdout)")
        #expect(header.allSatisfy { $0.count < 50 }, "\(header)")
    }

    /// A lesson's `run` shows each cell, then what it prints: a training cell's epoch lines come
    /// under its `» train …` line, not before the cells (its outputs go out as each cell runs).
    @Test func lessonCellsPrintInOrderWithTheirTraining() throws {
        let result = try Self.run(["--data", Fixtures.mnistSmall], stdin: "lesson 7\nnext\nnext\nnext\nrun\n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let trainLine = try #require(lines.firstIndex { $0.hasPrefix("» train epochs=10") }, "\(result.stdout)")
        let firstEpoch = try #require(lines.firstIndex { $0.hasPrefix("Epoch 1/10") })
        let check = try #require(lines.firstIndex { $0.hasPrefix("✓") })
        #expect(trainLine < firstEpoch && firstEpoch < check, "\(result.stdout)")
    }

    /// In a pipe prose wraps to COLUMNS (80 by default); `--plain` output is the same whatever
    /// the width, byte for byte.
    @Test func plainOutputIsTheSameAtEveryWidth() throws {
        let script = "help train\nx = 1/0\n"
        let narrow = try Self.run(["--plain"], stdin: script, columns: 40)
        let wide = try Self.run(["--plain"], stdin: script, columns: 200)
        #expect(narrow.stdout == wide.stdout && narrow.stdout.contains("Uses the model, the optimizer and loss from"))
        let wrapped = try Self.run([], stdin: script, columns: 40)
        #expect(
            wrapped.stdout.split(separator: "\n").allSatisfy { $0.count < 40 || !$0.contains(" ") },
            "prose wraps at word boundaries to COLUMNS")
        #expect(wrapped.stdout != narrow.stdout)
    }
}

/// The worker pool is sized by the processors the process may use: pinned to one core with
/// taskset it uses one thread (the pool's spinning workers made a pinned run 3–5× slower
/// than a single-threaded one), and GRADBOOK_THREADS that is not a count is named.
@Suite struct ThreadCountTests {
    @Test func aPinnedProcessUsesOneThreadAndABadRequestIsNamed() throws {
        let taskset = "/usr/bin/taskset"
        guard FileManager.default.isExecutableFile(atPath: taskset) else { return }  // not on macOS
        var environment = ProcessInfo.processInfo.environment
        environment["GRADBOOK_THREADS"] = "lots"
        let pinned = try Subprocess.run(
            [taskset, "-c", "0", ScriptRunnerTests.binary], environment: environment, input: "1 + 1\n",
            timeout: 60)
        #expect(pinned.status == 0, "\(pinned.stderr)")
        #expect(
            pinned.stderr.contains("GRADBOOK_THREADS=lots is not a number of threads 1…256; using 1"),
            "\(pinned.stderr)")
        let free = try Subprocess.run(
            [ScriptRunnerTests.binary], environment: environment, input: "1 + 1\n", timeout: 60)
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #expect(free.stderr.contains("using \(online)") || online > 256, "\(free.stderr)")
    }
}

/// Grading: `gradbook run` tallies each file's checks, and several files end with a table a
/// teacher can read; any failed check, error or unreadable file makes the exit status non-zero.
@Suite struct GradingTests {
    @Test func eachFileIsTalliedAndAFolderGetsATable() throws {
        let passing = try ScriptRunnerTests.script("x = 2\ncheck x == 2\ncheck x + 1 == 3\n")
        let failing = try ScriptRunnerTests.script("x = 2\ncheck x == 3\ny = nope\ncheck x == 2\n")
        let one = try ScriptRunnerTests.run(["run", passing])
        #expect(one.status == 0 && one.stdout.hasSuffix("checks: 2 passed, 0 failed; 0 errors\n"), "\(one.stdout)")
        let folder = try ScriptRunnerTests.run(["run", passing, failing, passing + ".missing"])
        #expect(folder.status == 2, "an unreadable file is the worst status")
        #expect(folder.stdout.contains("checks: 1 passed, 1 failed; 1 error (In [2], In [3])"), "\(folder.stdout)")
        let table = folder.stdout.split(separator: "\n").suffix(4).map(String.init)
        #expect(table.first?.hasSuffix("passed  failed  skipped  errors") == true, "\(table)")
        #expect(table[1].hasPrefix(passing) && table[1].hasSuffix("     2       0        0       0"), "\(table)")
        #expect(table[2].hasPrefix(failing) && table[2].hasSuffix("     1       1        0       1"), "\(table)")
        #expect(table[3].hasSuffix("(could not be read)"), "\(table)")
        let graded = try ScriptRunnerTests.run(["run", passing, failing])
        #expect(graded.status == 1, "a failed check fails the run")
    }

    /// A notebook handed in with its predictions left as `?` passes no check and fails none: the
    /// tally and the table count what was skipped, so it does not look clean.
    @Test func skippedPredictionsAreCounted() throws {
        let blank = try ScriptRunnerTests.script("guess = ?\nx = guess * 2\ncheck guess == 3\ncheck 1 == 1\n")
        let answered = try ScriptRunnerTests.script("guess = 3\nx = guess * 2\ncheck guess == 3\ncheck 1 == 1\n")
        let run = try ScriptRunnerTests.run(["run", blank, answered])
        #expect(
            run.stdout.contains("checks: 1 passed, 0 failed, 2 skipped (predictions left as ?); 0 errors"),
            "\(run.stdout)")
        let table = run.stdout.split(separator: "\n").suffix(2).map(String.init)
        #expect(table[0].hasPrefix(blank) && table[0].hasSuffix("     1       0        2       0"), "\(table)")
        #expect(table[1].hasPrefix(answered) && table[1].hasSuffix("     2       0        0       0"), "\(table)")
    }
}
