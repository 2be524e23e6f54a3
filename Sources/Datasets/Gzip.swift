import CZlib
import Foundation
import Limits

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decompresses gzip data (through zlib), or says precisely what is wrong with it. The output
/// is bounded: by the size the caller expects (an IDX header says it), and never more than
/// `Limit.fileBytes`, so a small gzip bomb cannot fill the memory.
public enum Gzip {
    /// The whole content, at most `limit` bytes; more is an error that names the limit.
    public static func decompress(_ bytes: [UInt8], limit: Int = Limit.fileBytes.value) throws(DatasetError) -> [UInt8]
    {
        try run(bytes, limit: min(limit, Limit.fileBytes.value), prefix: false)
    }

    /// The first `count` bytes of the content (fewer if it is shorter): enough to read a header.
    public static func prefix(_ bytes: [UInt8], count: Int) throws(DatasetError) -> [UInt8] {
        try run(bytes, limit: count, prefix: true)
    }

    private static func run(_ bytes: [UInt8], limit: Int, prefix: Bool) throws(DatasetError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { input in
            gb_gunzip(
                input.baseAddress, input.count, max(0, limit), prefix ? 1 : 0, &output, &length, &message, message.count
            )
        }
        guard status == 0, let output else {
            throw .corrupt(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }
}
