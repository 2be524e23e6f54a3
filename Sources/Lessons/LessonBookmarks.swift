import Files

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The step each lesson was left at, kept in a small text file between sessions (one line
/// per lesson: `N STEP`, steps counted from 1). A missing or unreadable file is an empty
/// record; a line that does not parse is skipped. Only the interactive front end gives a
/// path: scripts and tests never touch a learner's bookmarks.
public struct LessonBookmarks: Sendable {
    public let path: String
    public private(set) var steps: [Int: Int] = [:]

    public init(path: String) {
        self.path = path
        guard let file = fopen(path, "r") else { return }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let text = line.map({ String(cString: $0) }) {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            if words.count == 2, let lesson = Int(words[0]), let step = Int(words[1]), step >= 1, step <= 1000 {
                steps[lesson] = step
            }
        }
    }

    /// Records that `lesson` is at `step` (from 1) and saves the file (atomically).
    package mutating func record(lesson: Int, step: Int) throws(FileError) {
        steps[lesson] = step
        let text = steps.keys.sorted().map { "\($0) \(steps[$0] ?? 1)" }.joined(separator: "\n") + "\n"
        try AtomicFile.write(text: text, to: path)
    }
}
