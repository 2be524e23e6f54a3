import Datasets
import Kernels

extension SparseRows {
    /// The sparse rows of a byte data set (MNIST), when it is sparse enough to pay.
    convenience init?(_ data: Dataset, density: Double = 0.5) {
        guard case .bytes(let bytes, let scale) = data.features else { return nil }
        self.init(bytes: bytes, rows: data.count, width: data.featureWidth, scale: scale, density: density)
    }
}
