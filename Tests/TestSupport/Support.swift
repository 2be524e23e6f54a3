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
