import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `plot loss` / `plot accuracy`: the training history.
    static let plot = Command(
        name: "plot",
        abstract:
            "Plot the training history per epoch: loss or accuracy (training and validation), each layer's gradient "
            + "norm, or its share of dead ReLU units; or what each layer outputs now (activations)",
        usage: "plot loss|accuracy|gradients|dead|activations [runs=A,B,…] [--svg FILE]",
        examples: ["plot loss", "plot accuracy --svg accuracy.svg", "plot val_loss runs=small,large"],
        discussion:
            "Each new model is a new run (run1, run2, … or train … name=NAME); runs=A,B plots the metric of each "
            + "named run side by side ('history runs' lists them). 'plot activations' runs the first 1,000 training "
            + "samples through the model and draws the distribution of each layer's outputs, with a table of their "
            + "mean, spread, share at exactly 0 (ReLUs that are off) and share saturated (sigmoid below 0.01 or "
            + "above 0.99, |tanh| above 0.99: where the gradient through the unit nearly vanishes).",
        options: [.svg, .text("runs", "A,B,…", "the runs to compare (default: the current one)")],
        variants: [
            .init(["loss"]), .init(["accuracy"]), .init(["val_loss"]), .init(["val_accuracy"]), .init(["gradients"]),
            .init(["dead"]), .init(["activations"]),
        ],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let metric = invocation.positionals.first ?? "loss"
        if metric == "activations" { return try activations(invocation) }
        var series: [Plot.Series] = []
        func points(_ history: History, _ key: String) -> [(x: Double, y: Double)] {
            history.values(key).enumerated().compactMap { index, value in value.map { (Double(index + 1), $0) } }
        }
        if let list = invocation.options.text("runs") {
            // One series per named run: the metric as asked (loss, val_loss, …).
            for name in list.split(separator: ",").map(String.init) {
                guard let history = session.runs.named(name) else {
                    let names = session.runs.all.map(\.name)
                    let hint = Suggestion.closest(to: name, among: names).map { " — did you mean '\($0)'?" } ?? ""
                    throw .precondition(
                        "no run named \(name)\(hint); runs: "
                            + (names.isEmpty ? "none yet" : names.joined(separator: ", ")))
                }
                let found = points(history, metric)
                if !found.isEmpty { series.append(Plot.Series(name: name, points: found)) }
            }
        } else if metric == "gradients" || metric == "dead" {
            // One series per layer: its mean gradient norm, or its share of dead ReLU units.
            let history = session.runs.current
            guard !history.epochs.isEmpty else { throw .precondition("no training history yet: train first") }
            let prefix = metric == "gradients" ? "grad_norm/" : "dead/"
            series = history.keys.filter { $0.hasPrefix(prefix) }.compactMap { key -> Plot.Series? in
                let found = points(history, key)
                return found.isEmpty ? nil : Plot.Series(name: String(key.dropFirst(prefix.count)), points: found)
            }
        } else {
            let history = session.runs.current
            guard !history.epochs.isEmpty else { throw .precondition("no training history yet: train first") }
            series = [metric, "val_" + metric].compactMap { key -> Plot.Series? in
                let found = points(history, key)
                return found.isEmpty ? nil : Plot.Series(name: key, points: found)
            }
        }
        guard !series.isEmpty else { throw .precondition("the history has no \(metric)") }
        let gradients = metric == "gradients"
        let plot = Plot(
            title: gradients ? "mean ‖∂L/∂W‖ per layer per epoch" : "\(metric) per epoch", xLabel: "epoch",
            yLabel: gradients ? "‖g‖" : (metric == "dead" ? "share of dead ReLU units" : metric),
            logarithmic: gradients && series.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }, series: series)
        var outputs: [Output] = [.plot(plot)]
        if let path = invocation.options.text("svg") {
            try writeText(
                SVGPlot(plot: plot).renderLossOnly(),
                to: path)
            outputs.append(.text("wrote \(path)"))
        }
        return Reply(outputs)
    }

    /// `plot activations`: each layer's outputs on the first 1,000 training samples.
    private static func activations(_ invocation: Invocation) throws(NotebookError) -> Reply {
        let session = invocation.session
        guard let model = session.model else { throw .precondition("no model: model dense 784->64 relu, …") }
        guard let data = session.data.train else { throw .precondition("no data: data mnist") }
        let statistics = try lift { () throws(TensorError) in try ActivationStatistics.measure(model, data) }
        guard !statistics.isEmpty else { throw .precondition("the model has no layer with an activation") }
        func percent(_ share: Double) -> String { NumberFormat.fixed(share * 100, decimals: 1) + "%" }
        let table = Table(
            headers: ["layer", "activation", "mean", "std", "min", "max", "= 0", "saturated"],
            rows: statistics.map { s in
                [
                    s.layer, s.activation, NumberFormat.short(s.mean, digits: 3),
                    NumberFormat.short(s.standardDeviation, digits: 3), NumberFormat.short(s.low, digits: 3),
                    NumberFormat.short(s.high, digits: 3), percent(s.zero), s.saturated.map(percent) ?? "—",
                ]
            }, alignments: [.left, .left, .right, .right, .right, .right, .right, .right])
        let plot = Plot(
            title: "what each layer outputs on \(min(1_000, data.count)) samples of \(data.name)",
            xLabel: "output", yLabel: "share of outputs", logarithmic: false,
            series: statistics.map { s in
                Plot.Series(
                    name: "\(s.layer) (\(s.activation))",
                    points: s.histogram.indices.map { (s.centre($0), s.histogram[$0]) })
            })
        var outputs: [Output] = [.table(table), .plot(plot)]
        if let path = invocation.options.text("svg") {
            try writeText(SVGPlot(plot: plot).renderLossOnly(), to: path)
            outputs.append(.text("wrote \(path)"))
        }
        return Reply(outputs)
    }
}
