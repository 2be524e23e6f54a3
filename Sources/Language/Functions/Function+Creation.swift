import Limits
import ScalarGrad
import Session
import TensorGrad

extension Function {
    /// Functions that make tensors. Tensors made in the notebook track gradients, like Values.
    package static let creation: [Function] = [
        Function(name: "zeros", signature: "zeros(rows, cols, …)", abstract: "a tensor of zeros") {
            call throws(NotebookError) in
            try call.expect(positional: 0...8)
            let shape = try call.shape()
            return try tracked { () throws(TensorError) in try Tensor.zeros(shape) }
        },
        Function(name: "ones", signature: "ones(rows, cols, …)", abstract: "a tensor of ones") {
            call throws(NotebookError) in
            try call.expect(positional: 0...8)
            let shape = try call.shape()
            return try tracked { () throws(TensorError) in try Tensor.ones(shape) }
        },
        Function(
            name: "randn", signature: "randn(rows, cols, …)",
            abstract: "standard normal draws (reproducible after 'seed N')"
        ) { call throws(NotebookError) in
            try call.expect(positional: 0...8)
            let shape = try call.shape()
            return try tracked { () throws(TensorError) in try Tensor.randn(shape, generator: &call.session.generator) }
        },
        Function(
            name: "rand", signature: "rand(rows, cols, …)",
            abstract: "uniform draws in [0, 1) (reproducible after 'seed N')"
        ) { call throws(NotebookError) in
            try call.expect(positional: 0...8)
            let shape = try call.shape()
            return try tracked { () throws(TensorError) in try Tensor.rand(shape, generator: &call.session.generator) }
        },
        Function(name: "arange", signature: "arange([start,] end, step=1)", abstract: "start, start+step, … below end")
        { call throws(NotebookError) in
            try call.expect(positional: 1...3, keywords: ["step"])
            let twoEnds = call.positional.count >= 2
            let start = twoEnds ? try call.number(0) : 0
            let end = try call.number(twoEnds ? 1 : 0)
            let step = try call.number(call.positional.count == 3 ? 2 : nil, keyword: "step", default: 1)
            return try tracked { () throws(TensorError) in
                try Tensor.arange(Float(start), Float(end), step: Float(step))
            }
        },
        Function(name: "eye", signature: "eye(n)", abstract: "the n×n identity matrix") { call throws(NotebookError) in
            try call.expect(positional: 1...1)
            let n = try call.integer(0)
            return try tracked { () throws(TensorError) in try Tensor.eye(n) }
        },
        Function(
            name: "one_hot", signature: "one_hot(labels, classes)",
            abstract: "rows of one-hot vectors for integer labels"
        ) { call throws(NotebookError) in
            try call.expect(positional: 2...2, keywords: [])
            let labels = try call.tensor(0)
            let classes = try call.integer(1, in: 1...Limit.classes.value)
            var indices: [Int] = []
            for (i, v) in labels.data.enumerated() {
                do throws(RangeError) {
                    indices.append(try Count.from(Double(v), "one_hot: label at position \(i)", in: 0...(classes - 1)))
                } catch {
                    throw .range(error)
                }
            }
            do throws(TensorError) { return .tensor(try Tensor.oneHot(indices, classes: classes)) } catch {
                throw .tensor(error)
            }
        },
    ]

    /// A new leaf tensor that records gradients (unless made under no_grad).
    package static func tracked(_ make: () throws(TensorError) -> Tensor) throws(NotebookError) -> Object {
        do {
            let tensor = try make()
            tensor.requiresGrad = GradMode.isEnabled
            return .tensor(tensor)
        } catch {
            throw .tensor(error)
        }
    }
}
