import TensorGrad

/// Runs a tensor-engine call, reporting its error as a notebook error.
@inline(__always)
func lift<T>(_ body: () throws(TensorError) -> T) throws(NotebookError) -> T {
    do throws(TensorError) {
        return try body()
    } catch {
        throw .tensor(error)
    }
}
