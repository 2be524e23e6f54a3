/// Finite-difference check of a tensor graph: for every leaf that requires a gradient,
/// the worst disagreement between backward's gradient and central differences.
///
///     numeric ∂L/∂xᵢ ≈ (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h,   h = 1e-3·max(1, |xᵢ|)
///
/// The forward pass runs in Float32, so the loss is read back and differenced in Double and
/// the tolerance allows for single precision: |a − n| ≤ 1e-3 + 1e-2·|n|.
public struct TensorGradientCheck {
    /// The result for one input tensor.
    public struct Row {
        public let input: Tensor
        public let name: String
        public let elements: Int
        /// How many elements were compared (a sample of at most `limit`; fewer if interrupted).
        public let checked: Int
        /// The element with the largest relative error, and that error.
        public let worstIndex: Int
        public let worstRelativeError: Double
        public let worstAnalytic: Double
        public let worstNumeric: Double
        public let passed: Bool
    }

    public let rows: [Row]
    public var passed: Bool { rows.allSatisfy(\.passed) }
    /// True when `interrupted` stopped the check: the rows cover what was compared so far.
    public let wasInterrupted: Bool

    /// Checks the graph below `root` (a single number). Leaves all data as it was and each
    /// `grad` holding a fresh backward pass. Elements beyond `limit` per input are sampled.
    /// `interrupted` is polled after every element (Ctrl-C): the check stops there, with the
    /// data restored.
    public static func check(_ root: Tensor, limit: Int = 2000, interrupted: () -> Bool = { false }) throws(TensorError)
        -> TensorGradientCheck
    {
        try root.backward()
        let leaves = root.topologicalOrder().filter { $0.isLeaf && $0.requiresGrad }
        var rows: [Row] = []
        var stopped = false
        for (number, leaf) in leaves.enumerated() where !stopped {
            let analytic = leaf.grad ?? [Float](repeating: 0, count: leaf.count)
            let stride = Swift.max(1, leaf.count / limit)
            var worst = (index: 0, error: 0.0, analytic: 0.0, numeric: 0.0)
            var passed = true
            var checked = 0
            for i in Swift.stride(from: 0, to: leaf.count, by: stride) {
                let original = leaf.data[i]
                let h = 1e-3 * Swift.max(1, Swift.abs(original))
                leaf.data[i] = original + h
                try root.recompute()
                let plus = Double(root.data[0])
                leaf.data[i] = original - h
                try root.recompute()
                let minus = Double(root.data[0])
                leaf.data[i] = original
                let numeric = (plus - minus) / (2 * Double(h))
                let a = Double(analytic[i])
                let error = Swift.abs(a - numeric) / Swift.max(Swift.abs(a), Swift.abs(numeric), 1e-6)
                if Swift.abs(a - numeric) > 1e-3 + 1e-2 * Swift.abs(numeric) { passed = false }
                if error >= worst.error { worst = (i, error, a, numeric) }
                checked += 1
                if interrupted() {
                    stopped = true
                    break
                }
            }
            try root.recompute()
            rows.append(
                Row(
                    input: leaf, name: leaf.label ?? "input \(number + 1)", elements: leaf.count, checked: checked,
                    worstIndex: worst.index, worstRelativeError: worst.error,
                    worstAnalytic: worst.analytic, worstNumeric: worst.numeric, passed: passed))
        }
        return TensorGradientCheck(rows: rows, wasInterrupted: stopped)
    }
}
