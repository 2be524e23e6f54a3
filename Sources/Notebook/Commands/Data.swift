import DataDownload
import Datasets
import Explain
import Foundation
import Limits
import Randomness
import Rendering
import Session

extension Command {
    /// `data …`: load MNIST, CSV or generated data; download MNIST; set the data directory.
    static let data = Command(
        name: "data",
        abstract: "Load data for train: mnist, a CSV file, or a generated set; download MNIST",
        usage:
            "data [mnist [DIR] [n=N] [scale=none] | csv FILE label=COLUMN [--regression] | "
            + "moons|circles|spirals|xor|blobs|sine [n=N] [noise=σ] [classes=K] | download mnist [DIR] [--from URL] "
            + "| dir PATH]",
        examples: [
            "data mnist", "data mnist ../shared/data/mnist", "data moons n=500 noise=0.2",
            "data csv iris.csv label=species",
            "data download mnist", "data dir ~/datasets/mnist", "data",
        ],
        discussion:
            "MNIST's four IDX files may be gzipped or raw, under either usual name. The default directory is "
            + "$GRADBOOK_DATA, --data DIR, or what 'data dir' sets; when none is set and ./data/mnist is missing, "
            + "a checkout's 1,000-image sample (Tests/Fixtures/mnist-small) stands in. Generated sets use the "
            + "session's generator ('seed N' first for reproducible data); they are split 80/20 into train and test.",
        variants: [
            .init(
                ["mnist", "fashion_mnist", "fashion-mnist"],
                options: [
                    .count("n", in: 1...60_000, "train on the first N training images only (the test set stays whole)"),
                    .choice(
                        "scale", ["unit", "none"], default: "unit",
                        "unit: pixels divided by 255 into [0, 1]; none: the raw 0–255 values"),
                ]),
            .init(
                ["csv"],
                options: [
                    .text(
                        "label", "COLUMN", "the column holding the label (a name from the header, or a 0-based index)"),
                    .flag("regression", "the label is a number to predict, not a class"),
                ]),
            .init(Synthetic.names.filter { !Synthetic.takesClasses($0) }, options: Command.synthetic),
            .init(
                Synthetic.names.filter(Synthetic.takesClasses),
                options: Command.synthetic + [.count("classes", in: 2...10, default: "3", "how many classes")]),
            .init(
                ["download"],
                options: [.text("from", "URL", default: MNIST.defaultMirror, "the mirror to download from")]),
            .init(["dir"]),
        ]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let words = invocation.positionals
        guard let kind = words.first else { return Reply([.text(describe(session))]) }
        let n = invocation.options.count("n") ?? 500
        let noise = invocation.options.number("noise")
        let classes = invocation.options.count("classes") ?? 3
        do throws(DatasetError) {
            switch kind {
            case "dir":
                guard words.count == 2 else { throw DatasetError.invalid("data dir needs one PATH") }
                session.paths.dataDirectory = session.expandingHome(words[1])
                session.paths.dataDirectoryIsDefault = false
                return Reply([.text("data directory: \(session.paths.dataDirectory)")])
            case "mnist", "fashion_mnist", "fashion-mnist":
                var directory = words.count > 1 ? session.expandingHome(words[1]) : session.paths.dataDirectory
                var note: Output?
                // A fresh clone without the data: the sample shipped with Gradbook, said so.
                if words == ["mnist"], session.paths.dataDirectoryIsDefault, let sample = session.paths.mnistSample,
                    !FileManager.default.fileExists(atPath: directory)
                {
                    note = .text(
                        "no MNIST in \(session.shownPath(directory)): using the 1,000-image sample shipped with "
                            + "Gradbook ('data download mnist' fetches all 60,000; --data DIR or data dir PATH points "
                            + "elsewhere)"
                    )
                    directory = sample
                }
                var (train, test) = try MNIST.load(from: directory)
                let raw = invocation.options.text("scale") == "none"
                if raw {
                    train = train.readingBytes(at: 1)
                    test = test.readingBytes(at: 1)
                }
                let whole = train.count
                if let n = invocation.options.count("n"), n < train.count {
                    train = train.subset(Array(0..<n))
                }
                session.data.train = train
                session.data.test = test
                session.forgetBatch()
                let side = Int(Double(train.featureWidth).squareRoot())
                let size =
                    side * side == train.featureWidth
                    ? "\(side)×\(side) pixels (flattened to \(train.featureWidth)" : "\(train.featureWidth) pixels ("
                let asked = invocation.options.count("n")
                let training =
                    train.count < whole
                    ? "the first \(Limit.grouped(train.count)) of \(Limit.grouped(whole)) training images"
                    : asked.map { $0 > whole } == true
                        ? "all \(Limit.grouped(whole)) training images (n=\(asked ?? 0) asked for more than there are)"
                        : "\(train.count) training images"
                return Reply(
                    (note.map { [$0] } ?? []) + [
                        .text(
                            "loaded \(session.shownPath(directory)): \(training) and \(test.count) test images of "
                                + "\(size), " + (raw ? "raw values 0–255)" : "scaled to [0, 1])") + ", labels 0…9"
                        )
                    ])
            case "download":
                guard words.count >= 2, words[1] == "mnist" else {
                    throw DatasetError.invalid("data download knows: mnist")
                }
                let directory = words.count > 2 ? session.expandingHome(words[2]) : session.paths.dataDirectory
                let mirror = invocation.options.text("from") ?? MNIST.defaultMirror
                nonisolated(unsafe) let progress = invocation.notebook.progress
                defer { progress?(.finished) }
                let report = try Download.mnist(into: directory, mirror: mirror) { p in
                    progress?(.download(file: p.file, received: p.received, expected: p.expected))
                }
                return Reply([.text(report.joined(separator: "\n") + "\nnow: data mnist \(directory)")])
            case "csv":
                guard words.count >= 2 else { throw DatasetError.invalid("data csv needs a FILE") }
                guard let label = invocation.options.text("label") else {
                    throw DatasetError.invalid("data csv needs label=COLUMN")
                }
                let all = try CSV.load(
                    session.expandingHome(words[1]), label: label, regression: invocation.options.flag("regression"))
                return Reply([.text(split(all, session: session))])
            default:
                guard Synthetic.names.contains(kind) else {
                    let hint =
                        Suggestion.closest(to: kind, among: ["mnist", "csv", "download", "dir"] + Synthetic.names).map {
                            " — did you mean '\($0)'?"
                        } ?? ""
                    throw DatasetError.invalid("no data '\(kind)'\(hint)")
                }
                let all = try Synthetic.make(
                    kind, count: n, noise: noise, classes: classes, generator: &session.generator)
                return Reply([.text(split(all, session: session))])
            }
        } catch {
            throw .file(path: "data", reason: error.description)
        }
    }

