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

    /// Parses raw or gzip-compressed IDX bytes; every check names what it found.
    public init(_ raw: [UInt8]) throws(DatasetError) {
        let bytes = Gzip.isGzip(raw) ? try Gzip.decompress(raw) : raw
        guard bytes.count >= 4 else {
            throw .corrupt("too short to be an IDX file: \(bytes.count) bytes, the header alone is at least 4")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw .corrupt(String(format: "bad magic number 0x%02X%02X%02X%02X: an IDX file starts with two zero bytes", bytes[0], bytes[1], bytes[2], bytes[3]))
        }
        guard let type = IDXFile.typeNames[bytes[2]] else {
            throw .corrupt(String(format: "unknown IDX element type 0x%02X (known: 08, 09, 0B, 0C, 0D, 0E)", bytes[2]))
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw .corrupt("an IDX file with 0 dimensions") }
        let header = 4 + 4 * rank
        guard bytes.count >= header else {
            throw .corrupt("truncated header: \(rank) dimensions need \(header) bytes, the file has \(bytes.count)")
        }
        var dimensions: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dimensions.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let expected = header + dimensions.reduce(1, *) * type.size
        guard bytes.count == expected else {
            let shape = dimensions.map(String.init).joined(separator: "×")
            throw .corrupt(bytes.count < expected
                ? "truncated: a \(shape) array of \(type.name)s needs \(expected) bytes, the file has \(bytes.count) (\(expected - bytes.count) missing)"
                : "\(bytes.count - expected) bytes too many after a \(shape) array of \(type.name)s (\(expected) expected)")
        }
        guard bytes[2] == 0x08 else {
            throw .corrupt("elements are \(type.name)s; Gradbook reads unsigned-byte IDX files (MNIST, Fashion-MNIST)")
        }
        dataType = bytes[2]
        self.dimensions = dimensions
        self.bytes = Array(bytes[header...])
    }
}

import Foundation
