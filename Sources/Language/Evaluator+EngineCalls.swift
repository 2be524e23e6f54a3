import Explain
import Limits
import NeuralNet
import ScalarGrad
import Session
import TensorGrad

/// The engines' operations called with their checks: a domain error is an error naming the
/// value, a non-finite result a warning.
extension Evaluator {
    /// Applies a scalar-engine operation with its domain checked and non-finite results reported.
    package static func scalarOperation(_ operation: Operation, _ inputs: [Value], warnings: inout [String])
        throws(NotebookError) -> Value
    {
        let result: Value
        do {
            result = try Value.apply(operation, inputs)
        } catch {
            throw NotebookError(error)
        }
        if !result.data.isFinite, inputs.allSatisfy({ $0.data.isFinite }) {
            let names = inputs.map(\.displayName)
            let expression = operation.expression(names[0], names.count > 1 ? names[1] : "")
            warnings.append(
                "\(expression) = \(NumberFormat.short(result.data)) (overflow): gradients through it will be nan or inf"
            )
        }
        return result
    }

    /// Runs a tensor operation, turning its error into a notebook error and reporting
    /// NaN or infinity that the operation introduced.
    package static func tensorOperation(
        _ name: String, _ inputs: [Tensor], warnings: inout [String],
        _ body: () throws(TensorError) -> Tensor
    ) throws(NotebookError) -> Tensor {
        let result: Tensor
        do { result = try body() } catch { throw .tensor(error) }
        if inputs.allSatisfy({ $0.data.allSatisfy(\.isFinite) }) {
            let bad = result.data.filter { !$0.isFinite }.count
            if bad > 0 {
                let kinds = Set(result.data.filter { !$0.isFinite }.map { $0.isNaN ? "nan" : "inf" }).sorted().joined(
                    separator: "/")
                warnings.append(
                    "\(name) produced \(kinds) in \(bad) of \(result.count) elements (log or sqrt of a negative, "
                        + "division by zero, or overflow)"
                )
            }
        }
        return result
    }
}
