import Explain
import NeuralNet

/// Live progress of a long command, for a front end to draw (front ends need no module but
/// this one).
public enum LiveProgress {
    /// Training begins: epochs, batches per epoch, samples, validation samples, whether the
    /// fast compiled path runs, and which epochs' lines stay printed (the others are drawn
    /// live and overwritten).
    case trainingStarted(
        epochs: Int, firstEpoch: Int, batches: Int, samples: Int, validationSamples: Int, fastPath: Bool,
        log: LogSchedule)
    /// After each batch: running means over the epoch so far.
    case batch(epoch: Int, batch: Int, batches: Int, loss: Double, accuracy: Double?, seconds: Double)
    /// After each epoch, with its metrics (`loss`, `val_accuracy`, `lr`, …).
    case epoch(epoch: Int, epochs: Int, logs: [String: Double], seconds: Double, batches: Int, of: Int)
    /// A line to print as it is (a callback's decision, a warning).
    case note(String)
    /// The long command is over: a live line still open is ended, so what follows (an error,
    /// the cell's outputs) starts on a line of its own.
    case finished
    /// Outputs of a command that are ready before it ends (a lesson's `run`: each cell's
    /// echo and results, so training progress appears under the cell that trains).
    case outputs([Output])
    /// A picture that changes while the command runs (`train … watch=boundary`): the front end
    /// shows one, replaced in place by each new one.
    case watch([Output])
    /// A download: file, bytes received, bytes expected.
    case download(file: String, received: Int64, expected: Int64?)

    /// - Parameter showsRate: whether epoch lines carry `lr` (a run whose rate can change).
    package init(_ event: TrainingEvent, verbose: Int = 1, showsRate: Bool = true) {
        switch event {
        case .started(let epochs, let first, let batches, let samples, let validation, let fast):
            self = .trainingStarted(
                epochs: epochs, firstEpoch: first, batches: batches, samples: samples, validationSamples: validation,
                fastPath: fast, log: .epochs(first: first, count: epochs, verbose: verbose))
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            self = .batch(
                epoch: epoch, batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds)
        case .epoch(let epoch, let epochs, var logs, let seconds, let batches, let total):
            if !showsRate { logs["lr"] = nil }
            self = .epoch(epoch: epoch, epochs: epochs, logs: logs, seconds: seconds, batches: batches, of: total)
        case .note(let note):
            self = .note(note)
        }
    }

    /// Seconds on a monotonic clock, for front ends that throttle redraws.
    public static func now() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
    private static let origin = ContinuousClock.now
}

/// Keras-style progress text: `Epoch 1/10`, then
/// `469/469 ━━━━━━━━━━━━━━━━━━━━ 1s 2ms/step - accuracy: 0.9712 - loss: 0.0934`.
public struct ProgressText: Sendable {
    public init() {}

    /// The line a training run starts with: `training on 54000 samples, validating on 6000:
    /// 10 epochs of 422 batches`, and which epochs are shown when not all are.
    public func header(
        epochs: Int, batches: Int, samples: Int, validationSamples: Int, fastPath: Bool, log: LogSchedule? = nil
    ) -> String {
        "training on \(samples) samples" + (validationSamples > 0 ? ", validating on \(validationSamples)" : "")
            + ": \(epochs) epoch\(epochs == 1 ? "" : "s") of \(batches) batches"
            + (fastPath ? "" : " (graph engine: this model has no fast form)")
            + (log?.omission("epoch").map { " (\($0))" } ?? "")
    }

    /// `downloading train-images-idx3-ubyte.gz: 4096 KiB 42%`.
    public func downloadLine(file: String, received: Int64, expected: Int64?) -> String {
        let percent = expected.map { " \(received * 100 / max($0, 1))%" } ?? ""
        return "downloading \(file): \(received / 1024) KiB\(percent)"
    }

