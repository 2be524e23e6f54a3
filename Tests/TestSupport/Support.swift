import Foundation
import Testing

/// Expects `actual` to equal `expected` within `tolerance` (absolute plus relative).
public func expectClose(
    _ actual: Double, _ expected: Double, tolerance: Double = 1e-9,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    let scale = max(1, abs(expected))
    let note = "\(actual) is not within \(tolerance) of \(expected)" + (comment.map { " — \($0)" } ?? "")
    #expect(abs(actual - expected) <= tolerance * scale, Comment(rawValue: note), sourceLocation: sourceLocation)
}

/// The central finite difference (f(x + h) − f(x − h)) / 2h.
public func numericDerivative(at x: Double, step h: Double = 1e-6, of f: (Double) -> Double) -> Double {
    (f(x + h) - f(x - h)) / (2 * h)
}

/// The package root (where Package.swift is), found from a test file's path.
public func packageRoot(from file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    while let last = parts.last, last != "Tests" { parts.removeLast() }
    parts.removeLast()
    return parts.joined(separator: "/")
}

/// Data the tests read: the small MNIST shipped in the repository, and the full set when this
/// machine has it.
public enum Fixtures {
    /// The first 1,000 training and 200 test images of the real MNIST, gzipped IDX
    /// (made by scripts/make-mnist-fixture; SHA-256 of each content in its SHA256SUMS).
    public static var mnistSmall: String { packageRoot() + "/Tests/Fixtures/mnist-small" }

    /// The recorded SHA-256 of each fixture file's decompressed content, by file name.
    public static func mnistSmallChecksums() throws -> [String: String] {
        let text = try String(contentsOfFile: mnistSmall + "/SHA256SUMS", encoding: .utf8)
        var sums: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2 { sums[String(parts[1])] = String(parts[0]) }
        }
        return sums
    }

    /// The full MNIST (60,000 + 10,000): `$GRADBOOK_DATA`, then ../shared/data/mnist; nil when
    /// neither holds the four files. Tests that need it are skipped, with this reason, without it.
    public static let fullMNIST: String? = {
        var candidates: [String] = []
        if let data = ProcessInfo.processInfo.environment["GRADBOOK_DATA"], !data.isEmpty { candidates.append(data) }
        candidates.append(packageRoot() + "/../shared/data/mnist")
        let names = [
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
        ]
        return candidates.first { directory in
            names.allSatisfy { FileManager.default.fileExists(atPath: directory + "/" + $0) }
        }
    }()

    public static let fullMNISTMissing: Comment =
        "needs the full MNIST (60k/10k): set GRADBOOK_DATA to its directory or place it at ../shared/data/mnist"
}

/// Programs some tests drive; `scripts/test` installs them, and a test that needs one that is
/// missing is skipped with the reason.
public enum Tools {
    /// True when `name` is an executable on PATH.
    public static func available(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    public static let hasPython = available("python3")
    public static let hasTmux = available("tmux")
}

/// Where the build put this test bundle, and so the products built with it: `swift test`
/// builds the `gradbook` executable from the current sources into the same directory
/// (FrontEndTests depends on it), so the front-end tests never run a stale binary.
public var productsDirectory: String {
    #if os(macOS)
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent().path
        }
    #endif
    let executable =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: executable).deletingLastPathComponent().path
}
