import Testing

@testable import Notebook

/// The Keras-style progress text.
@Suite struct ProgressTextTests {
    @Test func timesReadLikeKeras() {
        let progress = ProgressText()
        #expect(progress.perStep(0.0021) == "2ms")
        #expect(progress.perStep(0.000424) == "424us")
        #expect(progress.duration(0.613) == "613ms")
        #expect(progress.duration(12.4) == "12s")
        #expect(progress.duration(75) == "1m15s")
        let line = progress.epochLine(logs: ["accuracy": 0.97123, "loss": 0.0934], seconds: 0.2, batches: 469)
        #expect(line == "469/469 ━━━━━━━━━━━━━━━━━━━━ 200ms 426us/step - accuracy: 0.9712 - loss: 0.0934")
    }
}
