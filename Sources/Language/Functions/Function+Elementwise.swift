import Operations
import ScalarGrad
import Session
import TensorGrad

extension Function {
    /// The elementwise functions: one per row of the table of operations (exp, log, sqrt,
    /// abs, pow, clamp, relu, leaky_relu, tanh, sigmoid, softplus, …). Each works on a Value
    /// (the scalar engine, with its domain checked) and on a tensor (the tensor engine); its
    /// name, signature, help line, parameters, rules and formulas all come from the row.
    package static let elementwise: [Function] = Operations.table.filter { $0.name != Negate.name }.map(function(for:))

    private static func function(for row: any UnaryOperation.Type) -> Function {
        Function(name: row.name, signature: row.signature, abstract: row.abstract) { call throws(NotebookError) in
            let specification = row.parameterSpecification
            try call.expect(
                positional: 1...(1 + specification.count),
                keywords: Set(specification.flatMap { [$0.name] + $0.aliases }))
            var given: [String: Double] = [:]
            for (index, parameter) in specification.enumerated() {
                let keyword = ([parameter.name] + parameter.aliases).first { call.keywords[$0] != nil }
                guard keyword != nil || index + 1 < call.positional.count else { continue }
                given[parameter.name] = try call.number(keyword == nil ? index + 1 : nil, keyword: keyword)
            }
            let op: any UnaryOperation
            do throws(OperationError) { op = try row.init(parameters: given) } catch { throw .operation(error) }
            switch call.positional[0] {
            case .scalar(let x):
                return .scalar(try Evaluator.scalarOperation(.unary(op), [x], warnings: &call.warnings))
            default:
                let x = try call.tensor(0)
                return .tensor(
                    try Evaluator.tensorOperation(row.name, [x], warnings: &call.warnings) { () throws(TensorError) in
                        try x.applying(op)
                    })
            }
        }
    }
}
