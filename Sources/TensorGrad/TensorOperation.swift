/// An operation of the tensor graph: its forward rule and, beside it, its vector-Jacobian
/// product. Each conforming type lives in its own file with the math in its doc comment.
public protocol TensorOperation {
    /// The name used in graphs and errors: `matmul`, `add`, `tanh`.
    var name: String { get }
    /// The output shape and data for these inputs, or an error naming the shapes.
    func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float])
    /// Given ∂L/∂output, the gradient for each input (nil where an input needs none).
    /// Receives the output as an argument rather than capturing it, so no cycle forms.
    func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?]
}
