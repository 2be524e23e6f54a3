import Foundation
import JSON
import Notebook
import Rendering

/// A long command's progress as one Jupyter display, updated in place (update_display_data):
/// the header, "Epoch k/N" and each finished epoch's line, with the live bar under them.
extension Kernel {

    func progress(_ event: LiveProgress) {
        guard let parent = current else { return }
        if case .outputs(let outputs) = event {
            finishDisplay()
            for output in outputs.flatMap(RichRenderer().render) { publish(output, parent: parent) }
            return
        }
        if display == nil {
            if case .finished = event { return }
            display = ("progress-" + UUID().uuidString.lowercased(), [], nil, 0, 0, nil)
            showDisplay(update: false)
        }
        guard var state = display else { return }
        var force = true
        switch event {
        case .trainingStarted(let epochs, let first, let batches, let samples, let validation, let fast, let log):
            state.lastEpoch = first + epochs - 1
            state.log = log
            state.lines.append(
                progressText.header(
                    epochs: epochs, batches: batches, samples: samples, validationSamples: validation, fastPath: fast,
                    log: log))
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            // A logged epoch has its `Epoch k/N` line above its bar; another is one live line
            // that the next epoch replaces.
            let logged = state.log?.shows(epoch) ?? true
            if batch == 1, logged { state.lines.append("Epoch \(epoch)/\(state.lastEpoch)") }
            state.live =
                (logged ? "" : "Epoch \(epoch)/\(state.lastEpoch) ")
                + progressText.batchLine(
                    batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds)
            force = batch == 1
        case .epoch(let epoch, _, let logs, let seconds, let batches, let total):
            let line = progressText.epochLine(logs: logs, seconds: seconds, batches: batches, of: total)
            if state.log?.shows(epoch) ?? true {
                state.live = nil
                state.lines.append(line)
            } else {
                state.live = "Epoch \(epoch)/\(state.lastEpoch) " + line
            }
        case .note(let note): state.lines.append(note)
        case .download(let file, let received, let expected):
            state.live = progressText.downloadLine(file: file, received: received, expected: expected)
            force = received == expected
        case .finished:
            display = state
            finishDisplay()
            return
        case .outputs: return
        }
        display = state
        let now = LiveProgress.now()
        if force || now - state.lastDraw > 0.25 {
            display?.lastDraw = now
            showDisplay(update: true)
        }
    }

    func showDisplay(update: Bool) {
        guard let state = display, let parent = current else { return }
        let text = (state.lines + (state.live.map { [$0] } ?? [])).joined(separator: "\n")
        publish(
            update ? "update_display_data" : "display_data",
            .object([
                ("data", .object([("text/plain", .string(text))])), ("metadata", .object([])),
                ("transient", .object([("display_id", .string(state.id))])),
            ]), parent: parent)
    }

    /// Draws the display's final text and forgets it: the live bar goes; a finished epoch's
    /// line that was not logged stays (the last epoch of a run that stopped early), unless
    /// verbose=0 asked for none, as in the terminal.
    func finishDisplay() {
        guard display != nil else { return }
        if let live = display?.live, live.hasPrefix("Epoch "), display?.log?.verbose != 0 {
            display?.lines.append(live)
        }
        display?.live = nil
        showDisplay(update: true)
        display = nil
    }
}
