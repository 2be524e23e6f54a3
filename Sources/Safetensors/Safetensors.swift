import JSON

/// A safetensors file (Hugging Face's format, read by Python's `safetensors`, PyTorch and
/// NumPy): named tensors and a string-to-string metadata map.
///
///     ┌──────────────┬──────────────────────────────┬──────────────────────────┐
///     │ N: u64, LE   │ header: N bytes of JSON      │ data: every tensor's raw │
///     │              │ (padded with spaces)         │ bytes, little-endian     │
///     └──────────────┴──────────────────────────────┴──────────────────────────┘
///
/// The header maps each tensor's name to `{"dtype": "F32", "shape": [784, 64],
/// "data_offsets": [begin, end]}` (offsets into the data section), plus an optional
/// `"__metadata__": {"key": "value", …}`. Gradbook writes float32 (`F32`); it reads F32 and
/// F64. The reader checks what the reference implementation checks: the header fits the
/// file, each tensor's bytes match its dtype and shape, and the tensors cover the data
/// section exactly, in order, without holes or overlaps.
public struct Safetensors: Equatable, Sendable {
    /// One tensor: row-major values with their shape.
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Float]
        public init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }
    }

    /// Tensors in file order.
    public var tensors: [(name: String, tensor: Tensor)]
    public var metadata: [(key: String, value: String)]

    public init(tensors: [(name: String, tensor: Tensor)] = [], metadata: [(key: String, value: String)] = []) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public static func == (lhs: Safetensors, rhs: Safetensors) -> Bool {
        lhs.tensors.count == rhs.tensors.count && lhs.metadata.count == rhs.metadata.count
            && zip(lhs.tensors, rhs.tensors).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
            && zip(lhs.metadata, rhs.metadata).allSatisfy { $0 == $1 }
    }

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }
    public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

    /// The largest header the reader accepts (the reference implementation's limit).
    public static let maximumHeaderBytes = 100_000_000
}

/// What is wrong with a safetensors file, naming the tensor, the field and the values.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    case truncated(fileBytes: Int)
    case headerTooLarge(declared: UInt64, available: Int)
    case header(String)
    case tensor(name: String, reason: String)
    case layout(String)
    case unsupportedType(name: String, dtype: String)
    case invalidTensor(name: String, reason: String)

    public var description: String {
        switch self {
        case .truncated(let bytes):
            "not a safetensors file, or a truncated one: \(bytes) bytes, shorter than the 8-byte header length a "
                + "safetensors file starts with"
        case .headerTooLarge(let declared, let available):
            "not a safetensors file, or a truncated one: its first 8 bytes, read as the header length, say "
                + "\(declared) bytes, but "
                + (available > Safetensors.maximumHeaderBytes
                    ? "the limit is \(Safetensors.maximumHeaderBytes)" : "only \(available) follow")
        case .header(let reason): "corrupt header: \(reason)"
        case .tensor(let name, let reason): "corrupt header: tensor '\(name)': \(reason)"
        case .layout(let reason): "corrupt or truncated data: \(reason)"
        case .unsupportedType(let name, let dtype):
            "tensor '\(name)' is \(dtype): Gradbook reads F32 and F64 tensors (convert it to float32 first, "
                + "e.g. x.astype(numpy.float32))"
        case .invalidTensor(let name, let reason): "cannot write tensor '\(name)': \(reason)"
        }
    }
}

// MARK: - Reading

