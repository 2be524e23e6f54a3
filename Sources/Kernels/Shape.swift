/// Shape arithmetic for row-major tensors.
public enum Shape {
    /// The number of elements (1 for a scalar's empty shape).
    @inline(__always)
    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides: the last axis is contiguous.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// The NumPy broadcast of two shapes (aligned on the right; each pair equal or one of
    /// them 1), or nil when they are incompatible.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            out[i] = max(x, y) == 0 || min(x, y) == 0 ? 0 : max(x, y)
        }
        return out
    }

    /// Splits `shape` around `axis` into (outer, n, inner) so that element (o, i, j) sits at
    /// o·n·inner + i·inner + j: the form every reduction and softmax kernel works in.
    public static func around(_ shape: [Int], axis: Int) -> (outer: Int, n: Int, inner: Int) {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }
}
