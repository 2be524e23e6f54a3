import Explain
import NeuralNet
import ScalarGrad
import Session

extension Command {
    /// `diagnose`: the FAQ's training problems, read from the current run's history.
    static let diagnose = Command(
        name: "diagnose",
        abstract: "Name the training problem the history shows (overfitting, divergence, dead units, …) with the fix",
        usage: "diagnose",
        examples: ["diagnose", "check _.overfitting == 1"],
        discussion:
            "Reads the current run's history (loss, validation, per-layer gradient norms and dead ReLU units, which "
            + "'train' records each epoch) and the data. Its value has one field per problem, 1 when found: "
            + TrainingDiagnosis.Problem.allCases.map(\.rawValue).joined(separator: ", ") + ".",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let epochs = session.runs.current.epochs
        guard !epochs.isEmpty else { throw .precondition("no training history yet: train first (train epochs=5)") }
        let diagnosis = TrainingDiagnosis(
            epochs: epochs, inputs: session.data.train.map { NonFiniteCause.Inputs($0) }, model: session.model,
            classes: session.data.train?.classCount)
        var lines = ["\(session.runs.currentName), \(epochs.count) epoch\(epochs.count == 1 ? "" : "s"):"]
        if diagnosis.findings.isEmpty {
            lines.append("  no problem found: the loss falls, and validation (if any) follows it")
        }
        for finding in diagnosis.findings {
            lines.append("  \(finding.problem.rawValue): \(finding.evidence)")
            lines.append("    try: \(finding.fix)")
        }
        let found = Set(diagnosis.findings.map(\.problem))
        let value = Object.record(
            name: "Diagnosis",
            fields: TrainingDiagnosis.Problem.allCases.map { ($0.rawValue, .scalar(Value(found.contains($0) ? 1 : 0))) }
        )
        let names = diagnosis.findings.map(\.problem.rawValue)
        return Reply(
            [.text(lines.joined(separator: "\n"))], value: value,
            display: "Diagnosis(" + (names.isEmpty ? "no problem" : names.joined(separator: ", ")) + ")")
    }
}
