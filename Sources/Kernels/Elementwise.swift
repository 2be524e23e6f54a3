/// Pointwise loops over contiguous buffers.
public enum Elementwise {
    /// out[i] = f(x[i]).
    @inline(__always)
    public static func map(
        _ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>, _ f: (Float) -> Float
    ) {
        for i in 0..<count { out[i] = f(x[i]) }
    }

    /// out[i] = f(x[i], y[i]) for buffers of equal length.
    @inline(__always)
    public static func zip(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int,
        into out: UnsafeMutablePointer<Float>, _ f: (Float, Float) -> Float
    ) {
        for i in 0..<count { out[i] = f(x[i], y[i]) }
    }
}
