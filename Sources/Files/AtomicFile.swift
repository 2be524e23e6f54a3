#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `text` to `path`, replacing a regular file atomically: the bytes go to a temporary
/// file beside it, which is renamed over `path` only when complete. An interrupted or failed
/// write (a full disk, Ctrl-C, a crash) leaves the old file, or none, never half a file.
///
/// A symbolic link is followed (its target is replaced, the link stays), and anything that
/// is not a regular file — `/dev/stdout`, a pipe, a device — is written to in place, as a
/// shell's `>` would, never renamed over. Errors name the path and the reason.
package enum AtomicFile {
    package static func write(text: String, to path: String) throws(FileError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` the same way (a model file, a notebook).
    package static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try writeBytes(bytes, to: path)
    }
}

private func writeBytes(_ bytes: [UInt8], to path: String) throws(FileError) {
    let target = followingLinks(path)
    var status = stat()
    if stat(target, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
        guard (status.st_mode & S_IFMT) != S_IFDIR else { throw .file(path: path, reason: "is a directory") }
        try write(bytes, into: target, named: path, sync: false)
        return
    }
    let temporary = target + ".gradbook-\(getpid()).tmp"
    do throws(FileError) {
        try write(bytes, into: temporary, named: path, sync: true)
    } catch {
        unlink(temporary)
        throw error
    }
    guard rename(temporary, target) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw .file(path: path, reason: "could not replace the file: " + reason)
    }
}

/// Writes all of `bytes` into the file at `location` (created or truncated); with `sync`, on
/// disk before returning (so the rename that follows publishes a complete file).
private func write(_ bytes: [UInt8], into location: String, named path: String, sync: Bool) throws(FileError) {
    guard let file = fopen(location, "w") else {
        throw .file(path: path, reason: String(cString: strerror(errno)))
    }
    let written = fwrite(bytes, 1, bytes.count, file) == bytes.count
    let flushed = fflush(file) == 0 && (!sync || fsync(fileno(file)) == 0)
    let reason = String(cString: strerror(errno))
    let closed = fclose(file) == 0
    guard written, flushed, closed else { throw .file(path: path, reason: "could not write: " + reason) }
}

/// `path` with symbolic links followed, also to a target that does not exist yet (a few
/// levels deep; a loop stops there).
private func followingLinks(_ path: String) -> String {
    var current = path
    for _ in 0..<16 {
        var status = stat()
        guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(current, &buffer, buffer.count - 1)
        guard length > 0 else { return current }
        let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if destination.hasPrefix("/") {
            current = destination
        } else {
            let directory = current.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
                separator: "/")
            current = (directory.isEmpty ? "." : directory) + "/" + destination
        }
    }
    return current
}

/// A file that could not be read or written: the path and the reason.
package struct FileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }

    package static func file(path: String, reason: String) -> FileError { FileError(path: path, reason: reason) }
}
