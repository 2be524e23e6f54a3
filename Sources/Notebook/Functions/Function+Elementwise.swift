import ScalarGrad
import TensorGrad

extension Function {
    /// Functions of one number that work on a Value (scalar graph) and on a tensor alike.
    static let elementwise: [Function] = [
        pointwise("exp", "eˣ; derivative eˣ", .exp) { x throws(TensorError) in try x.exp() },
        pointwise("log", "natural logarithm ln x (x > 0); derivative 1/x", .log) { x throws(TensorError) in try x.log() },
        pointwise("tanh", "hyperbolic tangent; derivative 1 − tanh²x", .tanh) { x throws(TensorError) in try x.tanh() },
        pointwise("sigmoid", "1/(1 + e⁻ˣ); derivative σ(x)(1 − σ(x))", .sigmoid) { x throws(TensorError) in try x.sigmoid() },
        pointwise("relu", "max(0, x); derivative 1 if x > 0 else 0", .relu) { x throws(TensorError) in try x.relu() },
        pointwise("sqrt", "√x (x ≥ 0); derivative 1/(2√x)", .power(0.5)) { x throws(TensorError) in try x.sqrt() },
        Function(name: "pow", signature: "pow(x, p)", abstract: "xᵖ for a constant p; derivative p·xᵖ⁻¹") { call throws(NotebookError) in
            try call.expect(positional: 2...2)
            let p = try call.number(1)
            switch call.positional[0] {
            case .scalar(let x): return .scalar(try Evaluator.scalarOperation(.power(p), [x], warnings: &call.warnings))
            default:
                let x = try call.tensor(0)
                return .tensor(try Evaluator.tensorOperation("pow", [x], warnings: &call.warnings) { () throws(TensorError) in try x.pow(Float(p)) })
            }
        },
        Function(name: "abs", signature: "abs(x)", abstract: "|x| of a tensor; derivative sign(x)") { call throws(NotebookError) in
            try call.expect(positional: 1...1)
            let x = try call.tensor(0)
            return .tensor(try Evaluator.tensorOperation("abs", [x], warnings: &call.warnings) { () throws(TensorError) in try x.abs() })
        },
        Function(name: "leaky_relu", signature: "leaky_relu(x, slope=0.01)", abstract: "x if x > 0 else slope·x (PyTorch's default slope)") { call throws(NotebookError) in
            try call.expect(positional: 1...2, keywords: ["slope", "negative_slope"])
            let x = try call.tensor(0)
            let slope = Float(try call.number(1, keyword: call.keywords["negative_slope"] != nil ? "negative_slope" : "slope", default: 0.01))
            return .tensor(try Evaluator.tensorOperation("leaky_relu", [x], warnings: &call.warnings) { () throws(TensorError) in try x.leakyReLU(slope: slope) })
        },
        Function(name: "clamp", signature: "clamp(x, min=-inf, max=inf)", abstract: "x limited to [min, max]; derivative 1 inside, 0 outside") { call throws(NotebookError) in
            try call.expect(positional: 1...3, keywords: ["min", "max"])
            let x = try call.tensor(0)
            let lo = Float(try call.number(1, keyword: "min", default: -.infinity))
            let hi = Float(try call.number(2, keyword: "max", default: .infinity))
            return .tensor(try Evaluator.tensorOperation("clamp", [x], warnings: &call.warnings) { () throws(TensorError) in try x.clamp(min: lo, max: hi) })
        },
    ]

    /// A function on Values (through the scalar engine, with its domain checked) and on
    /// tensors (through the tensor engine).
    private static func pointwise(_ name: String, _ abstract: String, _ operation: Operation,
                                  tensor: @escaping @Sendable (Tensor) throws(TensorError) -> Tensor) -> Function {
        Function(name: name, signature: "\(name)(x)", abstract: abstract) { call throws(NotebookError) in
            try call.expect(positional: 1...1)
            switch call.positional[0] {
            case .scalar(let x):
                return .scalar(try Evaluator.scalarOperation(operation, [x], warnings: &call.warnings))
            default:
                let x = try call.tensor(0)
                return .tensor(try Evaluator.tensorOperation(name, [x], warnings: &call.warnings) { () throws(TensorError) in try tensor(x) })
            }
        }
    }
}
