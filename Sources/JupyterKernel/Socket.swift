import CZMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What went wrong with a socket, a connection file or a message, with ZeroMQ's own reason.
public struct KernelError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }

    /// The last ZeroMQ error, after `what`.
    static func zmq(_ what: String) -> KernelError {
        KernelError("\(what): \(String(cString: zmq_strerror(zmq_errno())))")
    }
}

/// One ZeroMQ context per kernel process; sockets are made from it. The pointer is safe to
/// share between threads (ZeroMQ's contexts are thread-safe; sockets are not).
struct Context: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    init() throws(KernelError) {
        guard let pointer = zmq_ctx_new() else { throw .zmq("cannot create a ZeroMQ context") }
        self.pointer = pointer
    }
}

/// A ZeroMQ socket that sends and receives multipart messages (lists of frames). Used on
/// one thread only.
final class Socket {
    let pointer: UnsafeMutableRawPointer
    let name: String

    init(_ context: Context, type: Int32, name: String) throws(KernelError) {
        guard let pointer = zmq_socket(context.pointer, type) else { throw .zmq("cannot create the \(name) socket") }
        self.pointer = pointer
        self.name = name
        // Unsent messages get a second at close (the shutdown reply), then are dropped.
        var linger: Int32 = 1000
        zmq_setsockopt(pointer, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    deinit { zmq_close(pointer) }

    func bind(_ endpoint: String) throws(KernelError) {
        guard zmq_bind(pointer, endpoint) == 0 else { throw .zmq("cannot bind the \(name) socket to \(endpoint)") }
    }

    /// Sends the frames as one multipart message.
    func send(_ frames: [[UInt8]]) throws(KernelError) {
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { zmq_send(pointer, $0.baseAddress, $0.count, flags) }
            guard sent >= 0 else { throw .zmq("cannot send on the \(name) socket") }
        }
    }

    /// Receives one multipart message (blocking), frame by frame.
    func receive() throws(KernelError) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            guard zmq_msg_recv(&message, pointer, 0) >= 0 else {
                if zmq_errno() == EINTR { continue }  // a signal (SIGINT in signal mode): try again
                throw .zmq("cannot receive on the \(name) socket")
            }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            guard zmq_msg_more(&message) != 0 else { return frames }
        }
    }

    /// The sockets among `sockets` that have a message waiting, after at most `timeout`
    /// milliseconds (-1: wait for one; 0: just look).
    static func ready(_ sockets: [Socket], timeout: Int) -> [Socket] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.pointer, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let count = zmq_poll(&items, Int32(items.count), timeout)
        guard count > 0 else { return [] }
        return zip(sockets, items).filter { $1.revents & Int16(ZMQ_POLLIN) != 0 }.map(\.0)
    }
}
