import Foundation
import JSON
import Notebook
import Rendering

/// A long command's progress as stdout stream text, as Keras writes its bar in a notebook: the
/// header, `Epoch k/N` and each finished epoch's line are sent once, each ending its line; the
/// live bar is redrawn after a carriage return (at most four times a second). Every front end
/// shows a stream — JupyterLab, Notebook and VS Code overwrite the line at `\r`, `jupyter
/// console` writes it to its terminal, nbconvert and papermill keep the text — and each update
/// is one line, so a long run sends what it shows, not the whole display again each time.
extension Kernel {

    func progress(_ event: LiveProgress) {
        guard let parent = current else { return }
        switch event {
        case .outputs(let outputs):
            endLive()
            guard !silent else { return }
            publishOutputs(outputs, request: parent)
        case .trainingStarted(let epochs, let first, let batches, let samples, let validation, let fast, let log):
            endLive()
            progressState = ProgressState(lastEpoch: first + epochs - 1, log: log)
            write(
                progressText.header(
                    epochs: epochs, batches: batches, samples: samples, validationSamples: validation, fastPath: fast,
                    log: log) + "\n")
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            // A logged epoch has its `Epoch k/N` line above its bar; another is one live line
            // that the next epoch overwrites.
            let last = progressState.lastEpoch
            let logged = progressState.log?.shows(epoch) ?? true
            if batch == 1, logged {
                if progressState.liveIsEpoch { eraseLive() } else { endLive() }
                write("Epoch \(epoch)/\(last)\n")
            }
            draw(
                (logged ? "" : "Epoch \(epoch)/\(last) ")
                    + progressText.batchLine(
                        batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds),
                force: batch == 1)
        case .epoch(let epoch, _, let logs, let seconds, let batches, let total):
            let line = progressText.epochLine(logs: logs, seconds: seconds, batches: batches, of: total)
            if progressState.log?.shows(epoch) ?? true {
                draw(line, force: true)
                endLive()
            } else {
                draw("Epoch \(epoch)/\(progressState.lastEpoch) " + line, force: true)
                progressState.liveIsEpoch = true
            }
        case .note(let note):
            endLive()
            write(note + "\n")
        case .download(let file, let received, let expected):
            draw(
                progressText.downloadLine(file: file, received: received, expected: expected),
                force: received == expected)
        case .watch(let picture):
            watch(picture, parent: parent)
        case .finished:
            // A skipped epoch's line stays (the last epoch of a run that stopped early), unless
            // verbose=0 asked for none, as in the terminal.
            if progressState.liveIsEpoch, progressState.log?.verbose == 0 { eraseLive() } else { endLive() }
        }
    }

    /// A picture redrawn while training: one display, sent the first time with a display_id
    /// and replaced by update_display_data after that (JupyterLab, Notebook and VS Code redraw
    /// it in place; a saved notebook keeps the last).
    private func watch(_ picture: [Output], parent: Message) {
        guard !silent else { return }
        let displays = RichRenderer().render(outputs: picture).compactMap { output -> [(mime: String, data: JSON)]? in
            if case .display(let bundle) = output { bundle } else { nil }
        }
        guard let bundle = displays.first else { return }
        let first = progressState.watchID == nil
        let id = progressState.watchID ?? UUID().uuidString
        progressState.watchID = id
        // The live line ends first, so the picture does not land in the middle of a bar.
        if first { endLive() }
        publish(
            first ? "display_data" : "update_display_data",
            .object([
                ("data", RichOutput.bundle(bundle)), ("metadata", .object([])),
                ("transient", .object([("display_id", .string(id))])),
            ]), parent: parent)
    }

    /// Redraws the live line after `\r`, padded over a longer line before it (a terminal keeps
    /// what is not overwritten); between forced draws, at most every 0.25 s.
    private func draw(_ line: String, force: Bool) {
        let now = LiveProgress.now()
        guard force || now - progressState.lastDraw > 0.25 else {
            progressState.pending = line
            return
        }
        progressState.lastDraw = now
        progressState.pending = nil
        let padding = String(repeating: " ", count: max(0, progressState.liveWidth - line.count))
        write("\r" + line + padding)
        progressState.liveWidth = line.count
        progressState.liveIsEpoch = false
    }

    /// Ends the live line (its last state drawn), so what follows starts on a line of its own.
    private func endLive() {
        if let pending = progressState.pending { draw(pending, force: true) }
        if progressState.liveWidth > 0 { write("\n") }
        progressState.liveWidth = 0
        progressState.liveIsEpoch = false
    }

    /// Blanks the live line, for the line that replaces it.
    private func eraseLive() {
        progressState.pending = nil
        if progressState.liveWidth > 0 { write("\r" + String(repeating: " ", count: progressState.liveWidth) + "\r") }
        progressState.liveWidth = 0
        progressState.liveIsEpoch = false
    }

    private func write(_ text: String) {
        guard let parent = current, !silent else { return }
        publish(.stream(name: "stdout", text: text), parent: parent)
    }
}

/// What the stream's live line holds.
struct ProgressState {
    var lastEpoch = 0
    var log: LogSchedule?
    /// The characters of the live line drawn (0: no line open).
    var liveWidth = 0
    /// The live line is a skipped epoch's finished line (the next `Epoch k/N` replaces it).
    var liveIsEpoch = false
    var lastDraw = 0.0
    /// A draw held back by the rate limit, drawn before the line ends.
    var pending: String?
    /// The display of `train … watch=`'s picture, once sent.
    var watchID: String?
}
