/// Choosing one configuration among many, and what it costs to choose on the test set.
///
/// Each candidate c has a validation loss V_c and a loss ℓ_{c,i} on every test example i.
/// Choosing on validation reports the chosen candidate's test loss, measured on examples the
/// choice never saw. Choosing on the test set reports min_c T_c — the smallest of K noisy
/// numbers, which is lower than the winner's loss on new data. How much lower is measured by
/// splitting the test examples at random into halves A and B, choosing on A and scoring on B:
///
///     T_c(S)    = mean_{i ∈ S} ℓ_{c,i}
///     c*(A)     = argmin_c T_c(A)
///     optimism  = mean over splits of  T_{c*(A)}(B) − T_{c*(A)}(A)
///
/// Each split is taken with its complement (B, A), so the optimism is never negative: for one
/// pair, T_{c*(A)}(B) − T_{c*(B)}(B) ≥ 0 and T_{c*(B)}(A) − T_{c*(A)}(A) ≥ 0, and their sum
/// is the pair's total. It is 0 for a single candidate and grows with the number of
/// candidates and the noise of a small test set. The same measure for accuracy (choosing the
/// highest) gives the accuracy the test set flatters the winner by.
public struct ModelSelection: Sendable {
    /// One configuration's scores.
    public struct Candidate: Sendable {
        public var validationLoss: Double
        /// The loss of every test example, in order.
        public var testLosses: [Double]
        /// Whether each test example was classified correctly (nil: not a classification).
        public var testCorrect: [Bool]?

        public init(validationLoss: Double, testLosses: [Double], testCorrect: [Bool]? = nil) {
            self.validationLoss = validationLoss
            self.testLosses = testLosses
            self.testCorrect = testCorrect
        }

        /// The mean test loss (NaN when a loss was not a number).
        public var testLoss: Double { ModelSelection.mean(testLosses) }
        /// The share of test examples classified correctly.
        public var testAccuracy: Double? {
            testCorrect.map { correct in Double(correct.filter { $0 }.count) / Double(max(correct.count, 1)) }
        }
    }

    public let candidates: [Candidate]
    /// The candidate with the lowest validation loss (what should be chosen).
    public let byValidation: Int
    /// The candidate with the lowest test loss (what choosing on the test set picks).
    public let byTest: Int
    /// How much lower the test loss of the candidate chosen on a half of the test set reads
    /// than its loss on the other half, averaged over the splits.
    public let optimism: Double
    /// How much higher its accuracy reads (chosen by accuracy), for classifications.
    public let accuracyOptimism: Double?
    /// How many splits (a split and its complement count two) the optimism averages.
    public let splits: Int

    /// Chooses among `candidates` (at least one, each with the same number of test examples,
    /// at least two); `pairs` random halvings of the test set, each with its complement.
    public init<G: RandomNumberGenerator>(_ candidates: [Candidate], pairs: Int = 100, generator: inout G) {
        precondition(!candidates.isEmpty, "ModelSelection needs a candidate")
        self.candidates = candidates
        // A loss that is not a number is never chosen.
        func key(_ x: Double) -> Double { x.isNaN ? .infinity : x }
        byValidation =
            candidates.indices.min { key(candidates[$0].validationLoss) < key(candidates[$1].validationLoss) }
            ?? 0
        byTest = candidates.indices.min { key(candidates[$0].testLoss) < key(candidates[$1].testLoss) } ?? 0
        let n = candidates.map(\.testLosses.count).min() ?? 0
        let half = n / 2
        guard half > 0, pairs > 0 else {
            optimism = 0
            accuracyOptimism = candidates.first?.testCorrect == nil ? nil : 0
            splits = 0
            return
        }
        // A half A of the examples (and its complement B): the sum over each, per candidate.
        let accuracies = candidates.allSatisfy { $0.testCorrect?.count ?? 0 >= n }
        var lossGap = 0.0
        var accuracyGap = 0.0
        var order = Array(0..<n)
        var counted = 0
        for _ in 0..<pairs {
            order.shuffle(using: &generator)
            let a = order[..<half]
            let b = order[half...]
            var sums: [(a: Double, b: Double)] = []
            var hits: [(a: Double, b: Double)] = []
            for candidate in candidates {
                sums.append(
                    (
                        ModelSelection.mean(a.map { key(candidate.testLosses[$0]) }),
                        ModelSelection.mean(b.map { key(candidate.testLosses[$0]) })
                    ))
                if accuracies, let correct = candidate.testCorrect {
                    // A model whose loss is not a number has diverged: its hits are chance, and
                    // it is never chosen.
                    hits.append(
                        candidate.testLosses.contains { $0.isNaN }
                            ? (-.infinity, -.infinity)
                            : (
                                Double(a.filter { correct[$0] }.count) / Double(a.count),
                                Double(b.filter { correct[$0] }.count) / Double(b.count)
                            ))
                }
            }
            // Chosen on A, scored on B; and chosen on B, scored on A.
            let onA = ModelSelection.lowest(sums.map(\.a))
            let onB = ModelSelection.lowest(sums.map(\.b))
            let gap = (sums[onA].b - sums[onA].a) + (sums[onB].a - sums[onB].b)
            // Every candidate's loss not a number on a half: nothing to choose, nothing counted.
            guard gap.isFinite else { continue }
            counted += 2
            lossGap += gap
            if accuracies {
                let bestA = ModelSelection.lowest(hits.map { -$0.a })
                let bestB = ModelSelection.lowest(hits.map { -$0.b })
                accuracyGap += (hits[bestA].a - hits[bestA].b) + (hits[bestB].b - hits[bestB].a)
            }
        }
        splits = counted
        optimism = counted == 0 ? .nan : lossGap / Double(counted)
        accuracyOptimism = accuracies && counted > 0 ? accuracyGap / Double(counted) : nil
    }

    /// The first index of the smallest value (∞ and NaN last).
    static func lowest(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] < values[best] || (values[best].isNaN && !values[i].isNaN) {
            best = i
        }
        return best
    }

    static func mean<C: Collection>(_ values: C) -> Double where C.Element == Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
