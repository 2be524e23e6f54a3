import NeuralNet
import Optimizers
import ScalarGrad
import Session
import TensorGrad

@testable import Notebook

/// Everything a failing line must leave as it was: variables (with their values), functions,
/// the model (architecture and weights), the optimizer (its step count, rate and every state
/// buffer), the compile configuration, the data and the training history.
struct SessionSnapshot: Equatable, CustomStringConvertible {
    var variables: [String]
    var functions: [String]
    var model: [String]
    var optimizer: String
    var configuration: String
    var data: String
    var history: Int

    init(_ session: Session) {
        variables = session.names.map { name in "\(name) = " + (session[name].map(Self.fingerprint) ?? "nil") }
        functions = session.functionNames.sorted()
        model =
            session.model?.namedParameters.map { name, parameter in
                "\(name) \(parameter.tensor.shape) \(Self.hash(parameter.tensor.data))"
            } ?? []
        if let optimizer = session.training.optimizer {
            let buffers = optimizer.buffers.sorted { $0.key < $1.key }.map { key, values in
                "\(key):\(Self.hash(values.flatMap { $0 }))"
            }
            self.optimizer =
                "\(optimizer.displayName) t=\(optimizer.stepCount) lr=\(optimizer.learningRate) "
                + buffers.joined(separator: ",")
        } else {
            optimizer = "none"
        }
        configuration = [
            session.training.loss.map { "\($0)" } ?? "-", session.training.schedule.map { "\($0)" } ?? "-",
            session.training.clipping.map { "\($0)" } ?? "-", session.training.earlyStopping.map { "\($0)" } ?? "-",
        ].joined(separator: " | ")
        data = [
            session.data.train.map { "\($0.name) \($0.count)" } ?? "-",
            session.data.test.map { "\($0.name) \($0.count)" } ?? "-",
        ].joined(separator: " | ")
        history = session.runs.current.epochs.count
    }

    var description: String {
        (variables + functions + model + [optimizer, configuration, data, "history \(history)"]).joined(separator: "\n")
    }

    static func fingerprint(_ object: Object) -> String {
        switch object {
        case .scalar(let value): "scalar \(value.data.bitPattern) grad \(value.grad.bitPattern)"
        case .tensor(let tensor): "tensor \(tensor.shape) \(hash(tensor.data)) grad \(tensor.grad.map(hash) ?? "-")"
        case .tuple(let items): "(" + items.map(fingerprint).joined(separator: ", ") + ")"
        case .record(let name, let fields):
            name + "(" + fields.map { $0.0 + "=" + fingerprint($0.1) }.joined(separator: ", ") + ")"
        }
    }

    /// Float32 values widen to Double exactly, so one hash serves both.
    static func hash(_ values: [Float]) -> String { hash(values.map(Double.init)) }

    static func hash(_ values: [Double]) -> String {
        var hasher = Hasher()
        for v in values { hasher.combine(v.bitPattern) }
        return String(hasher.finalize(), radix: 36)
    }
}