    /// A random 80/20 split into the session's train and test sets.
    private static func split(_ all: Dataset, session: Session) -> String {
        var rows = Array(0..<all.count)
        Batching.shuffle(&rows, generator: &session.generator)
        let cut = max(1, all.count * 4 / 5)
        session.forgetBatch()
        session.data.train = all.subset(Array(rows[..<cut]), name: all.name + " train")
        session.data.test = cut < all.count ? all.subset(Array(rows[cut...]), name: all.name + " test") : nil
        let classes =
            all.classCount.map {
                "\($0) classes" + (all.classNames.map { ": " + $0.prefix(10).joined(separator: ", ") } ?? "")
            } ?? "real-valued targets"
        return
            "\(all.name): \(all.count) samples of \(all.featureWidth) features, \(classes); \(cut) for training, "
            + "\(all.count - cut) for testing"
    }

    private static func describe(_ session: Session) -> String {
        var lines = ["data directory: \(session.paths.dataDirectory)"]
        lines.append(
            "training data: "
                + (session.data.train.map { "\($0.name), \($0.count) samples of \($0.featureWidth) features" }
                    ?? "none (data mnist, data moons, data csv FILE label=…)"))
        lines.append("test data: " + (session.data.test.map { "\($0.name), \($0.count) samples" } ?? "none"))
        return lines.joined(separator: "\n")
    }

}

extension Command {
    /// The options of every generated data set.
    static let synthetic: [CommandOption] = [
        .count("n", in: 1...1_000_000, default: "500", "how many samples"),
        .number("noise", in: 0...1e6, "the standard deviation of the noise (each set has its own default)"),
    ]
}
