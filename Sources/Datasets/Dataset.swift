import CLoops
import Limits

/// Samples and their targets, stored compactly: MNIST stays as bytes (47 MB rather than
/// 188 MB of floats) and is scaled to [0, 1] as each batch is filled.
public struct Dataset: Sendable {
    /// How the features are stored.
    public enum Features: Sendable {
        /// Bytes, each multiplied by `scale` when read (1/255 for pixels).
        case bytes([UInt8], scale: Float)
        case floats([Float])
    }

    /// What is to be predicted.
    public enum Targets: Sendable {
        /// Class indices in 0..<classes.
        case classes([Int32], classes: Int)
        /// Real values, `width` per sample (regression).
        case values([Float], width: Int)
    }

    public let name: String
    /// The shape of one sample (`[784]` for flattened MNIST, `[2]` for moons).
    public let sampleShape: [Int]
    public let features: Features
    public let targets: Targets
    /// Names for the classes, when they have any.
    public var classNames: [String]?

    public init(name: String, sampleShape: [Int], features: Features, targets: Targets, classNames: [String]? = nil)
        throws(DatasetError)
    {
        guard let width = Count.elements(sampleShape), width <= Limit.layerWidth.value else {
            throw .invalid("\(name): samples of shape \(sampleShape) are wider than the limit of \(Limit.layerWidth)")
        }
        let featureCount: Int
        switch features {
        case .bytes(let b, _): featureCount = b.count
        case .floats(let f): featureCount = f.count
        }
        guard width > 0, featureCount % width == 0 else {
            throw .invalid("\(name): \(featureCount) feature values do not split into samples of \(width)")
        }
        let samples = featureCount / width
        // Every command indexes samples 0…count−1: an empty set is refused where it is made.
        guard samples > 0 else { throw .invalid("\(name): no samples") }
        // Inputs and targets must be numbers: inf or nan in the data would only surface later,
        // as a training run that fails for a reason it cannot see.
        if case .floats(let f) = features, let bad = f.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("\(name): feature \(bad % width) of sample \(bad / width) is \(f[bad]); data must be finite")
        }
        if case .values(let v, let w) = targets, let bad = v.firstIndex(where: { !$0.isFinite }) {
            throw .invalid(
                "\(name): target \(bad % max(w, 1)) of sample \(bad / max(w, 1)) is \(v[bad]); data must be finite")
        }
        switch targets {
        case .classes(let labels, let classes):
            guard classes >= 1, classes <= Limit.classes.value else {
                throw .invalid(
                    "\(name): \(Limit.grouped(classes)) classes; Gradbook handles "
                        + "1…\(Limit.grouped(Limit.classes.value)) (the limit is \(Limit.classes))"
                )
            }
            guard labels.count == samples else {
                throw .invalid("\(name): \(samples) samples but \(labels.count) labels")
            }
            if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
                throw .invalid("\(name): label \(labels[bad]) of sample \(bad) is not in 0..<\(classes)")
            }
        case .values(let values, let w):
            guard values.count == samples * w else {
                throw .invalid("\(name): \(samples) samples but \(values.count) target values (width \(w))")
            }
        }
        self.name = name
        self.sampleShape = sampleShape
        self.features = features
        self.targets = targets
        self.classNames = classNames
    }

    public var featureWidth: Int { sampleShape.reduce(1, *) }

    // Not inlined: Swift 6.3.1's release optimizer crashes (CopyPropagation, "Found ownership
    // error") when a switch over a borrowed Dataset's enums is inlined into some callers.
    @inline(never)
    public var count: Int {
        switch features {
        case .bytes(let b, _): b.count / featureWidth
        case .floats(let f): f.count / featureWidth
        }
    }

    /// The number of classes, for classification data.
    // Not inlined: Swift 6.3.1's release optimizer crashes (CopyPropagation, "Found ownership
    // error") when a switch over a borrowed Dataset's enums is inlined into some callers.
    @inline(never)
    public var classCount: Int? {
        if case .classes(_, let classes) = targets { return classes }
        return nil
    }

    // Not inlined: Swift 6.3.1's release optimizer crashes (CopyPropagation, "Found ownership
    // error") when a switch over a borrowed Dataset's enums is inlined into some callers.
    @inline(never)
    public var targetWidth: Int {
        switch targets {
        case .classes: 1
        case .values(_, let width): width
        }
    }

    /// Copies the features of `rows` into `out` (row after row, as Float).
    @inline(__always)
    public func fillFeatures(_ rows: some Collection<Int>, into out: UnsafeMutablePointer<Float>) {
        let width = featureWidth
        var o = 0
        switch features {
        case .bytes(let bytes, let scale):
            // out[r, j] = bytes[row_r, j]·scale, vectorized in C.
            bytes.withUnsafeBufferPointer { b in
                let done: Void? = rows.withContiguousStorageIfAvailable { indices in
                    indices.withMemoryRebound(to: Int64.self) {
                        gb_gather_u8_scaled(b.baseAddress!, $0.baseAddress, $0.count, width, scale, out)
                    }
                }
                if done == nil {
                    for row in rows {
                        var index = Int64(row)
                        gb_gather_u8_scaled(b.baseAddress!, &index, 1, width, scale, out + o)
                        o += width
                    }
                }
            }
        case .floats(let floats):
            floats.withUnsafeBufferPointer { f in
                for row in rows {
                    (out + o).update(from: f.baseAddress! + row * width, count: width)
                    o += width
                }
            }
        }
    }

    /// The class label of one sample (classification data).
    // Not inlined: Swift 6.3.1's release optimizer crashes (CopyPropagation, "Found ownership
    // error") when a switch over a borrowed Dataset's enums is inlined into some callers.
    @inline(never)
    public func label(_ row: Int) -> Int32? {
        if case .classes(let labels, _) = targets { return labels[row] }
        return nil
    }

    /// One sample's features as Floats.
    public func sample(_ row: Int) -> [Float] {
        var out = [Float](repeating: 0, count: featureWidth)
        out.withUnsafeMutableBufferPointer { fillFeatures([row], into: $0.baseAddress!) }
        return out
    }

    /// Copies the targets of `rows`: class labels into `labels`, or values into `values`.
    public func fillTargets(
        _ rows: some Collection<Int>, labels: UnsafeMutablePointer<Int32>?, values: UnsafeMutablePointer<Float>?
    ) {
        // A batch's rows are contiguous (an array slice): index them directly, with no
        // iterator (the generic one allocated per element).
        if rows.withContiguousStorageIfAvailable({ fillTargets(buffer: $0, labels: labels, values: values) }) == nil {
            Array(rows).withUnsafeBufferPointer { fillTargets(buffer: $0, labels: labels, values: values) }
        }
    }

    private func fillTargets(
        buffer rows: UnsafeBufferPointer<Int>, labels: UnsafeMutablePointer<Int32>?,
        values: UnsafeMutablePointer<Float>?
    ) {
        switch targets {
        case .classes(let all, _):
            guard let labels else { return }
            var o = 0
            for row in rows {
                labels[o] = all[row]
                o += 1
            }
        case .values(let all, let width):
            guard let values else { return }
            var o = 0
            for row in rows {
                for j in 0..<width { values[o + j] = all[row * width + j] }
                o += width
            }
        }
    }

    /// The same samples with byte features read at `scale` instead (1: MNIST's raw 0–255
    /// pixels); float features are returned unchanged.
    public func readingBytes(at scale: Float) -> Dataset {
        guard case .bytes(let bytes, _) = features else { return self }
        return
            (try? Dataset(
                name: name, sampleShape: sampleShape, features: .bytes(bytes, scale: scale), targets: targets,
                classNames: classNames)) ?? self
    }

    /// The samples at `rows`, as a new dataset.
    public func subset(_ rows: [Int], name: String? = nil) -> Dataset {
        let width = featureWidth
        let features: Features
        switch self.features {
        case .bytes(let b, let scale):
            features = .bytes(rows.flatMap { b[($0 * width)..<(($0 + 1) * width)] }, scale: scale)
        case .floats(let f): features = .floats(rows.flatMap { f[($0 * width)..<(($0 + 1) * width)] })
        }
        let targets: Targets
        switch self.targets {
        case .classes(let labels, let classes): targets = .classes(rows.map { labels[$0] }, classes: classes)
        case .values(let values, let w): targets = .values(rows.flatMap { values[($0 * w)..<(($0 + 1) * w)] }, width: w)
        }
        // The rows come from a valid dataset, so the subset is valid too.
        return
            (try? Dataset(
                name: name ?? self.name, sampleShape: sampleShape, features: features, targets: targets,
                classNames: classNames)) ?? self
    }
}
