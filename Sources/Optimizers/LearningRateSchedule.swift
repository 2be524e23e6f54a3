import Explain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Learning-rate schedules in PyTorch's closed forms, as a function of the epoch (or step) e:
///
///     step:         γₑ = γ·gamma^⌊e / step_size⌋                              (StepLR)
///     exponential:  γₑ = γ·gamma^e                                             (ExponentialLR)
///     cosine:       γₑ = η_min + (γ − η_min)·(1 + cos(π·e / T_max)) / 2        (CosineAnnealingLR)
///     warmup:       γₑ = γ·(s + (f − s)·min(e, n) / n)                        (LinearLR)
public enum LearningRateSchedule: Equatable, Sendable {
    case step(size: Int, gamma: Double)
    case exponential(gamma: Double)
    case cosine(maximum: Int, minimum: Double)
    case linearWarmup(startFactor: Double, endFactor: Double, iterations: Int)

    /// The learning rate at epoch `e` for a base rate `base`.
    public func rate(base: Double, epoch e: Int) -> Double {
        switch self {
        case .step(let size, let gamma): base * pow(gamma, Double(e / size))
        case .exponential(let gamma): base * pow(gamma, Double(e))
        case .cosine(let maximum, let minimum):
            minimum + (base - minimum) * (1 + cos(Double.pi * Double(e) / Double(maximum))) / 2
        case .linearWarmup(let s, let f, let n): base * (s + (f - s) * Double(min(e, n)) / Double(n))
        }
    }

    public var description: String {
        switch self {
        case .step(let size, let gamma): "step: γ·\(gamma)^⌊e/\(size)⌋"
        case .exponential(let gamma): "exponential: γ·\(gamma)^e"
        case .cosine(let maximum, let minimum): "cosine: \(minimum) + (γ − \(minimum))·(1 + cos(π·e/\(maximum)))/2"
        case .linearWarmup(let s, let f, let n):
            "linear warm-up: γ·(\(NumberFormat.short(s)) + (\(NumberFormat.short(f)) − \(NumberFormat.short(s)))"
                + "·min(e, \(n))/\(n))"
        }
    }

    public func validate() throws(OptimizerError) {
        switch self {
        case .step(let size, let gamma):
            guard size > 0 else { throw OptimizerError("Invalid step_size: \(size) (must be > 0)") }
            guard gamma > 0 else { throw OptimizerError("Invalid gamma: \(gamma) (must be > 0)") }
        case .exponential(let gamma):
            guard gamma > 0 else { throw OptimizerError("Invalid gamma: \(gamma) (must be > 0)") }
        case .cosine(let maximum, let minimum):
            guard maximum > 0 else { throw OptimizerError("Invalid T_max: \(maximum) (must be > 0)") }
            guard minimum >= 0 else { throw OptimizerError("Invalid eta_min: \(minimum) (must be ≥ 0)") }
        case .linearWarmup(let s, let f, let n):
            guard s > 0, s <= 1, f >= 0, f <= 1 else {
                throw OptimizerError("Invalid factors: start \(s), end \(f) (start in (0, 1], end in [0, 1])")
            }
            guard n > 0 else { throw OptimizerError("Invalid total_iters: \(n) (must be > 0)") }
        }
    }
}

/// Reduce the learning rate when a metric stops improving (`ReduceLROnPlateau`, mode min,
/// relative threshold): after more than `patience` epochs without a value below
/// best·(1 − threshold), γ ← max(γ·factor, min_lr), then wait `cooldown` epochs.
public struct ReduceOnPlateau: Equatable, Sendable {
    public var factor: Double
    public var patience: Int
    public var threshold: Double
    public var cooldown: Int
    public var minimumRate: Double
    public private(set) var best = Double.infinity
    public private(set) var badEpochs = 0
    public private(set) var cooldownLeft = 0

    public init(
        factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, cooldown: Int = 0, minimumRate: Double = 0
    ) throws(OptimizerError) {
        guard factor > 0, factor < 1 else { throw OptimizerError("Factor should be < 1.0 and > 0, got \(factor)") }
        guard patience >= 0, cooldown >= 0 else {
            throw OptimizerError("Invalid patience \(patience) or cooldown \(cooldown) (must be ≥ 0)")
        }
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minimumRate = minimumRate
    }

    /// Records the epoch's metric; returns the new learning rate when it should drop.
    public mutating func observe(_ metric: Double, rate: Double) -> Double? {
        if metric < best * (1 - threshold) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEpochs = 0
        }
        guard badEpochs > patience else { return nil }
        let reduced = max(rate * factor, minimumRate)
        cooldownLeft = cooldown
        badEpochs = 0
        return rate - reduced > 1e-8 ? reduced : nil
    }
}
