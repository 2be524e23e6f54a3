#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fused, numerically stable softmax kernels along one axis.
///
///     softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m),   m = maxⱼ xⱼ
///     log_softmax(x)ᵢ = xᵢ − m − log Σⱼ e^(xⱼ − m)
///
/// Subtracting the maximum keeps every exponent ≤ 0, so nothing overflows.
public enum Softmax {
    /// Softmax along the middle axis of (outer, n, inner).
    public static func softmax(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, into y: UnsafeMutablePointer<Float>
    ) {
        for o in 0..<outer {
            for j in 0..<inner {
                let base = o * n * inner + j
                var m = -Float.infinity
                for i in 0..<n { m = Swift.max(m, x[base + i * inner]) }
                var total: Float = 0
                for i in 0..<n {
                    let e = expf(x[base + i * inner] - m)
                    y[base + i * inner] = e
                    total += e
                }
                let scale = 1 / total
                for i in 0..<n { y[base + i * inner] *= scale }
            }
        }
    }

    /// Log-softmax along the middle axis of (outer, n, inner).
    public static func logSoftmax(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, into y: UnsafeMutablePointer<Float>
    ) {
        for o in 0..<outer {
            for j in 0..<inner {
                let base = o * n * inner + j
                var m = -Float.infinity
                for i in 0..<n { m = Swift.max(m, x[base + i * inner]) }
                var total: Float = 0
                for i in 0..<n { total += expf(x[base + i * inner] - m) }
                let logTotal = m + logf(total)
                for i in 0..<n { y[base + i * inner] = x[base + i * inner] - logTotal }
            }
        }
    }

    /// Softmax cross-entropy with integer labels, forward and gradient in one pass over the
    /// logits (rows × classes):
    ///
    ///     loss = (1/N) Σᵣ −log softmax(zᵣ)[yᵣ]
    ///     ∂loss/∂zᵣ = (softmax(zᵣ) − onehot(yᵣ)) / N
    ///
    /// Returns the mean loss (accumulated in Double); writes the gradient into `gradient` if given.
    /// N is `rows`, or `meanOver` when these rows are one shard of a larger batch: the shards'
    /// losses and gradients then add up to the whole batch's.
    /// Labels must be in 0..<classes (checked by the caller).
    public static func crossEntropy(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int, classes: Int,
        gradient: UnsafeMutablePointer<Float>?, meanOver batch: Int? = nil
    ) -> Double {
        let batch = batch ?? rows
        var loss = 0.0
        let scale = 1 / Float(batch)
        for r in 0..<rows {
            let z = logits + r * classes
            let label = Int(labels[r])
            var m = -Float.infinity
            for c in 0..<classes { m = Swift.max(m, z[c]) }
            var total: Float = 0
            if let gradient {
                let g = gradient + r * classes
                for c in 0..<classes {
                    let e = expf(z[c] - m)
                    g[c] = e
                    total += e
                }
                let inverse = 1 / total
                for c in 0..<classes { g[c] *= inverse * scale }
                g[label] -= scale
            } else {
                for c in 0..<classes { total += expf(z[c] - m) }
            }
            loss += Double(m) + log(Double(total)) - Double(z[label])
        }
        return loss / Double(batch)
    }

    /// Categorical cross-entropy of softmax(logits) against target distributions (one-hot or
    /// soft rows), fused the same way:
    ///
    ///     loss = (1/N) Σᵣ −Σ_c yᵣc · log softmax(zᵣ)_c = (1/N) Σᵣ [(m + log Σ_c e^(zc − m)) · Σ_c yᵣc − Σ_c yᵣc zᵣc]
    ///     ∂loss/∂zᵣ = (softmax(zᵣ) · Σ_c yᵣc − yᵣ) / N
    public static func crossEntropy(
        logits: UnsafePointer<Float>, targets: UnsafePointer<Float>, rows: Int, classes: Int,
        gradient: UnsafeMutablePointer<Float>?, meanOver batch: Int? = nil
    ) -> Double {
        let batch = batch ?? rows
        var loss = 0.0
        let scale = 1 / Float(batch)
        for r in 0..<rows {
            let z = logits + r * classes
            let y = targets + r * classes
            var m = -Float.infinity
            for c in 0..<classes { m = Swift.max(m, z[c]) }
            var total: Float = 0
            var mass: Float = 0
            var dot = 0.0
            for c in 0..<classes {
                total += expf(z[c] - m)
                mass += y[c]
                dot += Double(y[c]) * Double(z[c])
            }
            if let gradient {
                let g = gradient + r * classes
                let inverse = 1 / total
                for c in 0..<classes { g[c] = (expf(z[c] - m) * inverse * mass - y[c]) * scale }
            }
            loss += (Double(m) + log(Double(total))) * Double(mass) - dot
        }
        return loss / Double(batch)
    }
}
