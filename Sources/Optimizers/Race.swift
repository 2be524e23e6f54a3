/// Several optimizers from the same point on the same function, step for step: each run's
/// final value, its path, and the first step at which f fell below a threshold. The notebook's
/// `race` draws the table, the curves and the SVG from these entries.
public enum Race {
    public struct Entry {
        public let name: String
        public let learningRate: Double
        /// f at the final point (nan when it could not be computed).
        public let finalLoss: Double
        public let point: [Double]
        /// The number of steps after which f was first below the threshold.
        public let reached: Int?
        /// The step at which f stopped being a number (or its computation failed).
        public let diverged: Int?
        /// f before each step, and the point before the first step and after each.
        public let losses: [Double]
        public let path: [[Double]]
    }

    /// Runs each run for `steps` steps (through `update`, without a plateau), in order; stops
    /// early, after the current run's step, when `interrupted` says so.
    public static func run<Failure: Error>(
        _ runs: [(name: String, run: OptimizationRun<Failure>)], steps: Int, threshold: Double,
        update: UpdateRule = UpdateRule(), interrupted: () -> Bool = { false }
    )
        -> (entries: [Entry], stopped: (name: String, steps: Int)?)
    {
        var entries: [Entry] = []
        for (name, run) in runs {
            var reached: Int?
            var diverged: Int?
            var plateau: ReduceOnPlateau?
            // The result's loss is f before the step: the value after `step − 1` steps.
            let ending = try? run.run(steps, update: update, plateau: &plateau, interrupted: interrupted) { result in
                if reached == nil, result.loss < threshold { reached = result.step - 1 }
            }
            var stopped = false
            switch ending {
            case .completed?: break
            case .interrupted?: stopped = true
            case .diverged?, nil: diverged = run.steps + 1
            }
            let final = (try? run.currentLoss()) ?? .nan
            if reached == nil, final < threshold { reached = run.steps }
            entries.append(
                Entry(
                    name: name, learningRate: run.optimizer.learningRate, finalLoss: final,
                    point: run.points.last ?? [],
                    reached: reached, diverged: diverged, losses: run.losses, path: run.points))
            if stopped { return (entries, (name, run.steps)) }
        }
        return (entries, nil)
    }
}
