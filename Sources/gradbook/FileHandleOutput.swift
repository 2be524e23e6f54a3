#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few direct file operations the executable needs.
enum FileHandleOutput {
    /// Writes to standard error (unbuffered).
    static func error(_ text: String) {
        fflush(nil)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// The whole file as text, or why it cannot be a script: missing, unreadable, a
    /// directory, or binary (a NUL byte).
    static func readScript(_ path: String) -> Result<String, ScriptFileError> {
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            return .failure(.init(reason: "is a directory"))
        }
        guard let file = fopen(path, "r") else { return .failure(.init(reason: String(cString: strerror(errno)))) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            bytes += buffer[0..<count]
            if count < buffer.count { break }
        }
        if ferror(file) != 0 { return .failure(.init(reason: String(cString: strerror(errno)))) }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(.init(reason: "a NUL byte at offset \(nul): not a text file"))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }
}

/// Why a script file cannot be run.
struct ScriptFileError: Error {
    let reason: String
}
