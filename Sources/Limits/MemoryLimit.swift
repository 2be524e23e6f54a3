#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The memory one session may use, set by a teacher per kernel (`--max-memory 512M`, or
/// `GRADBOOK_MAX_MEMORY`): what a user asks for — a tensor, a data file, a model — is refused
/// with its size and what is in use when it would take the process past the limit, before it is
/// allocated, and the session keeps everything it had. Without a limit nothing is measured.
///
/// It is a check, not a cage: the few megabytes a training step allocates per batch are not
/// counted one by one (only requests of a mebibyte or more look at the process's size). A hard
/// cap per learner belongs to the hub's spawner (a cgroup), which kills instead of explaining.
public enum MemoryLimit {
    /// The limit in bytes; nil: none. Set once, at start, by the executable.
    nonisolated(unsafe) public private(set) static var bytes: Int?

    /// The smallest limit accepted: a kernel needs about 40 MB before it does anything.
    public static let smallest = 64 << 20

    /// Sets the limit (nil: none); a limit under `smallest` is refused with the reason.
    public static func set(_ limit: Int?) throws(MemoryLimitError) {
        if let limit, limit < smallest {
            throw MemoryLimitError(
                "\(format(limit)) is less than a session needs to start; give \(format(smallest)) or more")
        }
        bytes = limit
    }

    /// `512M`, `1.5G`, `300000000`, `256MB`, `2GiB`: a size in bytes (K, M, G are powers of 1024, as
    /// Docker and JupyterHub's `mem_limit` read them); nil for anything else.
    public static func parse(_ text: String) -> Int? {
        var digits = String(text.filter { $0 != " " }).uppercased()
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits.removeLast(suffix.count)
            break
        }
        let units: [Character: Double] = [
            "K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024,
        ]
        var scale = 1.0
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let number = Double(digits), number.isFinite, number > 0, number * scale < 9e18 else { return nil }
        return Int(number * scale)
    }

    /// The process's resident memory now, in bytes (0 where it cannot be read).
    public static func resident() -> Int {
        #if os(Linux)
            // statm: "size resident shared …" in pages.
            let descriptor = open("/proc/self/statm", O_RDONLY)
            guard descriptor >= 0 else { return 0 }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return 0 }
            let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
            guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
            var usage = rusage()
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss)  // bytes on macOS (the peak: the best without Mach calls)
        #endif
    }

    /// Refuses `bytes` more for `what` when the process would go past the limit.
    public static func check(_ bytes: Int, for what: @autoclosure () -> String) throws(MemoryLimitError) {
        guard let limit = MemoryLimit.bytes, bytes >= 1 << 20 else { return }
        let inUse = resident()
        guard inUse + bytes > limit else { return }
        throw MemoryLimitError(what: what(), needed: bytes, inUse: inUse, limit: limit)
    }

    /// `1.5 GB`, `512 MB`, `64 KB` (powers of 1024, as the limit is read).
    public static func format(_ bytes: Int) -> String {
        let units: [(String, Double)] = [("GB", 1024 * 1024 * 1024), ("MB", 1024 * 1024), ("KB", 1024)]
        for (name, size) in units where Double(bytes) >= size {
            let value = Double(bytes) / size
            let text = value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 10)) / 10)
            return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " " + name
        }
        return "\(bytes) bytes"
    }
}

/// A request refused by the memory limit, naming its size, what is in use and the limit (or a
/// limit that cannot be set).
public struct MemoryLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What asked (`a tensor of shape [100000, 1000]`), empty for a limit refused.
    public let what: String
    /// Why, without `what`: `needs 381 MB; 38 MB of this session's 256 MB are in use (…)`.
    public let reason: String

    init(what: String, needed: Int, inUse: Int, limit: Int) {
        self.what = what
        reason =
            "needs \(MemoryLimit.format(needed)); \(MemoryLimit.format(inUse)) of this session's "
            + "\(MemoryLimit.format(limit)) are in use (the limit a teacher set: --max-memory or GRADBOOK_MAX_MEMORY)"
    }

    init(_ reason: String) {
        what = ""
        self.reason = reason
    }

    public var description: String { what.isEmpty ? reason : what + " " + reason }
}
