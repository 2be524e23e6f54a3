import Randomness

/// Splitting and shuffling, as Keras' `fit` does them.
public enum Batching {
    /// Keras' `validation_split`: the last `fraction` of the samples (before any shuffling)
    /// are held out. Returns the row indices of each part.
    public static func split(count: Int, validationFraction fraction: Double) throws(DatasetError) -> (
        train: [Int], validation: [Int]
    ) {
        guard fraction >= 0, fraction < 1 else { throw .invalid("validation must be in [0, 1), got \(fraction)") }
        let held = Int((Double(count) * fraction).rounded(.down))
        guard count - held > 0 else {
            throw .invalid("validation=\(fraction) leaves no training samples out of \(count)")
        }
        return (Array(0..<(count - held)), Array((count - held)..<count))
    }

    /// A Fisher–Yates shuffle of `rows` from the session's generator (reproducible after `seed`).
    public static func shuffle(_ rows: inout [Int], generator: inout SeededGenerator) {
        guard rows.count > 1 else { return }
        for i in stride(from: rows.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            rows.swapAt(i, j)
        }
    }

    /// The number of minibatches of `size` in `count` samples (the last may be smaller).
    public static func batchCount(_ count: Int, size: Int) -> Int { (count + size - 1) / size }
}
