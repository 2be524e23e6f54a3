import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Tensor: CustomStringConvertible {
    /// PyTorch-style text: nested brackets, one common number format, the middle of long
    /// axes elided as `...` (more than 1000 elements: 3 items at each end, as NumPy).
    public var description: String { formatted(data) }

    /// `values` (of this tensor's shape) formatted like the tensor itself, e.g. its gradient.
    ///
    /// With a `lineWidth`, rows too wide for it lose the middle of their last axis to `...`
    /// (as many numbers kept at each end as fit, at least one), and a suffix that does not fit
    /// on the last line starts a new one, as PyTorch places `grad_fn=` at its `linewidth`.
    public func formatted(_ values: [Float], name: String = "tensor", lineWidth: Int? = nil) -> String {
        let elide = values.count > 1000
        let format = NumberStyle(values, elide: elide, shape: shape)
        let prefix = name + "("
        func body(edge: Int?) -> String {
            render(values, axis: 0, offset: 0, indent: prefix.count, elide: elide, edge: edge, format: format)
        }
        var suffixes: [String] = []
        if shape.count > 1 || elide { suffixes.append("shape=\(Tensor.describe(shape))") }
        suffixes.append("dtype=float32")
        if requiresGrad, name == "tensor" { suffixes.append("requires_grad") }

        var text = prefix + body(edge: elide ? 3 : nil)
        if let lineWidth, let last = shape.last {
            // Keep as many numbers at each end of a row as fit.
            var edge = elide ? Swift.min(3, last / 2) : (last - 1) / 2
            while edge > 1, Self.widestLine(text) >= lineWidth {
                text = prefix + body(edge: edge)
                edge -= 1
            }
            if Self.widestLine(text) >= lineWidth, last > 2 { text = prefix + body(edge: 1) }
        }
        for suffix in suffixes {
            let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
            if let lineWidth, lastLine + suffix.count + 3 >= lineWidth {
                text += ",\n" + String(repeating: " ", count: prefix.count) + suffix
            } else {
                text += ", " + suffix
            }
        }
        return text + ")"
    }

    private static func widestLine(_ text: String) -> Int {
        text.split(separator: "\n").map(\.count).max() ?? 0
    }

    /// The nested brackets of `values` from `axis` on. Axes longer than 6 of an elided tensor
    /// show 3 items at each end; the last axis shows `edge` at each end when it has more.
    private func render(
        _ values: [Float], axis: Int, offset: Int, indent: Int, elide: Bool, edge: Int?, format: NumberStyle
    ) -> String {
        if shape.isEmpty { return format.text(values[0]) }
        let size = shape[axis]
        let stride = shape[(axis + 1)...].reduce(1, *)
        let isLast = axis == shape.count - 1
        let kept: Int? = isLast ? edge : (elide ? 3 : nil)
        let shown: [Int?] =
            if let kept, size > 2 * kept { Array(0..<kept) + [nil] + Array((size - kept)..<size) } else {
                Array(0..<size)
            }
        if isLast {
            return "[" + shown.map { $0.map { format.text(values[offset + $0]) } ?? "..." }.joined(separator: ", ")
                + "]"
        }
        let separator =
            ",\n" + String(repeating: "\n", count: shape.count - axis - 2) + String(repeating: " ", count: indent + 1)
        let rows = shown.map { i in
            i.map {
                render(
                    values, axis: axis + 1, offset: offset + $0 * stride, indent: indent + 1, elide: elide, edge: edge,
                    format: format)
            } ?? "..."
        }
        return "[" + rows.joined(separator: separator) + "]"
    }

    /// Summary statistics (accumulated in Double): mean, standard deviation, min, max, L2 norm.
    public func statistics(of values: [Float]? = nil) -> (
        mean: Double, std: Double, min: Float, max: Float, norm: Double
    ) {
        let values = values ?? data
        guard !values.isEmpty else { return (.nan, .nan, .nan, .nan, 0) }
        var sum = 0.0
        var squares = 0.0
        var lo = Float.infinity
        var hi = -Float.infinity
        for v in values {
            sum += Double(v)
            squares += Double(v) * Double(v)
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        let mean = sum / Double(values.count)
        let variance = Swift.max(0, squares / Double(values.count) - mean * mean)
        return (mean, variance.squareRoot(), lo, hi, squares.squareRoot())
    }
}

/// One number format for a whole tensor, as PyTorch chooses it: whole numbers as `3.`,
/// otherwise 4 decimals, or scientific notation when the nonzero magnitudes span more than
/// a factor 1000 or reach beyond 1e8 or below 1e-4.
struct NumberStyle {
    let integers: Bool
    let scientific: Bool
    let width: Int

    init(_ values: [Float], elide: Bool, shape: [Int]) {
        let finite = values.filter(\.isFinite)
        integers = finite.allSatisfy { $0 == $0.rounded() && Swift.abs($0) < 1e8 }
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 > 0 }
        let largest = magnitudes.max() ?? 0
        let smallest = magnitudes.min() ?? 0
        // PyTorch's rule (torch/_tensor_str.py): a wide range or extreme magnitudes.
        scientific = !integers && !magnitudes.isEmpty && (largest / smallest > 1000 || largest > 1e8 || smallest < 1e-4)
        var width = 0
        let probe = NumberStyle(integers: integers, scientific: scientific, width: 0)
        for v in values.prefix(elide ? 2000 : values.count) { width = Swift.max(width, probe.raw(v).count) }
        self.width = width
    }

    private init(integers: Bool, scientific: Bool, width: Int) {
        self.integers = integers
        self.scientific = scientific
        self.width = width
    }

    func raw(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if integers { return String(Int64(v)) + "." }
        return cFormat(scientific ? "%.4e" : "%.4f", Double(v))
    }

    func text(_ v: Float) -> String {
        let s = raw(v)
        return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }

    private func cFormat(_ format: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
            let n = withVaList([x]) { vsnprintf(buffer.baseAddress, 48, format, $0) }
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Swift.min(Int(n), 47)), as: UTF8.self
            )
        }
    }
}
