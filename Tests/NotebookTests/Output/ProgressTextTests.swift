import Explain
import Rendering
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

    /// Fitted to the terminal as Keras fits it: metrics dropped from the right, then the bar
    /// shrinks; never as wide as the terminal (a full line would wrap).
    @Test(arguments: [40, 50, 80, 120])
    func linesFitTheWidth(_ width: Int) {
        let progress = ProgressText()
        let logs = ["accuracy": 0.97123, "loss": 0.0934, "val_accuracy": 0.9688, "val_loss": 0.1012, "lr": 0.001]
        let epoch = progress.epochLine(logs: logs, seconds: 0.2, batches: 288, of: 422, width: width)
        let batch = progress.batchLine(batch: 12, batches: 422, loss: 0.5, accuracy: 0.8, seconds: 0.1, width: width)
        #expect(epoch.count < width && batch.count < width, "\(epoch) | \(batch)")
        #expect(epoch.hasPrefix("288/422 "), "Ctrl-C after 288 of 422 batches shows 288/422")
        if width >= 120 { #expect(epoch.contains("val_accuracy: 0.9688")) }
        if width >= 50 {
            #expect(
                epoch.contains("loss: 0.0934") && batch.contains("loss: 0.5000"), "the bar shrinks before loss goes")
        }
        let order = ["accuracy:", "loss:", "val_accuracy:", "val_loss:", "lr:"].filter { epoch.contains($0) }
        #expect(
            order == Array(["accuracy:", "loss:", "val_accuracy:", "val_loss:", "lr:"].prefix(order.count)),
            "metrics are dropped from the right")
    }

    /// A diverging run's loss reads `3.307e+28`, not 29 digits; without times (a pipe) the
    /// same epoch prints the same bytes however long it took.
    /// The line an epoch leaves on the screen wraps instead: every metric is there (at 80
    /// columns val_loss and val_accuracy were dropped), every line shorter than the width, and
    /// at 120 columns it is the one line.
    @Test(arguments: [30, 40, 50, 80, 140])
    func finishedEpochsWrapTheirMetrics(_ width: Int) {
        let progress = ProgressText()
        let logs = ["accuracy": 0.97123, "loss": 0.0934, "val_accuracy": 0.9688, "val_loss": 0.1012, "lr": 0.001]
        let text = progress.wrappedEpochLine(logs: logs, seconds: 0.2, batches: 422, width: width)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < width }, "\(text)")
        for metric in ["accuracy: 0.9712", "loss: 0.0934", "val_accuracy: 0.9688", "val_loss: 0.1012", "lr: 0.001"] {
            #expect(text.contains(metric), "\(metric) at \(width): \(text)")
        }
        #expect(lines[0].hasPrefix("422/422 "))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  - ") })
        #expect((lines.count == 1) == (width >= 140), "\(text)")
        let fitted = progress.epochLine(logs: logs, seconds: 0.2, batches: 422, width: 80)
        #expect(!fitted.contains("val_loss"), "the one-line form (a live line) does drop: the wrap is what keeps it")
    }

    @Test func hugeLossesAndUntimedLines() {
        let progress = ProgressText()
        #expect(progress.fixed4(3.306733843726856e+28) == "3.307e+28")
        #expect(progress.fixed4(0.99825) == NumberFormat.fixed(0.99825, decimals: 4), "the bar and history agree")
        let logs = ["accuracy": 0.5, "loss": 0.7]
        let slow = progress.epochLine(logs: logs, seconds: 3.2, batches: 10, timed: false)
        let fast = progress.epochLine(logs: logs, seconds: 0.01, batches: 10, timed: false)
        #expect(slow == fast && !slow.contains("ms") && slow.contains("loss: 0.7000"), "\(slow)")
    }

    /// Five-digit batch counts at 50 columns: the bar goes before the loss does.
    @Test func longCountersKeepTheLoss() {
        let progress = ProgressText()
        let line = progress.epochLine(
            logs: ["accuracy": 0.9991, "loss": 0.0028], seconds: 9, batches: 25000, width: 50)
        #expect(line.contains("loss: 0.0028") && line.count < 50, "\(line)")
    }
}
