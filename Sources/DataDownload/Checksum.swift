import Crypto

/// SHA-256 of bytes as lowercase hex, from swift-crypto (the checksums published for MNIST
/// and kept in the fixture's SHA256SUMS are of this form).
public enum Checksum {
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }
}
