import Foundation
import TestSupport
import Testing

/// `--max-memory` (and GRADBOOK_MAX_MEMORY), the limit a teacher sets per kernel: what would take
/// the session past it is refused with its size and what is in use, and the session goes on.
@Suite struct MemoryLimitTests {
    /// Training asks for its batch's working memory before it starts (a batch of the whole set
    /// through a wide layer took 12.9 GB under a 100M limit).
    @Test func trainingAsksForItsBatch() throws {
        let script =
            "data spirals n=20000\nmodel dense 2->2048 relu, dense 2048->3 softmax\ncompile sgd\n"
            + "train epochs=1 batch=20000\ntrain epochs=1 batch=100\n"
        let limited = try ScriptRunnerTests.run(["--plain", "--max-memory", "128M"], stdin: script)
        #expect(
            limited.stdout.contains("Error: train: training in batches of 16000 needs "), "\(limited.stdout)")
        #expect(limited.stdout.contains("a smaller batch needs less"))
        #expect(limited.stdout.contains("trained 1 epoch of 16000 samples, batch 100"), "\(limited.stdout)")
    }

    @Test func aRequestPastTheLimitIsRefusedAndTheSessionGoesOn() throws {
        let script = "x = randn(1000, 1000)\nbig = randn(5000, 5000)\nx.shape\nsmall = randn(100, 100)\nsmall.shape\n"
        let limited = try ScriptRunnerTests.run(["--plain", "--max-memory", "96M"], stdin: script)
        #expect(limited.status == 1, "\(limited.stdout)")
        #expect(
            limited.stdout.contains("Error: randn: shape [5000, 5000] needs 95.3 MB; "), "\(limited.stdout)")
        #expect(limited.stdout.contains("of this session's 96 MB are in use"))
        #expect(limited.stdout.contains("Out[3]: (1000, 1000)") && limited.stdout.contains("Out[5]: (100, 100)"))
        // The same script without a limit: the tensor is made (so the limit is what refused it).
        let free = try ScriptRunnerTests.run(["--plain"], stdin: script)
        #expect(free.status == 0 && !free.stdout.contains("Error"), "\(free.stdout)")
        // From the environment, as a hub's spawner sets it.
        var environment = ProcessInfo.processInfo.environment
        environment["GRADBOOK_MAX_MEMORY"] = "96M"
        let fromEnvironment = try Subprocess.run(
            [ScriptRunnerTests.binary, "--plain"], environment: environment, input: script, timeout: 120)
        #expect(fromEnvironment.stdout.contains("needs 95.3 MB"), "\(fromEnvironment.stdout)")
    }

    @Test func aLimitThatIsNoSizeOrTooSmallIsNamed() throws {
        let word = try ScriptRunnerTests.run(["--max-memory", "lots"], stdin: "1\n")
        #expect(word.status != 0 && word.stderr.contains("--max-memory lots: give a size such as 512M"))
        let tiny = try ScriptRunnerTests.run(["--max-memory", "10M"], stdin: "1\n")
        #expect(tiny.status != 0 && tiny.stderr.contains("--max-memory 10M is less than a session needs to start"))
        let install = try ScriptRunnerTests.run(
            [
                "kernel", "install", "--prefix", NSTemporaryDirectory() + "gradbook-tiny-\(UUID())", "--max-memory",
                "10M",
            ])
        #expect(install.status != 0, "no kernelspec whose every kernel would run unlimited")
        // From the environment (a spawner's setting, no command line to refuse): named, ignored.
        var environment = ProcessInfo.processInfo.environment
        environment["GRADBOOK_MAX_MEMORY"] = "10M"
        let ignored = try Subprocess.run(
            [ScriptRunnerTests.binary], environment: environment, input: "randn(5000, 5000).shape\n", timeout: 60)
        #expect(ignored.stderr.contains("GRADBOOK_MAX_MEMORY=10M: 10 MB is less than a session needs to start"))
        #expect(ignored.stdout.contains("(5000, 5000)"), "ignored, with the reason: no limit")
    }
}
