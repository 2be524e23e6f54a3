#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Elementwise work over large buffers, cut into one chunk per core.
enum Parallel {
    static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Calls `body` on consecutive ranges covering 0..<count, at the same time when `count` is
    /// at least `minimum` per chunk (smaller work is not worth a thread).
    static func chunks(_ count: Int, minimum: Int = 16_384, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = max(1, min(cores, count / minimum))
        if parts == 1 { return body(0..<count) }
        // Chunk boundaries on multiples of 16 elements keep each chunk's vectors whole.
        let size = ((count + parts - 1) / parts + 15) / 16 * 16
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = min(part * size, count)
            body(start..<min(start + size, count))
        }
    }
}
