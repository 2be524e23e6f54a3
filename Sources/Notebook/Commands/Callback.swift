import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `callback early_stopping patience=3 …`: the callbacks of `train`.
    static let callback = Command(
        name: "callback",
        aliases: ["callbacks"],
        abstract: "Set train's callbacks: early stopping, reduce-LR-on-plateau (NaN detection is always on)",
        usage:
            "callback early_stopping [patience=P] [min_delta=D] [monitor=val_loss] [restore_best_weights=1] | "
            + "callback reduce_lr [factor=F] [patience=P] [min_lr=L] [monitor=val_loss] | callback none",
        examples: [
            "callback early_stopping patience=3 restore_best_weights=1", "callback reduce_lr factor=0.5 patience=2",
            "callback none", "callback",
        ],
        discussion:
            "reduce_lr is the plateau rule 'schedule plateau' sets too: train applies it each epoch to the "
            + "monitored metric, step and minimize each step to the loss; it replaces any other schedule.",
        variants: [
            .init(
                ["early_stopping", "earlystopping"],
                options: [
                    .monitor,
                    .count(
                        "patience", atLeast: 0, limit: .epochs, default: "0",
                        "epochs without improvement before stopping"),
                    .number(
                        "min_delta", in: 0...1e6, default: "0", "the smallest change that counts as an improvement"),
                    .boolean("restore_best_weights", "restore the weights of the best epoch at the end"),
                ]),
            .init(["reduce_lr", "reduce_lr_on_plateau"], options: [.monitor] + CommandOption.plateau),
            .init(["none", "off"]),
        ],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let kind = invocation.positionals.first else {
            var lines = ["NaN/inf detection: on (always)"]
            lines.append(
                "early stopping: "
                    + (session.training.earlyStopping.map {
                        "monitor \($0.monitor), patience \($0.patience), min_delta \($0.minDelta), "
                            + "restore_best_weights \($0.restoreBestWeights)"
                    } ?? "off"))
            lines.append(
                "reduce lr on plateau: "
                    + (session.training.reduceOnPlateau.map {
                        "monitor \($0.monitor), factor \($0.0.factor), patience \($0.0.patience)"
                    } ?? "off"))
            return Reply([.text(lines.joined(separator: "\n"))])
        }
        // Every option declares its default: read once, from the declaration.
        func number(_ key: String) -> Double { invocation.options.number(key) ?? .nan }
        let monitor = invocation.options.text("monitor") ?? "val_loss"
        let restore = invocation.options.flag("restore_best_weights")
        switch kind {
        case "early_stopping", "earlystopping":
            let patience = invocation.options.count("patience") ?? 0
            session.training.earlyStopping = EarlyStopping(
                monitor: monitor, patience: patience, minDelta: number("min_delta"),
                restoreBestWeights: restore)
            return Reply([
                .text(
                    "early stopping on \(monitor): patience \(patience)"
                        + (restore ? ", the best epoch's weights are restored at the end" : ""))
            ])
        case "reduce_lr", "reduce_lr_on_plateau":
            let patience = invocation.options.count("patience") ?? 10
            do throws(OptimizerError) {
                session.training.reduceOnPlateau = (
                    plateau: try ReduceOnPlateau(
                        factor: number("factor"), patience: patience, minimumRate: number("min_lr")),
                    monitor: monitor
                )
            } catch {
                throw .optimizer(error)
            }
            // One rule sets the rate at a time: a schedule would overwrite every reduction.
            let replaced = session.training.schedule.map { " (it replaces the schedule \($0.description))" } ?? ""
            session.training.schedule = nil
            return Reply([
                .text(
                    "reduce the learning rate by \(NumberFormat.short(number("factor"))) when \(monitor) stalls for "
                        + "\(patience) epochs (step and minimize: when the loss stalls for \(patience) steps)"
                        + replaced
                )
            ])
        case "none", "off":
            session.training.earlyStopping = nil
            session.training.reduceOnPlateau = nil
            return Reply([.text("no callbacks (NaN detection stays on)")])
        default:
            throw invocation.command.usageError(
                "unknown callback '\(kind)'"
                    + (Suggestion.closest(to: kind, among: ["early_stopping", "reduce_lr", "none"]).map {
                        " — did you mean '\($0)'?"
                    } ?? ""))
        }
    }
}
