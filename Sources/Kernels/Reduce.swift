/// Reductions along one axis, in the (outer, n, inner) form of `Shape.around`.
public enum Reduce {
    /// out[o, j] = Σᵢ x[o, i, j]. `out` has outer·inner elements.
    public static func sum(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, into out: UnsafeMutablePointer<Float>
    ) {
        for o in 0..<outer {
            let row = out + o * inner
            row.initialize(repeating: 0, count: inner)
            for i in 0..<n {
                let src = x + (o * n + i) * inner
                for j in 0..<inner { row[j] += src[j] }
            }
        }
    }

    /// out[o, j] = maxᵢ x[o, i, j] and the first i attaining it (NaN wins, as in PyTorch).
    public static func max(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int,
        into out: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int>
    ) {
        for o in 0..<outer {
            for j in 0..<inner {
                var best = x[o * n * inner + j]
                var at = 0
                for i in 1..<Swift.max(n, 1) {
                    let v = x[(o * n + i) * inner + j]
                    if best.isNaN { break }
                    if v > best || v.isNaN {
                        best = v
                        at = i
                    }
                }
                out[o * inner + j] = best
                indices[o * inner + j] = at
            }
        }
    }

    /// Σ x in Double: for losses and gradient checks where Float32 would lose digits.
    public static func sumInDouble(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total = 0.0
        for i in 0..<count { total += Double(x[i]) }
        return total
    }
}
