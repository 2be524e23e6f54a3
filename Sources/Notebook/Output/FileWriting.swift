#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `text` to `path`, replacing the file atomically: the bytes go to a temporary file
/// beside it, which is renamed over `path` only when complete. An interrupted or failed write
/// (a full disk, Ctrl-C, a crash) leaves the old file, or none, never half a file.
/// Errors name the path and the reason.
func writeText(_ text: String, to path: String) throws(NotebookError) {
    let temporary = path + ".gradbook-\(getpid()).tmp"
    guard let file = fopen(temporary, "w") else {
        throw .file(path: path, reason: String(cString: strerror(errno)))
    }
    let bytes = Array(text.utf8)
    let written = fwrite(bytes, 1, bytes.count, file) == bytes.count
    let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
    let reason = String(cString: strerror(errno))
    fclose(file)
    guard written, flushed else {
        unlink(temporary)
        throw .file(path: path, reason: "could not write: " + reason)
    }
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw .file(path: path, reason: "could not replace the file: " + reason)
    }
}
