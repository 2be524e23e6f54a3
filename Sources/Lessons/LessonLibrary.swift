import Foundation

/// The lessons of a directory of Markdown files named `NN-title.md`, in number order.
public struct LessonLibrary: Sendable {
    public let directory: String?
    package let lessons: [Lesson]
    /// The lessons' prose in other languages, by language code (`zh`: `Lessons/zh/NN-*.md`),
    /// each a prose-only Markdown file with the same steps as the English lesson.
    package let translations: [String: [Int: Lesson]]
    /// The languages lessons are written in: English, then those with translations.
    package static let languages = ["en", "zh"]

    /// These lessons (the test suite's variations of the shipped ones).
    package init(lessons: [Lesson], directory: String? = nil, translations: [String: [Int: Lesson]] = [:]) {
        self.directory = directory
        self.lessons = lessons
        self.translations = translations
    }

    /// Reads every `NN-*.md` in `directory`, and the translations in its language folders
    /// (no directory: no lessons).
    public init(directory: String?) {
        self.directory = directory
        guard let directory else {
            lessons = []
            translations = [:]
            return
        }
        lessons = Self.read(directory)
        var translations: [String: [Int: Lesson]] = [:]
        for language in Self.languages.dropFirst() {
            let found = Self.read(directory + "/" + language)
            if !found.isEmpty { translations[language] = Dictionary(found.map { ($0.number, $0) }) { a, _ in a } }
        }
        self.translations = translations
    }

    private static func read(_ directory: String) -> [Lesson] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return files.compactMap { file -> Lesson? in
            guard file.hasSuffix(".md"), let number = Int(file.prefix { $0.isNumber }),
                let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            else { return nil }
            return Lesson(number: number, markdown: text)
        }.sorted { $0.number < $1.number }
    }

    /// Lesson `number` in `language` (`en`, `zh`): the translation's prose over the English
    /// lesson's cells and checks; English where there is no translation (or one that does not
    /// match the lesson's steps).
    package func lesson(_ number: Int, language: String = "en") -> Lesson? {
        guard let lesson = lessons.first(where: { $0.number == number }) else { return nil }
        guard language != "en", let translation = translations[language]?[number] else { return lesson }
        return lesson.translated(by: translation, language: language) ?? lesson
    }

    /// The running executable's path: the kernel's `/proc/self/exe` on Linux (argv[0] is only
    /// `gradbook` when it was started from PATH), else argv[0] resolved against PATH.
    public static var executable: String {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return path
            }
        #endif
        let argument = CommandLine.arguments.first ?? ""
        guard !argument.contains("/") else { return argument }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { $0 + "/" + argument }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        } ?? argument
    }

    /// Finds the `Lessons` directory: an explicit path, the environment's (`$GRADBOOK_LESSONS`,
    /// which the executable reads), or a `Lessons` folder in the current directory or above
    /// the executable (a source checkout).
    public static func locate(
        explicit: String? = nil, environment: String? = nil, executable: String = LessonLibrary.executable
    ) -> String? {
        if let explicit { return explicit }
        if let environment { return environment }
        return inCheckout("Lessons", executable: executable)
    }

    /// `relative` (a directory) in the current directory, in a folder above the executable (a
    /// source checkout), or in `share/gradbook` beside the executable's `bin` (what
    /// scripts/install writes: PREFIX/bin/gradbook, PREFIX/share/gradbook/Lessons): the lessons,
    /// the MNIST sample.
    public static func inCheckout(_ relative: String, executable: String = LessonLibrary.executable) -> String? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        func exists(_ path: String) -> Bool {
            manager.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        var candidates = [manager.currentDirectoryPath]
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = url.deletingLastPathComponent().appendingPathComponent("share/gradbook").path
        for _ in 0..<6 {
            candidates.append(url.path)
            url.deleteLastPathComponent()
        }
        candidates.append(installed)
        return candidates.map { $0 + "/" + relative }.first(where: exists)
    }
}
