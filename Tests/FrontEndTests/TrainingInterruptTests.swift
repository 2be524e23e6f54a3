import Foundation
import Testing
import TestSupport

/// Ctrl-C (SIGINT) to a gradbook process in the middle of `train`: training stops after the
/// current batch, the next line of the script still runs with the history so far, exit 0.
@Suite struct TrainingInterruptTests {
    @Test func sigintStopsTrainingCleanly() throws {
        let script = NSTemporaryDirectory() + "gradbook-interrupt-\(UUID().uuidString).gb"
        try """
            seed 1
            data mnist \(packageRoot())/../shared/data/mnist
            model dense 784->64 relu, dense 64->10 softmax
            compile adam lr=0.001
            train epochs=50 batch=32
            history
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ScriptRunnerTests.binary)
        process.arguments = ["run", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Never leave a 50-epoch training behind, whatever happens in this test.
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var text = ""
        // Wait until training has started (a batch progress line), then press Ctrl-C.
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("ETA"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("Warning: stopped by Ctrl-C after batch"))
        #expect(text.contains("the model and the history so far are kept"))
        #expect(text.contains("In [6]: history"))
        #expect(text.contains("epoch") && text.contains("accuracy"))
        #expect(!text.contains("Epoch 2"), "training should stop during epoch 1")
    }
}
