import Foundation
import TestSupport
import Testing

/// Ctrl-C (SIGINT) to a gradbook process in the middle of `train`: training stops after the
/// current batch, the cell ends with KeyboardInterrupt, the next line of the script still runs
/// with the history so far (the stopped epoch marked partial), and the exit status says a cell
/// failed.
@Suite struct TrainingInterruptTests {
    @Test func sigintStopsTrainingCleanly() throws {
        let script = NSTemporaryDirectory() + "gradbook-interrupt-\(UUID().uuidString).gb"
        try """
        seed 1
        data mnist \(Fixtures.mnistSmall)
        model dense 784->64 relu, dense 64->10 softmax
        compile adam lr=0.001
        train epochs=100000 batch=1
        history
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let child = try Subprocess([ScriptRunnerTests.binary, "run", script], captureErrors: false)
        // Wait until training is under way (in a pipe: one line per epoch), then press Ctrl-C.
        let started = child.read(timeout: 300) { $0.contains("Epoch 1/100000 - 1000/1000") }
        #expect(started.contains("Epoch 1/100000"), "training never started: \(started)")
        child.kill(SIGINT)
        // After Ctrl-C only the current batch and the `history` line remain.
        let result = child.finish(timeout: 120)
        // Prose is wrapped to 80 columns in a pipe: read it as one line.
        let text = result.stdout.split(separator: "\n").joined(separator: " ")
        #expect(!result.timedOut, "still running 120 s after Ctrl-C: \(text)")
        #expect(result.status == 1, "\(text)")
        #expect(text.contains("KeyboardInterrupt: the cell was stopped by Ctrl-C"))
        #expect(text.contains("was stopped by Ctrl-C after"), "the partial epoch is marked")
        #expect(text.contains("Warning: stopped by Ctrl-C after batch"))
        #expect(text.contains("the model and the history so far are kept"))
        #expect(text.contains("In [6]: history"))
        #expect(text.contains("epoch") && text.contains("accuracy"))
        #expect(!text.contains("trained 100000 epochs"), "training should stop long before its end")
    }
}
