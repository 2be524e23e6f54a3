import CZlib

/// Decompresses gzip data (through zlib), or says precisely what is wrong with it.
enum Gzip {
    static func decompress(_ bytes: [UInt8]) throws(DatasetError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { input in
            gb_gunzip(input.baseAddress, input.count, &output, &length, &message, message.count)
        }
        guard status == 0, let output else {
            throw .corrupt(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
