import Notebook
import Rendering

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws progress. On a terminal: `Epoch 3/10`, then a Keras-style bar redrawn in place (at
/// most 10 times a second) and fitted to the terminal's width, ended by the epoch's line. In a
/// pipe or a file: one line per epoch with its duration, as Keras' `verbose=2` prints it; with
/// `--plain`, without times, so a run's output is the same byte for byte every time.
final class ProgressDisplay {
    let live: Bool
    private let text = ProgressText()
    private var lastDraw = 0.0
    private var lastDownload = ""
    private var lastEpoch = 0
    /// Which epochs' lines stay on the screen; the others are drawn live and overwritten.
    private var log: LogSchedule?
    /// A live line is drawn and not yet ended by a newline.
    private var lineOpen = false
    /// The open line is a skipped epoch's: the next line replaces it.
    private var skippedOpen = false

    /// Whether notes and headers are wrapped to the width (not with --plain).
    let wraps: Bool
    /// Whether epoch lines in a pipe carry their duration (not with --plain).
    let timed: Bool

    /// Draws `train … watch=`'s pictures.
    let renderer: TextRenderer
    /// The picture kept at the bottom of the terminal while training writes above it.
    private let picture = LivePicture()

    init(live: Bool, wraps: Bool, timed: Bool = true, renderer: TextRenderer = TextRenderer()) {
        self.live = live
        self.wraps = wraps
        self.timed = timed
        self.renderer = renderer
    }

    /// Everything this display writes goes through the live picture, which keeps itself at the
    /// bottom of the screen.
    private func print(_ text: String, terminator: String = "\n") {
        picture.write(text + terminator)
    }

    /// Redraws `train … watch=`'s picture in place, fitted to the terminal: with more rows than
    /// the terminal has, pictures are dropped from the end of a row of them; a single picture
    /// that still does not fit is not drawn live.
    private func watch(_ outputs: [Output]) {
        guard live else { return }
        let rows = Columns.rows ?? 24
        var fitted = renderer
        fitted.width = width
        fitted.rows = max(rows - 4, 10)
        var shown = outputs
        while true {
            let lines = fitted.render(outputs: shown).joined(separator: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.count <= rows - 3 {
                picture.show(lines)
                return
            }
            guard shown.count > 1 else { return }
            shown.removeLast()
        }
    }

    private var width: Int { Columns.current }
    /// Live lines leave two columns free: the terminal echoes `^C` where the cursor is, and on
    /// a full line it would wrap, leaving a stale copy of the line above the next.
    private var liveWidth: Int { max(Columns.current - 2, 10) }
    /// The skipped epoch whose line is drawn: kept whole (wrapped) if it stays on the screen.
    private var skipped: (epoch: Int, logs: [String: Double], seconds: Double, batches: Int, total: Int)?

    /// Prose (the header, notes) wrapped at word boundaries as every other output is.
    private func say(_ text: String) {
        print(wraps ? TextRenderer(width: width).wrap(text) : text)
    }

    /// Redraws the live line; a finished epoch's line may wrap onto more lines, each cleared to
    /// its end.
    private func draw(_ line: String) {
        print("\r" + line.replacingOccurrences(of: "\n", with: "\u{1B}[K\n"), terminator: "\u{1B}[K")
        lineOpen = true
    }

    /// Ends an open live line, so the next output starts on a line of its own.
    private func endLine() {
        if lineOpen { print("") }
        lineOpen = false
    }

    func show(_ progress: LiveProgress) {
        switch progress {
        case .download(let file, let received, let expected):
            let line = text.downloadLine(file: file, received: received, expected: expected)
            if live {
                guard now() - lastDraw > 0.1 || received == expected else { return }
                lastDraw = now()
                draw(String(line.prefix(max(liveWidth - 1, 1))))
            } else if file != lastDownload {
                print("downloading \(file)…")
            }
            lastDownload = file
        case .trainingStarted(let epochs, let first, let batches, let samples, let validation, let fast, let log):
            // Epochs are numbered per model: a second fit of 10 after 10 shows `Epoch 11/20`.
            lastEpoch = first + epochs - 1
            self.log = log
            endLine()
            say(
                text.header(
                    epochs: epochs, batches: batches, samples: samples, validationSamples: validation, fastPath: fast,
                    log: log))
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            guard live else { return }
            // A logged epoch has its `Epoch k/N` line above its bar; another is one live line
            // that the next epoch overwrites.
            let logged = log?.shows(epoch) ?? true
            if batch == 1, logged {
                // A skipped epoch's line is replaced, not kept.
                if skippedOpen { print("\r", terminator: "\u{1B}[K") } else { endLine() }
                lineOpen = false
                skippedOpen = false
                print("Epoch \(epoch)/\(lastEpoch)")
            }
            guard now() - lastDraw > 0.1 else { return }
            lastDraw = now()
            let prefix = logged ? "" : "Epoch \(epoch)/\(lastEpoch) "
            draw(
                prefix
                    + text.batchLine(
                        batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds,
                        width: liveWidth - prefix.count))
        case .epoch(let epoch, let epochs, let logs, let seconds, let batches, let total):
            let logged = log?.shows(epoch) ?? true
            if live, logged {
                // The line that stays: metrics that do not fit wrap onto the next lines.
                draw(text.wrappedEpochLine(logs: logs, seconds: seconds, batches: batches, of: total, width: liveWidth))
                endLine()
            } else if live {
                // A skipped epoch's line is overwritten by the next: one line, fitted (and drawn
                // whole by keepSkipped if it stays).
                let prefix = "Epoch \(epoch)/\(lastEpoch) "
                draw(
                    prefix
                        + text.epochLine(
                            logs: logs, seconds: seconds, batches: batches, of: total, width: liveWidth - prefix.count))
                skippedOpen = true
                skipped = (epoch, logs, seconds, batches, total)
            } else if logged {
                print(
                    "Epoch \(epoch)/\(epochs) - "
                        + text.epochLine(
                            logs: logs, seconds: seconds, batches: batches, of: total, timed: timed, bar: false))
            }
        case .note(let note):
            keepSkipped()
            endLine()
            skippedOpen = false
            say(note)
        case .watch(let outputs):
            watch(outputs)
        case .finished, .outputs:
            // With verbose=0 no epoch line stays.
            if skippedOpen, log?.verbose == 0 {
                print("\r", terminator: "\u{1B}[K")
                lineOpen = false
            } else {
                keepSkipped()
            }
            skippedOpen = false
            endLine()
            picture.release()
        }
        fflush(nil)
    }

    /// A skipped epoch's line that stays on the screen (a note follows it, or the run ends):
    /// redrawn whole, its metrics wrapped, as a logged epoch's is.
    private func keepSkipped() {
        guard skippedOpen, let (epoch, logs, seconds, batches, total) = skipped else { return }
        let prefix = "Epoch \(epoch)/\(lastEpoch) "
        draw(
            prefix
                + text.wrappedEpochLine(
                    logs: logs, seconds: seconds, batches: batches, of: total, width: liveWidth - prefix.count))
        skipped = nil
    }

    private func now() -> Double { LiveProgress.now() }
}
