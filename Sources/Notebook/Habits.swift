import Language
import Session

/// Habits a learner brings from IPython, PyTorch and Keras, read the Gradbook way: `name?`,
/// `?name` and `help(name)` show help as in IPython; `model.fit(…)` and friends get the
/// command that does the same.
enum Habits {
    /// The line rewritten when it is an IPython help request: `tanh?` → `help tanh`.
    static func helpRequest(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: " \t")
        func isName(_ text: Substring) -> Bool {
            !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        }
        if trimmed.hasSuffix("?"), isName(trimmed.dropLast()) { return "help " + trimmed.dropLast() }
        if trimmed.hasPrefix("?"), isName(trimmed.dropFirst()) { return "help " + trimmed.dropFirst() }
        if trimmed.hasPrefix("help("), trimmed.hasSuffix(")"), isName(trimmed.dropFirst(5).dropLast()) {
            return "help " + trimmed.dropFirst(5).dropLast()
        }
        return nil
    }

    /// PyTorch and Keras method calls with no meaning here, and the commands that do their work.
    static let methods: [String: String] = [
        "fit": "train epochs=10 batch=128 (Keras' fit)",
        "compile": "compile adam lr=0.001 loss=sparse_categorical_crossentropy",
        "evaluate": "evaluate",
        "predict": "predict 0 1 2",
        "summary": "summary (or model)",
        "backward": "backward NAME (backward alone: the loss of the last forward)",
        "step": "step (one optimizer iteration, explained)",
        "zero_grad": "nothing: every backward starts from zero gradients (backward NAME --accumulate adds)",
        "add": "add dense 64 relu",
    ]

    /// An error naming the Gradbook way for `something.fit(…)`, or nil.
    static func methodCall(_ line: String) -> NotebookError? {
        let trimmed = line.trimmingCharacters(in: " \t")
        guard let dot = trimmed.firstIndex(of: "."), let open = trimmed.firstIndex(of: "("), dot < open,
            trimmed.hasSuffix(")")
        else { return nil }
        let receiver = trimmed[..<dot]
        let method = String(trimmed[trimmed.index(after: dot)..<open])
        guard !receiver.isEmpty, receiver.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let arguments = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        // torch.randn(3), np.exp(x): the same function without the module.
        if ["torch", "np", "numpy", "F", "nn", "tf", "math"].contains(receiver), Function.named(method) != nil {
            return .type("\(receiver).\(method)(…) is Python; drop the '\(receiver).': \(method)(\(arguments))")
        }
        guard var gradbook = methods[method] else { return nil }
        if method == "fit" {
            // model.fit(x, y, epochs=5, batch_size=32): keep the numbers the learner chose.
            let keywords = keywordValues(arguments)
            gradbook =
                "train epochs=\(keywords["epochs"] ?? "10") batch=\(keywords["batch_size"] ?? "32")"
                + (keywords["validation_split"].map { " validation=\($0)" } ?? "") + " (Keras' fit)"
        }
        return .type("\(receiver).\(method)(…) is Python; Gradbook's command for it: \(gradbook)")
    }

    /// `name=value` pairs of a Python argument list (values without spaces or commas).
    static func keywordValues(_ arguments: Substring) -> [String: String] {
        var values: [String: String] = [:]
        for part in arguments.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " \t") }
            if pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty { values[pair[0]] = pair[1] }
        }
        return values
    }

    /// `print(x)`: the value shows by itself, as in IPython.
    static func printCall(_ line: String) -> NotebookError? {
        let trimmed = line.trimmingCharacters(in: " \t")
        guard trimmed.hasPrefix("print("), trimmed.hasSuffix(")") else { return nil }
        let inner = trimmed.dropFirst(6).dropLast()
        return .type("no print needed: type the expression alone (\(inner)) and its value shows as Out[n]")
    }
}
