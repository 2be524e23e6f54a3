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
            + "mean, share at exactly 0 (ReLUs that are off) and share saturated (sigmoid below 0.01 or "
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
        guard let model = session.model else { throw noModel(session) }
        guard let data = session.data.train else { throw .precondition("no data: data mnist") }
        let statistics = try lift { () throws(TensorError) in try ActivationStatistics.measure(model, data, bins: 16) }
        guard !statistics.isEmpty else { throw .precondition("the model has no layer with an activation") }
        func percent(_ share: Double) -> String { NumberFormat.fixed(share * 100, decimals: 1) + "%" }
        if invocation.options.text("svg") != nil {
            throw invocation.command.usageError(
                "plot activations draws its histograms in the table; --svg is for 'plot loss' and the other "
                    + "histories")
        }
        let table = Table(
            headers: ["layer", "activation", "min", "histogram", "max", "= 0", "saturated", "mean"],
            rows: statistics.map { s in
                [
                    s.layer, s.activation, NumberFormat.short(s.low, digits: 2), Self.sparkline(s.histogram),
                    NumberFormat.short(s.high, digits: 2), percent(s.zero), s.saturated.map(percent) ?? "—",
                    NumberFormat.short(s.mean, digits: 3),
                ]
            }, alignments: [.left, .left, .right, .left, .left, .right, .right, .right])
        let outputs: [Output] = [
            .text("what each layer outputs on \(min(1_000, data.count)) samples of \(data.name):"), .table(table),
        ]
        // The numbers as a value a check can read: `_.dense_1.zero`, `_.dense_2.saturated`.
        let fields = statistics.map { s -> (String, Object) in
            var values: [(String, Object)] = [
                ("mean", .scalar(Value(s.mean))), ("std", .scalar(Value(s.standardDeviation))),
                ("zero", .scalar(Value(s.zero))),
            ]
            if let saturated = s.saturated { values.append(("saturated", .scalar(Value(saturated)))) }
            return (s.layer, .record(name: "LayerActivations", fields: values))
        }
        return Reply(
            outputs, value: .record(name: "Activations", fields: fields),
            display: "Activations: read _."
                + (statistics.first?.layer ?? "LAYER") + ".zero, .saturated, .mean, .std")
    }

    /// Shares as bars ▁…█, one a bin, scaled by the square root of the largest (so that a bin
    /// of 1% beside one of 60% still shows); an empty bin is a space.
    static func sparkline(_ shares: [Double]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        let top = shares.max() ?? 0
        return String(
            shares.map { share -> Character in
                guard share > 0, top > 0 else { return " " }
                return bars[min(bars.count - 1, Int((share / top).squareRoot() * Double(bars.count - 1) + 0.5))]
            })
    }
}
