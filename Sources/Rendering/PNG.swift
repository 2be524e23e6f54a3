import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal PNG writer (8-bit grey or RGBA, no filtering, compressed by zlib — or deflate's
/// "stored" blocks should zlib fail): digits in a notebook, the kernel's logo, the pictures
/// of a loss surface and of class regions.
public enum PNG {
    package enum Pixels {
        /// One byte per pixel, 0 black … 255 white.
        case grey([UInt8])
        /// Four bytes per pixel: red, green, blue, alpha.
        case rgba([UInt8])

        package var bytesPerPixel: Int {
            if case .grey = self { 1 } else { 4 }
        }
        package var bytes: [UInt8] {
            switch self {
            case .grey(let b), .rgba(let b): b
            }
        }
    }

    /// The file's bytes; nil when the pixels do not fill width × height.
    package static func encode(width: Int, height: Int, _ pixels: Pixels) -> [UInt8]? {
        let stride = width * pixels.bytesPerPixel
        guard width > 0, height > 0, pixels.bytes.count == stride * height else { return nil }
        // Each scanline starts with its filter type (0: none).
        var raw: [UInt8] = []
        raw.reserveCapacity((stride + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw += pixels.bytes[(row * stride)..<((row + 1) * stride)]
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, pixels.bytesPerPixel == 1 ? 0 : 6, 0, 0, 0]  // depth 8; grey or RGBA; no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib(raw))
            + chunk("IEND", [])
    }

    /// A zlib stream: compressed by zlib at its best, else stored.
    package static func zlib(_ data: [UInt8]) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var count = 0
        if gb_deflate(data, data.count, &output, &count) == 0, let output {
            defer { free(output) }
            return Array(UnsafeBufferPointer(start: output, count: count))
        }
        return stored(data)
    }

    /// A zlib stream of stored (uncompressed) deflate blocks, at most 65 535 bytes each.
    package static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    package static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    package static func bigEndian(_ x: UInt32) -> [UInt8] {
        [UInt8(x >> 24), UInt8((x >> 16) & 0xFF), UInt8((x >> 8) & 0xFF), UInt8(x & 0xFF)]
    }

    /// Base64, as notebooks carry `image/png`.
    package static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let chunk = (0..<3).reduce(UInt32(0)) { $0 << 8 | UInt32($1 < n ? bytes[i + $1] : 0) }
            for k in 0..<4 {
                out.append(k <= n ? alphabet[Int((chunk >> (18 - 6 * UInt32(k))) & 63)] : "=")
            }
            i += 3
        }
        return out
    }
}
