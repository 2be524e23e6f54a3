/// Elementwise binary operations under NumPy broadcasting, and their reverse (summing a
/// gradient back down to an input's shape).
public enum Broadcast {
    /// out[i] = f(a[ia], b[ib]) over `outShape`, where `a` and `b` broadcast to it.
    /// Fast paths for equal shapes and for a scalar operand; otherwise an odometer over the
    /// output with zero strides on broadcast axes.
    @inline(__always)
    public static func apply(
        _ a: UnsafePointer<Float>, _ aShape: [Int], _ b: UnsafePointer<Float>, _ bShape: [Int],
        into out: UnsafeMutablePointer<Float>, _ outShape: [Int], _ f: (Float, Float) -> Float
    ) {
        let count = Shape.count(outShape)
        if aShape == outShape, bShape == outShape {
            for i in 0..<count { out[i] = f(a[i], b[i]) }
            return
        }
        if Shape.count(bShape) == 1, aShape == outShape {
            let y = b[0]
            for i in 0..<count { out[i] = f(a[i], y) }
            return
        }
        if Shape.count(aShape) == 1, bShape == outShape {
            let x = a[0]
            for i in 0..<count { out[i] = f(x, b[i]) }
            return
        }
        let sa = expandedStrides(aShape, to: outShape)
        let sb = expandedStrides(bShape, to: outShape)
        let rank = outShape.count
        guard rank > 0, count > 0 else {
            if count == 1 { out[0] = f(a[0], b[0]) }
            return
        }
        let last = outShape[rank - 1]
        let (la, lb) = (sa[rank - 1], sb[rank - 1])
        var index = [Int](repeating: 0, count: rank)
        var offsetA = 0
        var offsetB = 0
        var o = 0
        while o < count {
            for j in 0..<last { out[o + j] = f(a[offsetA + j * la], b[offsetB + j * lb]) }
            o += last
            // Advance the odometer over the axes before the last.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                offsetA += sa[axis]
                offsetB += sb[axis]
                if index[axis] < outShape[axis] { break }
                offsetA -= sa[axis] * outShape[axis]
                offsetB -= sb[axis] * outShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Strides of `shape` seen as `target`: 0 on axes that are broadcast (size 1 or missing).
    public static func expandedStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let strides = Shape.strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : strides[axis - offset]
        }
    }

    /// Sums `grad` (of shape `from`) down to `to`, the shape an input had before it was
    /// broadcast: the vector-Jacobian product of broadcasting. `out` is overwritten.
    public static func sum(_ grad: UnsafePointer<Float>, from: [Int], to: [Int], into out: UnsafeMutablePointer<Float>)
    {
        let outCount = Shape.count(to)
        let count = Shape.count(from)
        if from == to {
            out.update(from: grad, count: count)
            return
        }
        out.initialize(repeating: 0, count: outCount)
        if outCount == 1 {
            var total: Float = 0
            for i in 0..<count { total += grad[i] }
            out[0] = total
            return
        }
        let strides = expandedStrides(to, to: from)
        let rank = from.count
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for i in 0..<count {
            out[offset] += grad[i]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < from[axis] { break }
                offset -= strides[axis] * from[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
