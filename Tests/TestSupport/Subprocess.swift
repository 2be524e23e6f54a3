import Foundation

#if canImport(Glibc)
    import Glibc
    private typealias FileActions = posix_spawn_file_actions_t
    private typealias SpawnAttributes = posix_spawnattr_t
#elseif canImport(Darwin)
    import Darwin
    private typealias FileActions = posix_spawn_file_actions_t?
    private typealias SpawnAttributes = posix_spawnattr_t?
#endif

#if canImport(Glibc)
    /// glibc's pipe2, which the Glibc module leaves out (it needs _GNU_SOURCE).
    @_silgen_name("pipe2") private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
#endif

// The C calls under names that the methods below do not shadow.
private func signalProcess(_ pid: pid_t, _ signal: Int32) { _ = kill(pid, signal) }
private func readBytes(_ fd: Int32, _ buffer: inout [UInt8]) -> Int { read(fd, &buffer, buffer.count) }
private func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
    #if canImport(Glibc)
        return pipe2(&fds, O_CLOEXEC) == 0
    #else
        guard pipe(&fds) == 0 else { return false }
        return fds.allSatisfy { fcntl($0, F_SETFD, FD_CLOEXEC) == 0 }
    #endif
}

/// A child process for tests, spawned with `posix_spawn` and reaped with `waitpid`, with a
/// deadline on every wait.
///
/// Why not Foundation's `Process`: on Linux it learns that a child ended when every copy of a
/// socket it hands the child is closed, and a child spawned at the same moment by another test
/// (tests run in parallel) can inherit that socket and keep it open for as long as it lives —
/// a tmux server, an HTTP server, a training run. `waitUntilExit` then never returns and the
/// whole suite hangs. Here every pipe is close-on-exec, so a child gets exactly its three
/// standard streams, and a wait that passes its deadline kills the child and says so.
public final class Subprocess {
    public let pid: pid_t
    private var output: Int32
    private var errors: Int32
    private var status: Int32?
    /// Everything read so far from the child's standard output and standard error.
    public private(set) var stdout = Data()
    public private(set) var stderr = Data()

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a finished child left: its exit status (128 + signal number when a signal ended
    /// it), its output, and whether it had to be killed at the deadline.
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
    }

    /// Starts `arguments[0]` (looked up on PATH) with `arguments.dropFirst()`. `input` is
    /// written to its standard input, which is then closed (nil: /dev/null). Standard output
    /// is captured; standard error too when `captureErrors`, else it goes to /dev/null.
    public init(
        _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
        captureErrors: Bool = true
    ) throws {
        _ = Self.standardStreamsOpen
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        func makePipe(_ fds: inout [Int32]) throws {
            guard closeOnExecPipe(&fds) else {
                throw Failure(description: "pipe2: \(String(cString: strerror(errno)))")
            }
        }
        if input != nil { try makePipe(&inputPipe) }
        try makePipe(&outputPipe)
        if captureErrors { try makePipe(&errorPipe) }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)

        var actions = FileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto 0, 1, 2 clears close-on-exec on the copies only.
        posix_spawn_file_actions_adddup2(&actions, input != nil ? inputPipe[0] : null, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, captureErrors ? errorPipe[1] : null, 2)

        // The child starts with no blocked signals and default SIGINT/SIGTERM handling,
        // whatever the test thread that spawned it had.
        var attributes = SpawnAttributes()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var env = environment ?? ProcessInfo.processInfo.environment
        if env["PATH"] == nil { env["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)

        for fd in [inputPipe[0], outputPipe[1], errorPipe[1], null] where fd >= 0 { close(fd) }
        guard spawned == 0 else {
            for fd in [inputPipe[1], outputPipe[0], errorPipe[0]] where fd >= 0 { close(fd) }
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        output = outputPipe[0]
        errors = errorPipe[0]
        if let input {
            // Test inputs are small (far below a pipe's buffer), so this cannot block.
            let bytes = Array(input.utf8)
            _ = bytes.withUnsafeBytes { write(inputPipe[1], $0.baseAddress, $0.count) }
            close(inputPipe[1])
        }
    }

    /// CI runs the tests with no standard input at all (descriptor 0 closed). Then the next
    /// pipe would land on 0 and a child's stdin could be some other test's pipe; /dev/null
    /// takes any free standard slot first.
    private static let standardStreamsOpen: Bool = {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDWR)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
        return true
    }()

    deinit {
        if status == nil {
            signalProcess(pid, SIGKILL)
            reap(deadline: Date().addingTimeInterval(5))
        }
        if output >= 0 { close(output) }
        if errors >= 0 { close(errors) }
    }

    /// Sends `signal` to the child.
    public func kill(_ signal: Int32) {
        if status == nil { signalProcess(pid, signal) }
    }

    /// Reads output until `stop` holds for the standard output so far, both streams end, or
    /// `timeout` seconds pass. Returns the standard output so far.
    @discardableResult
    public func read(timeout: Double, until stop: (String) -> Bool = { _ in false }) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while output >= 0 || errors >= 0 {
            if stop(String(decoding: stdout, as: UTF8.self)) { break }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { break }
            var fds = [output, errors].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = readBytes(entry.fd, &buffer)
                if count > 0 {
                    if entry.fd == output {
                        stdout.append(contentsOf: buffer[..<count])
                    } else {
                        stderr.append(contentsOf: buffer[..<count])
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(entry.fd)
                    if entry.fd == output { output = -1 } else { errors = -1 }
                }
            }
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Reads both streams to their end and waits for the child to exit; past `timeout`
    /// seconds the child is killed (SIGKILL) and the result says it timed out.
    public func finish(timeout: Double) -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        read(timeout: timeout)
        let timedOut = !reap(deadline: deadline)
        if timedOut {
            signalProcess(pid, SIGKILL)
            reap(deadline: Date().addingTimeInterval(5))
        }
        return Result(
            status: status ?? -1, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
    }

    /// Kills the child (SIGKILL: a child may have blocked SIGTERM) and reaps it.
    public func stop() {
        kill(SIGKILL)
        reap(deadline: Date().addingTimeInterval(5))
    }

    /// Polls `waitpid` until the child has exited or `deadline` passes; true if it exited.
    @discardableResult
    private func reap(deadline: Date) -> Bool {
        while status == nil {
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                let signal = raw & 0x7f
                status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            } else if result < 0 && errno != EINTR {
                status = -1
            } else if Date() >= deadline {
                return false
            } else {
                usleep(10_000)
            }
        }
        return true
    }

    /// Runs `arguments` to completion (at most `timeout` seconds) and returns what it left.
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
        captureErrors: Bool = true, timeout: Double = 120
    ) throws -> Result {
        try Subprocess(arguments, environment: environment, input: input, captureErrors: captureErrors).finish(
            timeout: timeout)
    }
}
