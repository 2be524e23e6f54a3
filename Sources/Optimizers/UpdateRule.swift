import Explain
import TensorGrad

/// What happens between "the gradients are in" and "the parameters moved" — the same for
/// every step Gradbook takes: `step` and `minimize` on a function, `step` on a model, and
/// every batch of `train` on the graph or the compiled path.
///
///     1. clipping, if set:         g ← g·min(1, c/(‖g‖ + 1e-6))   or   g ← clamp(g, −c, c)
///     2. the schedule, if set:     γ ← schedule(γ₀, time)          (time: the step; in train the epoch,
///                                                                     or the batch with `schedulePerBatch`)
///     3. the optimizer's update:   θ ← θ − γ·(its rule)
///
/// Before it, the caller has the loss's gradient (the graph or the compiled path) and the
/// regularisation's gradient (`Regularizer`) in the parameters' `grad`.
public struct UpdateRule: Sendable {
    public var clipping: GradientClipping?
    public var schedule: LearningRateSchedule?
    /// In train: advance the schedule every batch (a warm-up over the first few hundred steps)
    /// rather than every epoch.
    public var schedulePerBatch: Bool

    public init(
        clipping: GradientClipping? = nil, schedule: LearningRateSchedule? = nil, schedulePerBatch: Bool = false
    ) {
        self.clipping = clipping
        self.schedule = schedule
        self.schedulePerBatch = schedulePerBatch
    }

    /// What one application did.
    public struct Applied {
        /// The total gradient norm before and after clipping, when clipping is set.
        public let clipped: (before: Double, after: Double)?
        /// The learning rate the update used.
        public let learningRate: Double
        /// The watched element's formulas with numbers.
        public let formulas: [Formula]
    }

    /// Clips, sets the learning rate from the schedule (from `baseRate` at `time`), and
    /// updates; `watch` picks the element whose formulas are recorded.
    @discardableResult
    public func apply(
        _ parameters: [OptimizedParameter], optimizer: Optimizer, baseRate: Double, time: Int,
        watch: (parameter: Int, element: Int)? = nil
    ) -> Applied {
        let clipped = clipping.map { $0.apply(parameters) }
        if let schedule { optimizer.learningRate = schedule.rate(base: baseRate, epoch: time) }
        let rate = optimizer.learningRate
        let formulas = optimizer.step(parameters, watch: watch)
        return Applied(clipped: clipped, learningRate: rate, formulas: formulas)
    }
}
