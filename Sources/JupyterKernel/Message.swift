import Crypto
import Foundation
import JSON

/// A Jupyter message on the wire: routing identities, `<IDS|MSG>`, the signature, then
/// header, parent header, metadata and content as JSON, then binary buffers.
public struct Message {
    public var identities: [[UInt8]]
    public var header: JSON
    public var parentHeader: JSON
    public var metadata: JSON
    public var content: JSON
    public var buffers: [[UInt8]] = []

    public var type: String { header["msg_type"]?.string ?? "" }

    public static let delimiter = Array("<IDS|MSG>".utf8)
    public static let protocolVersion = "5.3"

    /// Why a received message was dropped.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case noDelimiter
        case missingParts(Int)
        case badSignature
        case notJSON(String)

        public var description: String {
            switch self {
            case .noDelimiter: "no <IDS|MSG> delimiter"
            case .missingParts(let n): "\(n) frames after the delimiter, expected at least 5"
            case .badSignature: "wrong or missing signature"
            case .notJSON(let reason): "a part is not JSON: \(reason)"
            }
        }
    }

    public init(identities: [[UInt8]], header: JSON, parentHeader: JSON, metadata: JSON, content: JSON) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
    }

    /// Reads the frames of a received message. The signature is checked over the bytes as
    /// they arrived, before any of them is parsed: a message that fails is never looked at.
    public init(frames: [[UInt8]], signer: Signer) throws(Refusal) {
        guard let split = frames.firstIndex(of: Message.delimiter) else { throw .noDelimiter }
        let parts = Array(frames[(split + 1)...])
        guard parts.count >= 5 else { throw .missingParts(parts.count) }
        guard signer.verify(String(decoding: parts[0], as: UTF8.self), parts[1...4]) else { throw .badSignature }
        func json(_ bytes: [UInt8]) throws(Refusal) -> JSON {
            do throws(JSONError) { return try JSON(parsing: bytes) } catch { throw .notJSON(error.description) }
        }
        identities = Array(frames[..<split])
        header = try json(parts[1])
        parentHeader = try json(parts[2])
        metadata = try json(parts[3])
        content = try json(parts[4])
        buffers = Array(parts.dropFirst(5))
    }

    /// The frames to send, signed.
    public func frames(signer: Signer) -> [[UInt8]] {
        let parts = [header, parentHeader, metadata, content].map { Array($0.serialized().utf8) }
        return identities + [Message.delimiter, Array(signer.sign(parts).utf8)] + parts + buffers
    }

    /// A new header: a fresh id, this kernel's session, the time with its zone.
    public static func header(type: String, session: String) -> JSON {
        .object([
            ("msg_id", .string(UUID().uuidString.lowercased())), ("session", .string(session)),
            ("username", "gradbook"), ("date", .string(timestamp())), ("msg_type", .string(type)),
            ("version", .string(protocolVersion)),
        ])
    }

    /// ISO 8601 with microseconds and the zone: `2026-12-01T23:59:00.123456Z`.
    static func timestamp() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let text = String(n)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let micros = String(time.tv_nsec / 1000)
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: max(0, 6 - micros.count)) + micros + "Z"
    }
}

/// HMAC-SHA256 over header ‖ parent header ‖ metadata ‖ content with the connection's key,
/// in lowercase hex. An empty key means no signing (the signature is empty).
public struct Signer {
    let key: SymmetricKey?

    public init(key: [UInt8]) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: key)
    }

    public func sign(_ parts: some Collection<[UInt8]>) -> String {
        guard let key else { return "" }
        var hmac = HMAC<SHA256>(key: key)
        for part in parts { hmac.update(data: part) }
        return hmac.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Whether `signature` is the parts' signature, compared in constant time (the time
    /// taken does not depend on where the first wrong character is).
    public func verify(_ signature: String, _ parts: some Collection<[UInt8]>) -> Bool {
        let expected = Array(sign(parts).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}
