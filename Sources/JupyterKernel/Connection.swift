import JSON

/// The connection file Jupyter writes before it starts a kernel: where to bind each socket
/// and the key that signs every message.
public struct Connection: Sendable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    public var key: [UInt8]
    public var signatureScheme: String

    public init(json: JSON) throws(KernelError) {
        func text(_ name: String) throws(KernelError) -> String {
            guard let value = json[name]?.string else { throw KernelError("the connection file has no \"\(name)\"") }
            return value
        }
        func port(_ name: String) throws(KernelError) -> Int {
            guard let value = json[name]?.count(upTo: 65535) else {
                throw KernelError("the connection file's \"\(name)\" is not a port number (0…65535)")
            }
            return value
        }
        transport = json["transport"]?.string ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else {
            throw KernelError("the connection file's transport \"\(transport)\" is neither tcp nor ipc")
        }
        ip = try text("ip")
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        heartbeatPort = try port("hb_port")
        key = Array((json["key"]?.string ?? "").utf8)
        signatureScheme = json["signature_scheme"]?.string ?? "hmac-sha256"
        guard signatureScheme == "hmac-sha256" else {
            throw KernelError("the signature scheme \"\(signatureScheme)\" is not supported (only hmac-sha256)")
        }
    }

    /// `tcp://127.0.0.1:5555`, or `ipc://kernel-ipc-1` for the ipc transport.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}
