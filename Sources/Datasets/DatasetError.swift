/// What can be wrong with a data file or a data request; each case names the file or value.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read (missing, unreadable).
    case unreadable(path: String, reason: String)
    /// The content is not what it should be; the message says precisely what.
    case corrupt(String)
    /// A required file is not in the directory.
    case missing(directory: String, wanted: [String])
    /// A request that makes no sense (a bad split, a bad column).
    case invalid(String)
    /// A download failed; nothing was written over a good file.
    case download(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .corrupt(let message): message
        case .missing(let directory, let wanted):
            "\(directory): no \(wanted.joined(separator: " or ")) (get them with: data download mnist \(directory))"
        case .invalid(let message): message
        case .download(let message): message
        }
    }

    /// Prefixes the file name to a corruption message.
    func inFile(_ path: String) -> DatasetError {
        if case .corrupt(let message) = self { return .corrupt("\(path): \(message)") }
        return self
    }
}
