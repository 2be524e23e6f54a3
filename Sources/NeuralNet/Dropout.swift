import Randomness
import TensorGrad

/// Dropout: during training each unit is zeroed with probability `rate` and the survivors
/// are scaled by 1/(1 − rate) ("inverted dropout", as Keras and PyTorch), so inference
/// needs no rescaling and is the identity.
public final class Dropout: Layer {
    public var name: String
    public let rate: Float
    /// Draws the masks (saved with the model, so resumed training draws the same ones).
    public var generator: SeededGenerator

    public init(rate: Float, name: String, seed: UInt64) throws(TensorError) {
        guard rate >= 0, rate < 1 else {
            throw .invalidArgument(op: "dropout", reason: "rate must be in [0, 1), got \(rate)")
        }
        self.rate = rate
        self.name = name
        generator = SeededGenerator(seed: seed)
    }

    public var kind: String { "Dropout" }
    public var details: String { "rate \(rate)" }

    /// Fills `mask` with 1/(1 − rate) (kept) or 0 (dropped), from the layer's own generator:
    /// the fast training path and the graph path draw the same masks.
    public func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int) {
        let keep = 1 - rate
        for i in 0..<count { mask[i] = generator.uniform() < Double(keep) ? 1 / keep : 0 }
    }

    public func callAsFunction(_ x: Tensor, training: Bool) throws(TensorError) -> Tensor {
        guard training, rate > 0 else { return x }
        var mask = [Float](repeating: 0, count: x.count)
        mask.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { fillMask(base, count: x.count) } }
        return try x * Tensor(shape: x.shape, data: mask)
    }
}
