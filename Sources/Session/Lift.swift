import Files
import TensorGrad

/// Runs a tensor-engine call, reporting its error as a notebook error.
@inline(__always)
package func lift<T>(_ body: () throws(TensorError) -> T) throws(NotebookError) -> T {
    do throws(TensorError) {
        return try body()
    } catch {
        throw .tensor(error)
    }
}

/// Writes `text` to `path` atomically (`AtomicFile`); the error names the path and reason.
package func writeText(_ text: String, to path: String) throws(NotebookError) {
    do throws(FileError) { try AtomicFile.write(text: text, to: path) } catch { throw NotebookError(error) }
}

/// Writes `bytes` to `path` atomically (`AtomicFile`).
package func writeBytes(_ bytes: [UInt8], to path: String) throws(NotebookError) {
    do throws(FileError) { try AtomicFile.write(bytes, to: path) } catch { throw NotebookError(error) }
}

/// Runs a file operation (a checkpoint, an atomic write), reporting its error as a notebook
/// error naming the path.
@inline(__always)
package func onFile<T>(_ body: () throws(FileError) -> T) throws(NotebookError) -> T {
    do throws(FileError) { return try body() } catch { throw NotebookError(error) }
}