extension Safetensors {
    /// Parses a whole file. Every offset and size is checked before it is used.
    public init(parsing bytes: [UInt8]) throws(SafetensorsError) {
        guard bytes.count >= 8 else { throw .truncated(fileBytes: bytes.count) }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
        let available = bytes.count - 8
        guard length <= UInt64(min(available, Safetensors.maximumHeaderBytes)) else {
            throw .headerTooLarge(declared: length, available: available)
        }
        let headerEnd = 8 + Int(length)
        let root: JSON
        do throws(JSONError) { root = try JSON(parsing: bytes[8..<headerEnd]) } catch {
            throw .header("not JSON: \(error)")
        }
        guard let members = root.members else { throw .header("expected a JSON object, found \(root.kindName)") }
        let dataBytes = bytes.count - headerEnd
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        var metadata: [(key: String, value: String)] = []
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw .header("the name '\(name)' appears twice") }
            if name == "__metadata__" {
                guard let pairs = value.members else {
                    throw .header("__metadata__ must be an object of strings, found \(value.kindName)")
                }
                for (key, item) in pairs {
                    guard let text = item.string else {
                        throw .header("__metadata__[\"\(key)\"] must be a string, found \(item.kindName)")
                    }
                    metadata.append((key, text))
                }
                continue
            }
            guard value.members != nil else { throw .tensor(name: name, reason: "expected an object") }
            guard let dtypeName = value["dtype"]?.string else {
                throw .tensor(name: name, reason: "no \"dtype\" string")
            }
            guard let dtype = DType(rawValue: dtypeName) else { throw .unsupportedType(name: name, dtype: dtypeName) }
            guard let shapeItems = value["shape"]?.array else {
                throw .tensor(name: name, reason: "no \"shape\" array")
            }
            var shape: [Int] = []
            var count = 1
            for item in shapeItems {
                guard let size = item.count(upTo: dataBytes) else {
                    throw .tensor(
                        name: name, reason: "shape \(JSON.array(shapeItems).serialized()) is not a list of sizes")
                }
                shape.append(size)
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow, product <= dataBytes else {
                    throw .tensor(
                        name: name,
                        reason: "shape \(shape) holds more values than the \(dataBytes) data bytes of the file")
                }
                count = product
            }
            guard let offsets = value["data_offsets"]?.array, offsets.count == 2,
                let begin = offsets[0].count(upTo: Int(Int32.max) * 1024),
                let end = offsets[1].count(upTo: Int(Int32.max) * 1024), begin <= end
            else {
                let shown = value["data_offsets"]?.serialized() ?? "missing"
                throw .tensor(name: name, reason: "data_offsets \(shown) are not [begin, end] with begin ≤ end")
            }
            guard end <= dataBytes else {
                throw .layout(
                    "tensor '\(name)' needs bytes \(begin) to \(end) of the data, the file has \(dataBytes)")
            }
            guard end - begin == count * dtype.size else {
                throw .tensor(
                    name: name,
                    reason: "\(dtype.rawValue) \(shape) needs \(count * dtype.size) bytes, data_offsets give "
                        + "\(end - begin)")
            }
            entries.append((name, dtype, shape, begin, end))
        }
        // The data section is the tensors, back to back: no holes, no overlaps, nothing after.
        var expected = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard entry.begin == expected else {
                throw .layout(
                    "tensor '\(entry.name)' starts at byte \(entry.begin) of the data, expected \(expected) "
                        + (entry.begin < expected ? "(it overlaps the tensor before)" : "(a hole before it)"))
            }
            expected = entry.end
        }
        guard expected == dataBytes else {
            throw .layout("the tensors cover \(expected) bytes of data, the file has \(dataBytes)")
        }
        self.metadata = metadata
        tensors = entries.map { entry in
            let values = bytes.withUnsafeBufferPointer { buffer in
                entry.dtype.decode(
                    buffer, from: headerEnd + entry.begin, count: (entry.end - entry.begin) / entry.dtype.size)
            }
            return (entry.name, Tensor(shape: entry.shape, values: values))
        }
    }

    /// The element types Gradbook reads.
    enum DType: String {
        case f32 = "F32"
        case f64 = "F64"

        var size: Int { self == .f32 ? 4 : 8 }

        func decode(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> [Float] {
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    let at = start + i * size
                    var bits: UInt64 = 0
                    for k in (0..<size).reversed() { bits = bits << 8 | UInt64(bytes[at + k]) }
                    out[i] =
                        self == .f32
                        ? Float(bitPattern: UInt32(truncatingIfNeeded: bits)) : Float(Double(bitPattern: bits))
                }
                initialized = count
            }
        }
    }
}

// MARK: - Writing

extension Safetensors {
    /// The file's bytes: float32 tensors in the order given, the header padded with spaces to
    /// a multiple of 8 bytes (as the reference writer does, so the data is aligned).
    public func serialized() throws(SafetensorsError) -> [UInt8] {
        var header: [(key: String, value: JSON)] = []
        if !metadata.isEmpty {
            header.append(("__metadata__", .object(metadata.map { ($0.key, JSON.string($0.value)) })))
        }
        var offset = 0
        var seen = Set<String>()
        for (name, tensor) in tensors {
            guard name != "__metadata__", seen.insert(name).inserted else {
                throw .invalidTensor(name: name, reason: "the name is used twice or reserved")
            }
            let count = tensor.shape.reduce(1, *)
            guard tensor.shape.allSatisfy({ $0 >= 0 }), count == tensor.values.count else {
                throw .invalidTensor(
                    name: name, reason: "shape \(tensor.shape) does not hold \(tensor.values.count) values")
            }
            header.append(
                (
                    name,
                    .object([
                        ("dtype", "F32"), ("shape", .array(tensor.shape.map { .number(Double($0)) })),
                        ("data_offsets", [.number(Double(offset)), .number(Double(offset + count * 4))]),
                    ])
                ))
            offset += count * 4
        }
        var text = Array(JSON.object(header).serialized().utf8)
        text += [UInt8](repeating: 0x20, count: (8 - text.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + text.count + offset)
        let length = UInt64(text.count)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))) }
        bytes += text
        for (_, tensor) in tensors {
            for value in tensor.values {
                let bits = value.bitPattern
                for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(i)))) }
            }
        }
        return bytes
    }
}
