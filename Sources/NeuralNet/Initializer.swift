import Randomness
import TensorGrad

/// How a weight tensor is first filled, with Keras' names and formulas.
///
/// For a weight of shape [fan_in, fan_out]:
///
///     glorot_uniform:  U(−l, l),  l = √(6 / (fan_in + fan_out))      (Keras' Dense default)
///     glorot_normal:   N(0, σ²) truncated at 2σ,  σ = √(2 / (fan_in + fan_out))
///     he_uniform:      U(−l, l),  l = √(6 / fan_in)
///     he_normal:       N(0, σ²) truncated at 2σ,  σ = √(2 / fan_in)
///     lecun_uniform:   U(−l, l),  l = √(3 / fan_in)
///     lecun_normal:    N(0, σ²) truncated at 2σ,  σ = √(1 / fan_in)
///
/// Truncated normals are drawn from a normal whose σ is divided by 0.8796…, the standard
/// deviation of a unit normal truncated at ±2, so the result has the σ above (as Keras does).
public enum Initializer: Equatable, Sendable {
    case zeros
    case ones
    case constant(Float)
    case uniform(low: Float, high: Float)
    case normal(mean: Float, standardDeviation: Float)
    case glorotUniform, glorotNormal
    case heUniform, heNormal
    case lecunUniform, lecunNormal

    /// The Keras name: `glorot_uniform`, `he_normal`, …
    public var name: String {
        switch self {
        case .zeros: "zeros"
        case .ones: "ones"
        case .constant(let v): "constant(\(v))"
        case .uniform(let lo, let hi): "uniform(\(lo), \(hi))"
        case .normal(let m, let s): "normal(\(m), \(s))"
        case .glorotUniform: "glorot_uniform"
        case .glorotNormal: "glorot_normal"
        case .heUniform: "he_uniform"
        case .heNormal: "he_normal"
        case .lecunUniform: "lecun_uniform"
        case .lecunNormal: "lecun_normal"
        }
    }

    /// Looks up a Keras name (`xavier_*` and `kaiming_*` are accepted too).
    public init?(named name: String) {
        switch name.lowercased() {
        case "zeros", "zero": self = .zeros
        case "ones", "one": self = .ones
        case "uniform", "random_uniform": self = .uniform(low: -0.05, high: 0.05)
        case "normal", "random_normal": self = .normal(mean: 0, standardDeviation: 0.05)
        case "glorot_uniform", "xavier_uniform": self = .glorotUniform
        case "glorot_normal", "xavier_normal": self = .glorotNormal
        case "he_uniform", "kaiming_uniform": self = .heUniform
        case "he_normal", "kaiming_normal": self = .heNormal
        case "lecun_uniform": self = .lecunUniform
        case "lecun_normal": self = .lecunNormal
        default: return nil
        }
    }

    public static let names = [
        "zeros", "ones", "uniform", "normal", "glorot_uniform", "glorot_normal",
        "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
    ]

    /// Values for a tensor of `shape` (fans from the first and last axes).
    public func values(_ shape: [Int], generator: inout SeededGenerator) -> [Float] {
        let count = shape.reduce(1, *)
        let fanIn = Double(shape.count >= 2 ? shape[0] : max(count, 1))
        let fanOut = Double(shape.count >= 2 ? shape[shape.count - 1] : max(count, 1))
        func uniform(_ limit: Double) -> [Float] { (0..<count).map { _ in Float(generator.uniform(-limit, limit)) } }
        func truncated(_ sigma: Double) -> [Float] {
            let scale = sigma / 0.87962566103423978
            return (0..<count).map { _ in
                var z = generator.normal()
                while abs(z) > 2 { z = generator.normal() }
                return Float(z * scale)
            }
        }
        switch self {
        case .zeros: return [Float](repeating: 0, count: count)
        case .ones: return [Float](repeating: 1, count: count)
        case .constant(let v): return [Float](repeating: v, count: count)
        case .uniform(let lo, let hi): return (0..<count).map { _ in Float(generator.uniform(Double(lo), Double(hi))) }
        case .normal(let m, let s):
            return (0..<count).map { _ in Float(generator.normal(mean: Double(m), standardDeviation: Double(s))) }
        case .glorotUniform: return uniform((6 / (fanIn + fanOut)).squareRoot())
        case .glorotNormal: return truncated((2 / (fanIn + fanOut)).squareRoot())
        case .heUniform: return uniform((6 / fanIn).squareRoot())
        case .heNormal: return truncated((2 / fanIn).squareRoot())
        case .lecunUniform: return uniform((3 / fanIn).squareRoot())
        case .lecunNormal: return truncated((1 / fanIn).squareRoot())
        }
    }
}
