#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many columns output may use: the terminal's width when standard output is one (asked
/// again for each cell, so a resized window is followed), else `$COLUMNS`, else 80.
enum Columns {
    static var current: Int { terminal ?? fallback }

    static var terminal: Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The terminal's rows, when standard output is one.
    static var rows: Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    static var fallback: Int {
        getenv("COLUMNS").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 10 ? $0 : nil } ?? 80
    }
}
