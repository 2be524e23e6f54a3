/// Which class an output row predicts — Keras' accuracy, written once for `train`, `evaluate`,
/// `predict`, `confusion`, `show` and `forward`:
///
///     ŷ = argmaxⱼ zⱼ                 (several outputs: the first of equal maxima)
///     ŷ = 1 if z₀ > threshold else 0  (one output, a sigmoid's: Keras' binary accuracy)
///
/// The threshold is 0.5 for a probability and 0 for a logit (σ(0) = 0.5).
public enum Classification {
    /// The predicted class of one row of `width` outputs.
    @inlinable
    public static func predictedClass(_ row: UnsafePointer<Float>, width: Int, threshold: Float = 0.5) -> Int {
        if width == 1 { return row[0] > threshold ? 1 : 0 }
        var best = 0
        for j in 1..<max(width, 1) where row[j] > row[best] { best = j }
        return best
    }

    /// The predicted class of each row of `outputs` (rows of `width` values).
    public static func predictedClasses(_ outputs: [Float], width: Int, threshold: Float = 0.5) -> [Int] {
        guard width > 0 else { return [] }
        return outputs.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            return (0..<(buffer.count / width)).map {
                predictedClass(base + $0 * width, width: width, threshold: threshold)
            }
        }
    }

    /// How sure the row is of `predicted`: its output, or with one output the probability of
    /// that class (p for class 1, 1 − p for class 0).
    public static func confidence(_ row: ArraySlice<Float>, predicted: Int) -> Float {
        guard row.count == 1, let p = row.first else { return row[row.startIndex + predicted] }
        return predicted == 1 ? p : 1 - p
    }

    /// The rows whose predicted class is their label.
    @inlinable
    public static func hits(
        _ outputs: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int, width: Int, threshold: Float = 0.5
    ) -> Int {
        var hits = 0
        for r in 0..<rows
        where predictedClass(outputs + r * width, width: width, threshold: threshold) == Int(labels[r]) {
            hits += 1
        }
        return hits
    }
}
