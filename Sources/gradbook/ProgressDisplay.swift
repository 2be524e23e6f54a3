import Notebook

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws progress: on a terminal a Keras-style bar redrawn in place (at most 10 times a
/// second); elsewhere plain lines, one per epoch and one per quarter of an epoch.
final class ProgressDisplay {
    let live: Bool
    private let text = ProgressText()
    private var lastDraw = 0.0
    private var lastDownload = ""

    init(live: Bool) { self.live = live }

    func show(_ progress: Progress) {
        switch progress {
        case .download(let file, let received, let expected):
            let percent = expected.map { " \(received * 100 / max($0, 1))%" } ?? ""
            let line = "downloading \(file): \(received / 1024) KiB\(percent)"
            if live {
                guard now() - lastDraw > 0.1 || received == expected else { return }
                lastDraw = now()
                print("\r" + line, terminator: "\u{1B}[K")
            } else if file != lastDownload {
                print("downloading \(file)…")
            }
            lastDownload = file
        case .trainingStarted(let epochs, let batches, let samples, let validation, let fast):
            print(
                "training on \(samples) samples" + (validation > 0 ? ", validating on \(validation)" : "")
                    + ": \(epochs) epoch\(epochs == 1 ? "" : "s") of \(batches) batches"
                    + (fast ? "" : " (graph engine: this model has no fast form)"))
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            if batch == 1 { print("Epoch \(epoch)") }
            if live {
                guard now() - lastDraw > 0.1 else { return }
                lastDraw = now()
                print(
                    "\r"
                        + text.batchLine(
                            batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds),
                    terminator: "\u{1B}[K")
            } else if batches >= 8, batch % max(1, batches / 4) == 0, batch < batches {
                print(text.batchLine(batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds))
            }
        case .epoch(_, _, let logs, let seconds, let batches):
            print(
                (live ? "\r" : "") + text.epochLine(logs: logs, seconds: seconds, batches: batches)
                    + (live ? "\u{1B}[K" : ""))
        case .note(let note):
            print(note)
        }
        fflush(nil)
    }

    private func now() -> Double { Progress.now() }
}
