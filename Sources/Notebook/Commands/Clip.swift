import Explain
import Limits
import NeuralNet
import Optimizers
import Session
import TensorGrad

extension Command {
    /// `clip norm=1`: gradient clipping before each step.
    static let clip = Command(
        name: "clip",
        abstract: "Clip gradients before each step, by global norm or by value (or turn it off)",
        usage: "clip norm=C | clip value=C | clip off",
        examples: ["clip norm=1.0", "clip value=0.5", "clip off"],
        discussion: "Applies to every step: 'step', 'minimize', 'race' and each batch of 'train'.",
        options: [
            .number(
                "norm", in: 0...Double.greatestFiniteMagnitude, open: .lower,
                "scale the gradients so their global L2 norm is at most C (PyTorch's clip_grad_norm_)"),
            .number(
                "value", in: 0...Double.greatestFiniteMagnitude, open: .lower,
                "clamp each gradient element to [−C, C] (clip_grad_value_)"),
        ],
        variants: [.init(["off", "none"])],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let options = invocation.options.numbers(["norm", "value"])
        let clipping: GradientClipping
        if options.count == 2 {
            throw invocation.command.usageError("norm= or value=, not both: PyTorch clips by one of them")
        }
        if invocation.positionals.first != nil {
            guard options.isEmpty else { throw invocation.command.usageError("'clip off' takes no norm= or value=") }
            invocation.session.training.clipping = nil
            return Reply([.text("no gradient clipping")])
        } else if let c = options["norm"] {
            clipping = .norm(c)
        } else if let c = options["value"] {
            clipping = .value(c)
        } else {
            throw invocation.command.usageError("expected norm=C or value=C")
        }
        do throws(OptimizerError) { try clipping.validate() } catch { throw .optimizer(error) }
        invocation.session.training.clipping = clipping
        return Reply([.text(clipping.description)])
    }
}
