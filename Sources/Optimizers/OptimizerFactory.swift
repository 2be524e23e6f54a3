import Explain

/// Optimizers by name with PyTorch's hyperparameter names and defaults:
/// `make("adam", ["lr": 0.01, "amsgrad": 1])`. Unknown names and options are errors that
/// name them (and suggest the closest).
public enum OptimizerFactory {
    /// Every optimizer name, with its options.
    public static let catalog: [(name: String, options: [String], summary: String)] = [
        ("sgd", ["lr", "momentum", "dampening", "weight_decay", "nesterov"], "gradient descent (torch.optim.SGD, lr 1e-3)"),
        ("momentum", ["lr", "momentum", "dampening", "weight_decay"], "SGD with momentum 0.9 (PyTorch's form)"),
        ("nesterov", ["lr", "momentum", "weight_decay"], "SGD with Nesterov momentum 0.9"),
        ("heavyball", ["lr", "beta"], "classic heavy-ball momentum θ − α∇J + β(θₜ − θₜ₋₁)"),
        ("adagrad", ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"], "AdaGrad (lr 1e-2, eps 1e-10)"),
        ("rmsprop", ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"], "RMSprop (lr 1e-2, alpha 0.99, eps 1e-8)"),
        ("adam", ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"], "Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8)"),
        ("adamw", ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"], "AdamW, decoupled weight decay (weight_decay 1e-2)"),
        ("adam_nobias", ["lr", "beta1", "beta2", "eps"], "WRONG on purpose: Adam without bias correction"),
        ("rmsprop_wrong", ["lr", "eps"], "WRONG on purpose: θ − α·g/√(1 + ε·Σg²)"),
    ]

    public static var names: [String] { catalog.map(\.name) }

    public static func make(_ name: String, _ options: [String: Double] = [:]) throws(OptimizerError) -> Optimizer {
        guard let entry = catalog.first(where: { $0.name == name.lowercased() }) else {
            let hint = Suggestion.closest(to: name, among: names).map { " — did you mean '\($0)'?" } ?? ""
            throw OptimizerError("unknown optimizer '\(name)'\(hint); known: \(names.joined(separator: ", "))")
        }
        for key in options.keys where !entry.options.contains(key) {
            let hint = Suggestion.closest(to: key, among: entry.options).map { " — did you mean '\($0)'?" } ?? ""
            throw OptimizerError("\(entry.name) has no option '\(key)'\(hint); it takes \(entry.options.joined(separator: ", "))")
        }
        func value(_ key: String, _ fallback: Double) -> Double { options[key] ?? fallback }
        func flag(_ key: String) -> Bool { (options[key] ?? 0) != 0 }
        switch entry.name {
        case "sgd":
            return try SGD(learningRate: value("lr", 1e-3), momentum: value("momentum", 0), dampening: value("dampening", 0),
                           weightDecay: value("weight_decay", 0), nesterov: flag("nesterov"))
        case "momentum":
            return try SGD(learningRate: value("lr", 1e-3), momentum: value("momentum", 0.9), dampening: value("dampening", 0),
                           weightDecay: value("weight_decay", 0))
        case "nesterov":
            return try SGD(learningRate: value("lr", 1e-3), momentum: value("momentum", 0.9), weightDecay: value("weight_decay", 0), nesterov: true)
        case "heavyball":
            return try HeavyBall(learningRate: value("lr", 1e-3), beta: value("beta", 0.9))
        case "adagrad":
            return try AdaGrad(learningRate: value("lr", 1e-2), learningRateDecay: value("lr_decay", 0), weightDecay: value("weight_decay", 0),
                               initialAccumulator: value("initial_accumulator_value", 0), epsilon: value("eps", 1e-10))
        case "rmsprop":
            return try RMSprop(learningRate: value("lr", 1e-2), alpha: value("alpha", 0.99), epsilon: value("eps", 1e-8),
                               weightDecay: value("weight_decay", 0), momentum: value("momentum", 0), centered: flag("centered"))
        case "adam", "adamw":
            let decoupled = entry.name == "adamw"
            return try Adam(learningRate: value("lr", 1e-3), beta1: value("beta1", 0.9), beta2: value("beta2", 0.999), epsilon: value("eps", 1e-8),
                            weightDecay: value("weight_decay", decoupled ? 1e-2 : 0), amsgrad: flag("amsgrad"), decoupled: decoupled)
        case "adam_nobias":
            return try Adam(learningRate: value("lr", 1e-3), beta1: value("beta1", 0.9), beta2: value("beta2", 0.999), epsilon: value("eps", 1e-8),
                            withoutBiasCorrection: true)
        default:
            return try WrongRMSprop(learningRate: value("lr", 1e-2), epsilon: value("eps", 1e-8))
        }
    }
}
