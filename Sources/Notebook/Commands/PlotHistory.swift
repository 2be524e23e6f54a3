import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import ScalarGrad
import TensorGrad

extension Command {
    /// `plot loss` / `plot accuracy`: the training history.
    static let plot = Command(
        name: "plot",
        abstract: "Plot the training history: loss or accuracy per epoch, training and validation",
        usage: "plot loss|accuracy [--svg FILE]",
        examples: ["plot loss", "plot accuracy --svg accuracy.svg"],
        options: [.svg],
        variants: [.init(["loss"]), .init(["accuracy"])],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let history = invocation.session.trainingHistory
        guard !history.epochs.isEmpty else { throw .precondition("no training history yet: train first") }
        let metric = invocation.positionals.first ?? "loss"
        let series = [metric, "val_" + metric].compactMap { key -> Plot.Series? in
            let points = history.values(key).enumerated().compactMap { index, value in
                value.map { (Double(index + 1), $0) }
            }
            return points.isEmpty ? nil : Plot.Series(name: key, points: points)
        }
        guard !series.isEmpty else { throw .precondition("the history has no \(metric)") }
        let plot = Plot(
            title: "\(metric) per epoch", xLabel: "epoch", yLabel: metric, logarithmic: false, series: series)
        var outputs: [Output] = [.plot(plot)]
        if let path = invocation.options.text("svg") {
            try writeText(
                SVGPlot(plot: plot, trajectories: [], function: { _ in nil }, functionName: "").renderLossOnly(),
                to: path)
            outputs.append(.text("wrote \(path)"))
        }
        return Reply(outputs)
    }
}
