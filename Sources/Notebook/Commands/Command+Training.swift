import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import ScalarGrad
import Session
import TensorGrad

/// What the training commands share.
extension Command {
    static func trainerAndData(_ invocation: Invocation, which: String) throws(NotebookError) -> (Trainer, Dataset) {
        let session = invocation.session
        guard let model = session.model else { throw .precondition("no model yet") }
        guard let data = which == "train" ? session.data.train : (session.data.test ?? session.data.train) else {
            throw .precondition("no data: data mnist")
        }
        let loss = session.training.loss ?? .implied(classes: data.classCount, outputs: model.outputShape.last ?? 1)
        let optimizer: Optimizer
        if let current = session.training.optimizer {
            optimizer = current
        } else {
            do throws(OptimizerError) { optimizer = try SGD() } catch { throw .optimizer(error) }
        }
        return (Trainer(model: model, optimizer: optimizer, loss: loss), data)
    }

    /// "no model: model …", with a model for the data loaded (two features: a small network
    /// for the plane; otherwise one for its width and classes; none yet: MNIST's).
    static func noModel(_ session: Session) -> NotebookError {
        let inputs = session.data.train?.featureWidth ?? 784
        let classes = max(session.data.train?.classCount ?? 10, 2)
        let example =
            inputs == 2
            ? "model dense 2->16 tanh, dense 16->\(classes) softmax"
            : "model dense \(inputs)->64 relu, dense 64->64 relu, dense 64->\(classes) softmax"
        return .precondition("no model: \(example)")
    }

    /// A 28×28 image as 14 lines of 28 characters (two pixel rows per line), darker = more ink.
    static func picture(_ pixels: [Float]) -> String {
        let ramp = Array(" .:-=+*#%@")
        var lines: [String] = []
        for r in stride(from: 0, to: 28, by: 2) {
            var line = "    "
            for c in 0..<28 {
                // Pixels of MNIST are 0…1; a CSV's 784 columns may hold anything, so clamp first.
                let v = (pixels[r * 28 + c] + pixels[(r + 1) * 28 + c]) / 2
                let ink = v.isFinite ? min(max(v, 0), 1) : 0
                line.append(ramp[Int(ink * Float(ramp.count - 1) + 0.5)])
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

typealias ScalarGradValue = Value
