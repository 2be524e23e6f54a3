/// Whether operations record the graph for backward (PyTorch's `torch.no_grad()`).
///
/// A task-local value: `withoutGradients` affects only the code it runs (and tasks it
/// starts), so two notebooks in one process, or tests running in parallel, cannot switch
/// each other's recording off.
public enum GradMode {
    @TaskLocal public static var isEnabled = true

    /// Runs `body` without recording: results have no graph and need no gradient.
    public static func withoutGradients<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let result: Result<T, E> = $isEnabled.withValue(false) {
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