    public func bar(done: Int, total: Int, width: Int = 20) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        return String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
    }

    /// The line that a terminal redraws after each batch, fitted to `width` columns.
    public func batchLine(
        batch: Int, batches: Int, loss: Double, accuracy: Double?, seconds: Double, width: Int? = nil
    ) -> String {
        let counter = String(repeating: " ", count: String(batches).count - String(batch).count) + "\(batch)/\(batches)"
        let remaining = batch > 0 ? seconds / Double(batch) * Double(batches - batch) : 0
        let time = batch < batches ? "ETA \(duration(remaining))" : duration(seconds)
        var metrics: [String] = []
        if let accuracy { metrics.append("accuracy: \(fixed4(accuracy))") }
        metrics.append("loss: \(fixed4(loss))")
        return fit(counter: counter, done: batch, total: batches, time: time, metrics: metrics, width: width)
    }

    /// The final line of an epoch with the validation metrics: `batches` done of `total`
    /// (fewer after Ctrl-C), fitted to `width` columns.
    /// Without `timed` (a pipe, `--plain`) the times are left out, so that the same run prints
    /// the same bytes every time. Without `bar`, the line Keras' `verbose=2` prints: `32/32 -
    /// 342ms 11ms/step - accuracy: 0.1090 - loss: 2.5074`.
    public func epochLine(
        logs: [String: Double], seconds: Double, batches: Int, of total: Int? = nil, width: Int? = nil,
        timed: Bool = true, bar: Bool = true
    ) -> String {
        let total = total ?? batches
        let time = timed ? "\(duration(seconds)) \(perStep(seconds / Double(max(batches, 1))))/step" : ""
        let metrics = epochMetrics(logs)
        guard bar else {
            return (["\(batches)/\(total)"] + (time.isEmpty ? [] : [time]) + metrics).joined(separator: " - ")
        }
        return fit(
            counter: "\(batches)/\(total)", done: batches, total: total, time: time, metrics: metrics, width: width)
    }

    /// An epoch's finished line that stays on the screen, wrapped to `width` columns: metrics
    /// that do not fit continue on the lines below (`  - val_loss: 0.4120`), none dropped, as
    /// Keras drops none; the bar shrinks (to 5), then the time goes, only when the counter, the
    /// bar, the time and one metric do not fit on a line.
    public func wrappedEpochLine(
        logs: [String: Double], seconds: Double, batches: Int, of total: Int? = nil, width: Int
    ) -> String {
        let total = total ?? batches
        let time = "\(duration(seconds)) \(perStep(seconds / Double(max(batches, 1))))/step"
        let metrics = epochMetrics(logs)
        func head(_ bar: Int, _ timed: Bool) -> String {
            "\(batches)/\(total)" + (bar > 0 ? " " + self.bar(done: batches, total: total, width: bar) : "")
                + (timed ? " " + time : "")
        }
        let first = metrics.first.map { " - " + $0 } ?? ""
        var (bar, timed) = (20, true)
        while bar > 5, (head(bar, timed) + first).count >= width { bar -= 1 }
        if (head(bar, timed) + first).count >= width { timed = false }
        if (head(bar, timed) + first).count >= width { bar = 0 }
        var lines = [head(bar, timed)]
        for metric in metrics {
            let joined = lines[lines.count - 1] + " - " + metric
            if joined.count < width {
                lines[lines.count - 1] = joined
            } else {
                lines.append("  - " + metric)
            }
        }
        return lines.map { String($0.prefix(max(width - 1, 1))) }.joined(separator: "\n")
    }

    /// The metrics of an epoch's line, in Keras' order, and the learning rate.
    private func epochMetrics(_ logs: [String: Double]) -> [String] {
        var metrics = ["accuracy", "loss", "val_accuracy", "val_loss"].compactMap { key in
            logs[key].map { "\(key): \(fixed4($0))" }
        }
        if let lr = logs["lr"] { metrics.append("lr: \(NumberFormat.short(lr, digits: 4))") }
        return metrics
    }

    /// `counter bar time - metric - metric`, fitted to be shorter than `width`: metrics are
    /// dropped from the right down to the first two (accuracy and loss), then the bar shrinks
    /// (to 5), then the time goes, then the bar, then those two metrics.
    package func fit(counter: String, done: Int, total: Int, time: String, metrics: [String], width: Int?) -> String {
        func line(_ bar: Int, _ shown: Int, _ timed: Bool) -> String {
            let head = counter + (bar > 0 ? " " + self.bar(done: done, total: total, width: bar) : "")
            let timing = timed && !time.isEmpty ? " " + time : ""
            return ([head + timing] + metrics.prefix(shown)).joined(separator: " - ")
        }
        guard let width else { return line(20, metrics.count, true) }
        var shown = metrics.count
        var bar = 20
        var timed = true
        while shown > 2, line(bar, shown, timed).count >= width { shown -= 1 }
        while bar > 5, line(bar, shown, timed).count >= width { bar -= 1 }
        if line(bar, shown, timed).count >= width { timed = false }
        if line(bar, shown, timed).count >= width { bar = 0 }
        while shown > 0, line(bar, shown, timed).count >= width { shown -= 1 }
        return String(line(bar, shown, timed).prefix(max(width - 1, 1)))
    }

    /// Time per step as Keras prints it: `2ms`, or `424us` below a millisecond.
    package func perStep(_ seconds: Double) -> String {
        seconds < 0.001 ? "\(Int((seconds * 1_000_000).rounded()))us" : "\(Int((seconds * 1000).rounded()))ms"
    }

    package func duration(_ seconds: Double) -> String {
        seconds < 0.001
            ? perStep(seconds)
            : seconds < 1
                ? "\(Int((seconds * 1000).rounded()))ms"
                : (seconds < 60 ? "\(Int(seconds.rounded()))s" : "\(Int(seconds) / 60)m\(Int(seconds) % 60)s")
    }

    /// Four decimals, as Keras prints metrics (4 significant digits from a million on).
    package func fixed4(_ x: Double) -> String { NumberFormat.fixed(x, decimals: 4) }
}
