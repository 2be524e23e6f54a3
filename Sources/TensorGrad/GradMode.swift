/// Whether operations record the graph for backward (PyTorch's `torch.no_grad()`).
public enum GradMode {
    /// Read by every operation; the engine is single-threaded by design.
    nonisolated(unsafe) public private(set) static var isEnabled = true

    /// Runs `body` without recording: results have no graph and need no gradient.
    public static func withoutGradients<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let previous = isEnabled
        isEnabled = false
        defer { isEnabled = previous }
        return try body()
    }
}
