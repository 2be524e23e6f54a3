import ScalarGrad
import TensorGrad

/// A parameter an optimizer updates: a tensor (Float32, updated in place) or a list of
/// scalar Values (Float64). Both expose their elements and gradients as Doubles.
public final class OptimizedParameter {
    public enum Storage {
        case tensor(Tensor)
        case values([Value])
    }

    public let name: String
    public let storage: Storage

    public init(name: String, tensor: Tensor) {
        self.name = name
        storage = .tensor(tensor)
    }

    public init(name: String, values: [Value]) {
        self.name = name
        storage = .values(values)
    }

    public var count: Int {
        switch storage {
        case .tensor(let t): t.count
        case .values(let v): v.count
        }
    }

    public var shape: [Int] {
        switch storage {
        case .tensor(let t): t.shape
        case .values(let v): [v.count]
        }
    }

    /// Element `i` of the parameter.
    @inline(__always)
    public func value(at i: Int) -> Double {
        switch storage {
        case .tensor(let t): Double(t.data[i])
        case .values(let v): v[i].data
        }
    }

    @inline(__always)
    public func setValue(_ x: Double, at i: Int) {
        switch storage {
        case .tensor(let t): t.data[i] = Float(x)
        case .values(let v): v[i].data = x
        }
    }

    /// ∂L/∂element `i` (0 when no backward pass reached it).
    @inline(__always)
    public func gradient(at i: Int) -> Double {
        switch storage {
        case .tensor(let t): t.grad.map { Double($0[i]) } ?? 0
        case .values(let v): v[i].grad
        }
    }

    /// All elements, for snapshots and tests.
    public var values: [Double] { (0..<count).map(value(at:)) }
    public var gradients: [Double] { (0..<count).map(gradient(at:)) }

    /// The element at a multi-index such as [3, 17].
    public func flatIndex(_ index: [Int]) -> Int? {
        let shape = self.shape
        guard index.count == shape.count else { return nil }
        var flat = 0
        for (i, size) in zip(index, shape) {
            guard i >= 0, i < size else { return nil }
            flat = flat * size + i
        }
        return flat
    }

    /// `[3, 17]` for a flat index.
    public func multiIndex(_ flat: Int) -> [Int] {
        var rest = flat
        var index: [Int] = []
        for size in shape.reversed() {
            index.insert(rest % Swift.max(size, 1), at: 0)
            rest /= Swift.max(size, 1)
        }
        return index
    }

    /// g ← f(g) for every element, over the raw gradient buffer of a tensor (no per-element
    /// dispatch: clipping runs on every batch of train).
    public func mapGradient(_ f: (Double) -> Double) {
        switch storage {
        case .tensor(let t):
            guard t.grad != nil else { return }
            t.grad?.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] = Float(f(Double(g[i]))) } }
        case .values(let v):
            for value in v { value.grad = f(value.grad) }
        }
    }

    /// Calls `body` with each element's gradient.
    public func forEachGradient(_ body: (Double) -> Void) {
        switch storage {
        case .tensor(let t): t.grad?.withUnsafeBufferPointer { g in for x in g { body(Double(x)) } }
        case .values(let v): for value in v { body(value.grad) }
        }
    }
}
