import Limits
import Session
import TensorGrad

extension Function {
    /// Reductions, shape changes and products of tensors.
    package static let tensorOperations: [Function] = [
        reduction("sum", "Σ over an axis or all elements; derivative 1 (broadcast back)") {
            x, axis, keep throws(TensorError) in try x.sum(axis: axis, keepDimensions: keep)
        },
        reduction("mean", "the average over an axis or all elements; derivative 1/n") {
            x, axis, keep throws(TensorError) in try x.mean(axis: axis, keepDimensions: keep)
        },
        reduction("max", "the maximum over an axis or all elements; the gradient goes to the (first) largest") {
            x, axis, keep throws(TensorError) in try x.max(axis: axis, keepDimensions: keep)
        },
        Function(
            name: "count_nonzero", signature: "count_nonzero(x)",
            abstract: "how many elements are not exactly 0 (torch.count_nonzero): a count, with no gradient"
        ) { call throws(NotebookError) in
            try call.expect(positional: 1...1, keywords: [])
            let x = try call.tensor(0)
            return .tensor(Tensor(Float(x.data.reduce(0) { $0 + ($1 != 0 ? 1 : 0) })))
        },
        alongAxis("softmax", "e^(x−max) / Σ e^(x−max) along an axis (fused, stable)") { x, axis throws(TensorError) in
            try x.softmax(axis: axis)
        },
        alongAxis("log_softmax", "x − max − log Σ e^(x−max) along an axis (fused, stable)") {
            x, axis throws(TensorError) in
            try x.logSoftmax(axis: axis)
        },
        Function(
            name: "matmul", signature: "matmul(a, b)",
            abstract: "the matrix product a @ b (BLAS); ∂/∂a = g·bᵀ, ∂/∂b = aᵀ·g"
        ) { call throws(NotebookError) in
            try call.expect(positional: 2...2)
            let (a, b) = (try call.tensor(0), try call.tensor(1))
            return .tensor(
                try Evaluator.tensorOperation("matmul", [a, b], warnings: &call.warnings) { () throws(TensorError) in
                    try a.matmul(b)
                })
        },
        Function(
            name: "transpose", signature: "transpose(x, dim0=-2, dim1=-1)", abstract: "swap two axes (x.T for a matrix)"
        ) { call throws(NotebookError) in
            try call.expect(positional: 1...3)
            let x = try call.tensor(0)
            let (i, j) = (try call.integer(1, default: -2), try call.integer(2, default: -1))
            return .tensor(
                try Evaluator.tensorOperation("transpose", [x], warnings: &call.warnings) { () throws(TensorError) in
                    try x.transposed(i, j)
                })
        },
        Function(
            name: "reshape", signature: "reshape(x, d1, d2, …)",
            abstract: "the same elements in a new shape (one size may be -1)"
        ) { call throws(NotebookError) in
            try call.expect(positional: 2...9)
            let x = try call.tensor(0)
            var shape: [Int] = []
            if call.positional.count == 2, case .tuple(let items) = call.positional[1] {
                shape = []
                for (axis, item) in items.enumerated() {
                    guard case .scalar(let v) = item else {
                        throw .type("reshape: sizes must be whole numbers, got \(item.display)")
                    }
                    do throws(RangeError) {
                        shape.append(
                            try Count.from(
                                v.data, "reshape: size \(axis)", in: -1...Limit.tensorElements.value,
                                limit: .tensorElements))
                    } catch {
                        throw .range(error)
                    }
                }
            } else {
                for index in 1..<call.positional.count {
                    shape.append(try call.integer(index, in: -1...Limit.tensorElements.value))
                }
            }
            let target = shape
            return .tensor(
                try Evaluator.tensorOperation("reshape", [x], warnings: &call.warnings) { () throws(TensorError) in
                    try x.reshaped(target)
                })
        },
        Function(name: "concat", signature: "concat(a, b, …, axis=0)", abstract: "tensors joined along an axis") {
            call throws(NotebookError) in
            try call.expect(positional: 1...64, keywords: ["axis", "dim"])
            var tensors: [Tensor] = []
            for index in call.positional.indices { tensors.append(try call.tensor(index)) }
            let axis = try call.axis(default: 0) ?? 0
            return .tensor(
                try Evaluator.tensorOperation("concat", tensors, warnings: &call.warnings) { () throws(TensorError) in
                    try Tensor.concat(tensors, axis: axis)
                })
        },
    ]

    private static func reduction(
        _ name: String, _ abstract: String,
        _ body: @escaping @Sendable (Tensor, Int?, Bool) throws(TensorError) -> Tensor
    ) -> Function {
        Function(name: name, signature: "\(name)(x, axis=None, keepdims=0)", abstract: abstract) {
            call throws(NotebookError) in
            try call.expect(positional: 1...1, keywords: ["axis", "dim", "keepdims"])
            let x = try call.tensor(0)
            let axis = try call.axis()
            let keep = try call.flag("keepdims")
            return .tensor(
                try Evaluator.tensorOperation(name, [x], warnings: &call.warnings) { () throws(TensorError) in
                    try body(x, axis, keep)
                })
        }
    }

    /// A function of a tensor along one axis (`axis=-1` by default; `dim=` as PyTorch writes it).
    private static func alongAxis(
        _ name: String, _ abstract: String,
        _ apply: @escaping @Sendable (Tensor, Int) throws(TensorError) -> Tensor
    ) -> Function {
        Function(name: name, signature: "\(name)(x, axis=-1)", abstract: abstract) { call throws(NotebookError) in
            try call.expect(positional: 1...1, keywords: ["axis", "dim"])
            let x = try call.tensor(0)
            let axis = try call.axis(default: -1) ?? -1
            return .tensor(
                try Evaluator.tensorOperation(name, [x], warnings: &call.warnings) { () throws(TensorError) in
                    try apply(x, axis)
                })
        }
    }
}
