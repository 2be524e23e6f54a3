import Explain

/// Analytic gradients compared with central finite differences, one row per leaf.
///
///     numeric ∂f/∂x ≈ (f(x + h) − f(x − h)) / 2h,   h = 1e-6·max(1, |x|)
///
/// A row passes when |analytic − numeric| ≤ 1e-6 + 1e-4·|numeric|.
public struct GradientCheck {
    /// The comparison for one leaf.
    public struct Row {
        public let leaf: Value
        public let name: String
        public let analytic: Double
        public let numeric: Double
        public var absoluteError: Double { abs(analytic - numeric) }
        public var relativeError: Double { absoluteError / max(abs(analytic), abs(numeric), 1e-12) }
        public var passed: Bool { absoluteError <= 1e-6 + 1e-4 * abs(numeric) }
    }

    public let rows: [Row]
    public var passed: Bool { rows.allSatisfy(\.passed) }
    /// True when `interrupted` stopped the check: the rows cover the leaves compared so far.
    public let wasInterrupted: Bool
}

extension Value {
    /// Checks `backward()` against finite differences for every leaf below `self`.
    ///
    /// Leaves `grad` holding the analytic gradients of a fresh pass and every `data`
    /// exactly as it was. `interrupted` is polled after every leaf (Ctrl-C).
    public func gradientCheck(interrupted: () -> Bool = { false }) -> GradientCheck {
        backward()
        let order = topologicalOrder()
        var rows: [GradientCheck.Row] = []
        for leaf in order where leaf.isLeaf {
            let original = leaf.data
            let h = 1e-6 * max(1, abs(original))
            leaf.data = original + h
            for node in order { node.recomputeData() }
            let plus = data
            leaf.data = original - h
            for node in order { node.recomputeData() }
            let minus = data
            leaf.data = original
            for node in order { node.recomputeData() }
            rows.append(
                .init(leaf: leaf, name: leaf.displayName, analytic: leaf.grad, numeric: (plus - minus) / (2 * h)))
            if interrupted() { return GradientCheck(rows: rows, wasInterrupted: true) }
        }
        return GradientCheck(rows: rows, wasInterrupted: false)
    }
}
