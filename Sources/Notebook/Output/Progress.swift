import Explain
import Kernels
import NeuralNet

/// Live progress of a long command, for a front end to draw (front ends need no module but
/// this one).
public enum Progress {
    /// Training begins: epochs, batches per epoch, samples, validation samples, and whether
    /// the fast compiled path runs.
    case trainingStarted(epochs: Int, batches: Int, samples: Int, validationSamples: Int, fastPath: Bool)
    /// After each batch: running means over the epoch so far.
    case batch(epoch: Int, batch: Int, batches: Int, loss: Double, accuracy: Double?, seconds: Double)
    /// After each epoch, with its metrics (`loss`, `val_accuracy`, `lr`, …).
    case epoch(epoch: Int, epochs: Int, logs: [String: Double], seconds: Double, batches: Int)
    /// A line to print as it is (a callback's decision, a warning).
    case note(String)
    /// A download: file, bytes received, bytes expected.
    case download(file: String, received: Int64, expected: Int64?)

    init(_ event: TrainingEvent) {
        switch event {
        case .started(let epochs, let batches, let samples, let validation, let fast):
            self = .trainingStarted(
                epochs: epochs, batches: batches, samples: samples, validationSamples: validation, fastPath: fast)
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            self = .batch(
                epoch: epoch, batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds)
        case .epoch(let epoch, let epochs, let logs, let seconds, let batches):
            self = .epoch(epoch: epoch, epochs: epochs, logs: logs, seconds: seconds, batches: batches)
        case .note(let note):
            self = .note(note)
        }
    }

    /// Seconds on a monotonic clock, for front ends that throttle redraws.
    public static func now() -> Double { monotonicSeconds() }
}

/// Keras-style progress text: `Epoch 1/10`, then
/// `469/469 ━━━━━━━━━━━━━━━━━━━━ 1s 2ms/step - accuracy: 0.9712 - loss: 0.0934`.
public struct ProgressText: Sendable {
    public init() {}

    public func bar(done: Int, total: Int, width: Int = 20) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        return String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
    }

    /// The line that a terminal redraws after each batch.
    public func batchLine(batch: Int, batches: Int, loss: Double, accuracy: Double?, seconds: Double) -> String {
        let counter = String(repeating: " ", count: String(batches).count - String(batch).count) + "\(batch)/\(batches)"
        let remaining = batch > 0 ? seconds / Double(batch) * Double(batches - batch) : 0
        var text =
            "\(counter) \(bar(done: batch, total: batches)) "
            + "\(batch < batches ? "ETA \(duration(remaining))" : duration(seconds))"
        if let accuracy { text += " - accuracy: \(fixed4(accuracy))" }
        text += " - loss: \(fixed4(loss))"
        return text
    }

    /// The final line of an epoch, with the validation metrics.
    public func epochLine(logs: [String: Double], seconds: Double, batches: Int) -> String {
        var text =
            "\(batches)/\(batches) \(bar(done: 1, total: 1)) \(duration(seconds)) "
            + "\(perStep(seconds / Double(max(batches, 1))))/step"
        for key in ["accuracy", "loss", "val_accuracy", "val_loss"] {
            if let value = logs[key] { text += " - \(key): \(fixed4(value))" }
        }
        if let lr = logs["lr"] { text += " - lr: \(NumberFormat.short(lr, digits: 4))" }
        return text
    }

    /// Time per step as Keras prints it: `2ms`, or `424us` below a millisecond.
    func perStep(_ seconds: Double) -> String {
        seconds < 0.001 ? "\(Int((seconds * 1_000_000).rounded()))us" : "\(Int((seconds * 1000).rounded()))ms"
    }

    func duration(_ seconds: Double) -> String {
        seconds < 1
            ? "\(Int((seconds * 1000).rounded()))ms"
            : (seconds < 60 ? "\(Int(seconds.rounded()))s" : "\(Int(seconds) / 60)m\(Int(seconds) % 60)s")
    }

    func fixed4(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let scaled = (x * 10000).rounded() / 10000
        var text = "\(scaled)"
        let decimals = text.split(separator: ".").last?.count ?? 0
        if decimals < 4 { text += String(repeating: "0", count: 4 - decimals) }
        return text
    }
}
