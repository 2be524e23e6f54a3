import Explain
import Limits
import NeuralNet
import Optimizers
import Session
import TensorGrad

extension Command {
    /// `schedule …`: a learning-rate schedule for the steps that follow.
    static let schedule = Command(
        name: "schedule",
        abstract: "Set a learning-rate schedule: step, exponential, cosine, warmup, plateau, or none",
        usage: "schedule step|exponential|cosine|warmup|plateau|none [OPTION=VALUE …]",
        examples: [
            "schedule step step_size=30 gamma=0.1", "schedule exponential gamma=0.95",
            "schedule cosine t_max=100 eta_min=0",
            "schedule warmup start_factor=0.1 total_iters=10", "schedule plateau factor=0.5 patience=5",
            "schedule none",
        ],
        discussion:
            "PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, LinearLR (warm-up) and ReduceLROnPlateau, counted in "
            + "steps here; during train in epochs, or in batches with per=batch (a warm-up over the first few hundred "
            + "steps). plateau is the rule 'callback reduce_lr' sets too (train watches val_loss, else loss).",
        variants: [
            .init(
                ["step"],
                options: [
                    .count("step_size", limit: .steps, default: "30", "steps between decays"), CommandOption.per,
                    .number(
                        "gamma", in: 0...1e6, open: .lower, default: "0.1", "the factor applied every step_size steps"),
                ]),
            .init(
                ["exponential"],
                options: [
                    .number("gamma", in: 0...1e6, open: .lower, default: "0.95", "the factor applied every step"),
                    CommandOption.per,
                ]),
            .init(
                ["cosine"],
                options: [
                    .count("t_max", limit: .steps, default: "100", "steps of the half cosine"),
                    .number("eta_min", in: 0...1e6, default: "0", "the smallest learning rate"), CommandOption.per,
                ]),
            .init(
                ["warmup", "linear"],
                options: [
                    .number("start_factor", in: 0...1, open: .lower, default: "1/3", "the first step's factor of lr"),
                    .number("end_factor", in: 0...1, default: "1", "the factor reached after total_iters"),
                    .count("total_iters", limit: .steps, default: "5", "steps of the warm-up"), CommandOption.per,
                ]),
            .init(
                ["plateau"],
                options: CommandOption.plateau + [
                    .number("threshold", in: 0...1e6, default: "1e-4", "the relative improvement that counts"),
                    .count("cooldown", atLeast: 0, limit: .steps, default: "0", "steps to wait after a reduction"),
                ]),
            .init(["none", "off"]),
        ],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let kind = invocation.positionals.first else {
            let current =
                session.training.schedule?.description
                ?? (session.training.plateau != nil ? "reduce on plateau" : "none")
            return Reply([.text("schedule: \(current)")])
        }
        // Every option of a schedule declares its default: read once, from the declaration.
        func number(_ key: String) -> Double { invocation.options.number(key) ?? .nan }
        func int(_ key: String) -> Int { invocation.options.count(key) ?? 0 }
        let (patience, cooldown, stepSize) = (int("patience"), int("cooldown"), int("step_size"))
        let (period, warmup) = (int("t_max"), int("total_iters"))
        do throws(OptimizerError) {
            switch kind {
            case "none", "off":
                session.training.schedule = nil
                session.training.plateau = nil
                // Back to the rate the optimizer was compiled with, wherever a schedule left it.
                var restored: [String] = []
                for optimizer in [session.training.optimizer, session.run?.optimizer].compactMap({ $0 })
                where optimizer.learningRate != optimizer.initialLearningRate {
                    optimizer.learningRate = optimizer.initialLearningRate
                    restored.append("\(optimizer.displayName) lr back to \(NumberFormat.short(optimizer.learningRate))")
                }
                let note = restored.isEmpty ? "" : " (" + restored.joined(separator: "; ") + ")"
                return Reply([.text("no schedule: the learning rate stays constant" + note)])
            case "plateau":
                // The one plateau rule: what `callback reduce_lr` sets too.
                session.training.reduceOnPlateau = (
                    plateau: try ReduceOnPlateau(
                        factor: number("factor"), patience: patience, threshold: number("threshold"),
                        cooldown: cooldown, minimumRate: number("min_lr")),
                    monitor: "val_loss"
                )
                session.training.schedule = nil
                return Reply([
                    .text(
                        "reduce on plateau: lr ← lr·\(NumberFormat.short(number("factor"))) after \(patience) steps "
                            + "(step, minimize) or epochs (train, on val_loss, else loss) without improvement"
                    )
                ])
            default:
                let schedule: LearningRateSchedule
                switch kind {
                case "step": schedule = .step(size: stepSize, gamma: number("gamma"))
                case "exponential": schedule = .exponential(gamma: number("gamma"))
                case "cosine": schedule = .cosine(maximum: period, minimum: number("eta_min"))
                case "warmup", "linear":
                    schedule = .linearWarmup(
                        startFactor: number("start_factor"), endFactor: number("end_factor"),
                        iterations: warmup)
                default:
                    throw OptimizerError(
                        "unknown schedule '\(kind)'"
                            + (Suggestion.closest(
                                to: kind, among: ["step", "exponential", "cosine", "warmup", "plateau", "none"]
                            ).map { " — did you mean '\($0)'?" } ?? ""))
                }
                try schedule.validate()
                session.training.schedule = schedule
                session.training.schedulePerBatch = invocation.options.text("per")?.lowercased() == "batch"
                session.training.plateau = nil
                return Reply([
                    .text(
                        "schedule \(schedule.description)"
                            + (session.training.schedulePerBatch
                                ? "; train counts e in batches" : "; train counts e in epochs"))
                ])
            }
        } catch {
            throw .optimizer(error)
        }
    }
}

extension CommandOption {
    /// What `train` counts a schedule in.
    fileprivate static let per = CommandOption.choice(
        "per", ["epoch", "batch"], default: "epoch", "what train counts e in (batch: every step, for a warm-up)")
}
