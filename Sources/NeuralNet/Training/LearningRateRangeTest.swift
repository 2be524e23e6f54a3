#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The learning-rate range test (Smith 2017, "Cyclical Learning Rates"; fastai's `lr_find`):
/// one step at each of `steps` rates growing geometrically from `low` to `high`,
///
///     lrₖ = low · (high / low)^(k / (steps − 1))
///     L̄ₖ = 0.98 · L̄ₖ₋₁ + 0.02 · Lₖ,   L̂ₖ = L̄ₖ / (1 − 0.98^(k+1))   (smoothed, bias-corrected)
///
/// stopping once L̂ₖ > 4 · minⱼ L̂ⱼ (the loss blew up). The loss against the rate falls,
/// flattens, then rises; the suggestion is the rate of the lowest smoothed loss ÷ 10.
public struct LearningRateRangeTest {
    public let low: Double
    public let high: Double
    public let steps: Int
    /// fastai's smoothing of the loss.
    public static let beta = 0.98
    /// The blow-up factor that ends the test.
    public static let blowUp = 4.0

    public init(low: Double, high: Double, steps: Int) {
        self.low = low
        self.high = high
        self.steps = max(2, steps)
    }

    /// The k-th rate (k = 0 … steps − 1).
    public func rate(_ k: Int) -> Double { low * pow(high / low, Double(k) / Double(steps - 1)) }

    public struct Result {
        /// Each rate tried with its smoothed loss.
        public let tried: [(rate: Double, loss: Double)]
        public let lowest: (rate: Double, loss: Double)
        /// The lowest loss's rate ÷ 10.
        public var suggested: Double { lowest.rate / 10 }
    }

    /// Runs the test: `step(rate)` takes one optimizer step at `rate` and returns its loss (nil
    /// or not a number: the run diverged, the test ends). Nil when fewer than three rates gave
    /// a loss (the rates were too large from the start).
    public func run(interrupted: () -> Bool = { false }, step: (Double) -> Double?) -> Result? {
        var tried: [(rate: Double, loss: Double)] = []
        var average = 0.0
        var best = Double.infinity
        for k in 0..<steps {
            let rate = rate(k)
            guard let loss = step(rate), loss.isFinite else { break }
            average = Self.beta * average + (1 - Self.beta) * loss
            let smoothed = average / (1 - pow(Self.beta, Double(k + 1)))
            tried.append((rate, smoothed))
            best = min(best, smoothed)
            if smoothed > Self.blowUp * best || interrupted() { break }
        }
        guard tried.count >= 3, let lowest = tried.min(by: { $0.loss < $1.loss }) else { return nil }
        return Result(tried: tried, lowest: lowest)
    }
}
