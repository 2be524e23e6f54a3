import Foundation
import Limits

/// An IDX file (the format of MNIST and Fashion-MNIST): a magic number whose third byte is
/// the element type and fourth the number of dimensions, the dimensions as big-endian
/// UInt32, then the elements.
public struct IDXFile {
    /// The element type byte: 0x08 unsigned byte, 0x09 signed byte, 0x0B Int16, 0x0C Int32,
    /// 0x0D Float32, 0x0E Float64.
    public let dataType: UInt8
    public let dimensions: [Int]
    /// The elements as unsigned bytes (only 0x08 files are read; others are rejected by name).
    public let bytes: [UInt8]

    static let typeNames: [UInt8: (name: String, size: Int)] = [
        0x08: ("unsigned byte", 1), 0x09: ("signed byte", 1), 0x0B: ("int16", 2), 0x0C: ("int32", 4),
        0x0D: ("float32", 4), 0x0E: ("float64", 8),
    ]

    /// What the header says: element type, dimensions, and the size of the whole file.
    struct Header {
        var type: (name: String, size: Int)
        var dimensions: [Int]
        var headerBytes: Int
        var totalBytes: Int
        var shape: String { dimensions.map(String.init).joined(separator: "×") }
    }

    /// The longest possible header: magic number and 255 dimensions.
    static let longestHeader = 4 + 4 * 255

    /// Parses raw or gzip-compressed IDX bytes; every check names what it found. Compressed
    /// data is inflated only as far as the header says the file reaches.
    public init(_ raw: [UInt8]) throws(DatasetError) {
        let bytes: [UInt8]
        let header: Header
        if Gzip.isGzip(raw) {
            header = try IDXFile.header(try Gzip.prefix(raw, count: IDXFile.longestHeader))
            bytes = try Gzip.decompress(raw, limit: header.totalBytes)
        } else {
            bytes = raw
            header = try IDXFile.header(bytes)
        }
        guard bytes.count == header.totalBytes else {
            let expected = header.totalBytes
            throw .corrupt(
                bytes.count < expected
                    ? "truncated: a \(header.shape) array of \(header.type.name)s needs \(expected) bytes, the file "
                        + "has \(bytes.count) (\(expected - bytes.count) missing)"
                    : "\(bytes.count - expected) bytes too many after a \(header.shape) array of \(header.type.name)s "
                        + "(\(expected) expected)"
            )
        }
        guard bytes[2] == 0x08 else {
            throw .corrupt(
                "elements are \(header.type.name)s; Gradbook reads unsigned-byte IDX files (MNIST, Fashion-MNIST)")
        }
        dataType = bytes[2]
        dimensions = header.dimensions
        self.bytes = Array(bytes[header.headerBytes...])
    }

    /// Reads the header from the first bytes of a file; sizes are multiplied with overflow
    /// checks and bounded by `Limit.fileBytes`.
    static func header(_ bytes: [UInt8]) throws(DatasetError) -> Header {
        guard bytes.count >= 4 else {
            throw .corrupt("too short to be an IDX file: \(bytes.count) bytes, the header alone is at least 4")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw .corrupt(
                String(
                    format: "bad magic number 0x%02X%02X%02X%02X: an IDX file starts with two zero bytes", bytes[0],
                    bytes[1], bytes[2], bytes[3]))
        }
        guard let type = typeNames[bytes[2]] else {
            throw .corrupt(String(format: "unknown IDX element type 0x%02X (known: 08, 09, 0B, 0C, 0D, 0E)", bytes[2]))
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw .corrupt("an IDX file with 0 dimensions") }
        let headerBytes = 4 + 4 * rank
        guard bytes.count >= headerBytes else {
            throw .corrupt(
                "truncated header: \(rank) dimensions need \(headerBytes) bytes, the file has \(bytes.count)")
        }
        var dimensions: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dimensions.append(
                Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let shape = dimensions.map(String.init).joined(separator: "×")
        guard let elements = Count.elements(dimensions), let data = Count.product(elements, type.size),
            data <= Limit.fileBytes.value - headerBytes
        else {
            throw .corrupt(
                "the header declares a \(shape) array of \(type.name)s, more than the limit of \(Limit.fileBytes)")
        }
        // The array is copied out of the (already decompressed) file as it is stored.
        do throws(MemoryLimitError) {
            try MemoryLimit.check(data, for: "the \(shape) array of this IDX file")
        } catch { throw .invalid(error.description) }
        return Header(type: type, dimensions: dimensions, headerBytes: headerBytes, totalBytes: headerBytes + data)
    }
}
