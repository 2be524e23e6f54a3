import Explain
import NeuralNet
import Optimizers

/// The notebook's optimisation runs: their loss computation throws the notebook's errors.
package typealias TrainingRun = OptimizationRun<NotebookError>

extension OptimizationRun where Failure == NotebookError {
    /// One step through the session's update rule and plateau; a loss that is not a number is
    /// an error saying what to do (the run is unchanged).
    package func step(session: Session, watch: (parameter: Int, element: Int)?, explain: Bool) throws(NotebookError)
        -> StepResult
    {
        // A copy: the step's loss reads the session's configuration (its loss), which an
        // inout access to `session.training` for the whole call would hold exclusively.
        var plateau = session.training.plateau
        defer { session.training.plateau = plateau }
        let result = try step(update: session.training.updateRule, plateau: &plateau, watch: watch, explain: explain)
        if result.diverged { throw divergence(result, session: session) }
        return result
    }

    /// Up to `count` steps through the session's update rule and plateau (`run(_:…)`), `observe`
    /// seeing each; true when Ctrl-C stopped them. A loss that is not a number is the error
    /// `step` gives.
    package func run(
        _ count: Int, session: Session, interrupted: () -> Bool,
        observe: (StepResult) throws(NotebookError) -> Void
    ) throws(NotebookError) -> Bool {
        var plateau = session.training.plateau
        defer { session.training.plateau = plateau }
        let ending = try run(
            count, update: session.training.updateRule, plateau: &plateau, interrupted: interrupted, observe: observe)
        switch ending {
        case .completed: return false
        case .interrupted: return true
        case .diverged(let result): throw divergence(result, session: session)
        }
    }

    /// Why a step's loss was not a number, and what to do.
    private func divergence(_ result: StepResult, session: Session) -> NotebookError {
        let start = "the loss is \(result.loss) at step \(result.step) (learning rate "
        let rate = NumberFormat.short(result.learningRate)
        // A model's step rules out the batch (or the data) and the weights before the rate.
        if isModel, let model = session.model {
            let inputs =
                session.lastBatch.map { NonFiniteCause.Inputs($0.input.data) }
                ?? session.data.train.map { NonFiniteCause.Inputs($0) }
            let cause = NonFiniteCause.find(inputs: inputs, model: model)
            if cause != .step {
                return .precondition(start + "\(rate)): nothing was updated; " + cause.advice(learningRate: nil))
            }
        }
        return .precondition(start + "\(rate)): the run diverged; 'undo' goes back, then try a smaller lr")
    }

    /// Resolves `dense_1.W[3,17]` or `x` to a parameter and element.
    package func element(named text: String) throws(NotebookError) -> (parameter: Int, element: Int) {
        let compact = text.filter { $0 != " " }
        let base = compact.split(separator: "[", maxSplits: 1).first.map(String.init) ?? compact
        guard let p = parameters.firstIndex(where: { $0.name == base }) else {
            throw .unknownName(base, suggestion: Suggestion.closest(to: base, among: parameters.map(\.name)))
        }
        let parameter = parameters[p]
        guard compact.contains("[") else {
            guard parameter.count == 1 else {
                throw .type(
                    "\(base) has \(parameter.count) elements: pick one, e.g. \(base)["
                        + parameter.shape.map { _ in "0" }.joined(separator: ",") + "]")
            }
            return (p, 0)
        }
        let inside = compact.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        let index = inside.split(separator: ",").compactMap { Int($0) }
        guard index.count == inside.split(separator: ",").count, let flat = parameter.flatIndex(index) else {
            throw .type(
                "\(text) is not an element of \(base), whose shape is " + "["
                    + parameter.shape.map(String.init).joined(separator: ", ") + "]")
        }
        return (p, flat)
    }
}
