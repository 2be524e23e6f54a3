import Randomness
import TensorGrad

/// Dropout: during training each unit is zeroed with probability `rate` and the survivors
/// are scaled by 1/(1 − rate) ("inverted dropout", as Keras and PyTorch), so inference
/// needs no rescaling and is the identity.
public final class Dropout: Layer {
    public var name: String
    public let rate: Float
    private var generator: SeededGenerator

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

    public func callAsFunction(_ x: Tensor, training: Bool) throws(TensorError) -> Tensor {
        guard training, rate > 0 else { return x }
        let keep = 1 - rate
        let mask = (0..<x.count).map { _ in generator.uniform() < Double(keep) ? 1 / keep : 0 }
        return try x * Tensor(shape: x.shape, data: mask)
    }
}
