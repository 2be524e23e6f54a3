import Explain

/// Optimizers by name with PyTorch's hyperparameter names and defaults:
/// `make("adam", ["lr": 0.01, "amsgrad": 1])`. Unknown names and options are errors that
/// name them (and suggest the closest).
public enum OptimizerFactory {
    /// A hyperparameter an optimizer takes by name: its default, the values it accepts and
    /// one line of help. The command line reads these declarations (help, completion, checks).
    public struct Hyperparameter: Sendable {
        public let name: String
        public let defaultValue: Double
        public let range: ClosedRange<Double>
        /// Whether the range's ends are excluded: ε > 0, β in [0, 1).
        public let excludesLower: Bool
        public let excludesUpper: Bool
        /// 1 or 0 (`nesterov=1`).
        public let isSwitch: Bool
        public let doc: String

        init(
            _ name: String, _ defaultValue: Double, _ range: ClosedRange<Double>, excludesLower: Bool = false,
            excludesUpper: Bool = false, isSwitch: Bool = false, _ doc: String
        ) {
            self.name = name
            self.defaultValue = defaultValue
            self.range = range
            self.excludesLower = excludesLower
            self.excludesUpper = excludesUpper
            self.isSwitch = isSwitch
            self.doc = doc
        }
    }

    /// One optimizer: its name, what it is, and its hyperparameters with PyTorch's defaults.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let hyperparameters: [Hyperparameter]
        public var options: [String] { hyperparameters.map(\.name) }
    }

    private static let unbounded = 0.0...Double.greatestFiniteMagnitude
    private static let fraction = 0.0...1.0

    private static func lr(_ value: Double) -> Hyperparameter {
        Hyperparameter("lr", value, unbounded, "learning rate γ (or α)")
    }
    private static let weightDecay = Hyperparameter(
        "weight_decay", 0, unbounded, "L2 penalty λ added to the gradient: g + λθ")
    private static let eps = Hyperparameter(
        "eps", 1e-8, unbounded, excludesLower: true, "ε added to the denominator for numerical stability")
    private static let betas = [
        Hyperparameter("beta1", 0.9, fraction, excludesUpper: true, "β₁, decay of the first moment m"),
        Hyperparameter("beta2", 0.999, fraction, excludesUpper: true, "β₂, decay of the second moment v"),
    ]

    /// Every optimizer, with its hyperparameters.
    public static let catalog: [Entry] = [
        Entry(
            name: "sgd", summary: "gradient descent (torch.optim.SGD, lr 1e-3)",
            hyperparameters: [
                lr(1e-3), Hyperparameter("momentum", 0, unbounded, "momentum μ of the velocity buffer"),
                Hyperparameter("dampening", 0, fraction, "dampening τ of the gradient added to the buffer"),
                weightDecay,
                Hyperparameter("nesterov", 0, 0...1, isSwitch: true, "Nesterov momentum (needs momentum > 0)"),
            ]),
        Entry(
            name: "momentum", summary: "SGD with momentum 0.9 (PyTorch's form)",
            hyperparameters: [
                lr(1e-3), Hyperparameter("momentum", 0.9, unbounded, "momentum μ"),
                Hyperparameter("dampening", 0, fraction, "dampening τ"), weightDecay,
            ]),
        Entry(
            name: "nesterov", summary: "SGD with Nesterov momentum 0.9",
            hyperparameters: [
                lr(1e-3), Hyperparameter("momentum", 0.9, unbounded, "momentum μ"), weightDecay,
            ]),
        Entry(
            name: "heavyball", summary: "classic heavy-ball momentum θ − α∇J + β(θₜ − θₜ₋₁)",
            hyperparameters: [
                lr(1e-3),
                Hyperparameter("beta", 0.9, fraction, excludesUpper: true, "β, the weight of the last move θₜ − θₜ₋₁"),
            ]),
        Entry(
            name: "adagrad", summary: "AdaGrad (lr 1e-2, eps 1e-10)",
            hyperparameters: [
                lr(1e-2), Hyperparameter("lr_decay", 0, unbounded, "learning-rate decay: γ/(1 + (t−1)·decay)"),
                weightDecay,
                Hyperparameter("initial_accumulator_value", 0, unbounded, "the starting value of the sum of squares"),
                Hyperparameter("eps", 1e-10, unbounded, excludesLower: true, "ε added to the denominator"),
            ]),
        Entry(
            name: "rmsprop", summary: "RMSprop (lr 1e-2, alpha 0.99, eps 1e-8)",
            hyperparameters: [
                lr(1e-2),
                Hyperparameter("alpha", 0.99, fraction, excludesUpper: true, "α, decay of the running mean of g²"), eps,
                weightDecay,
                Hyperparameter("momentum", 0, unbounded, "momentum of the update buffer"),
                Hyperparameter(
                    "centered", 0, 0...1, isSwitch: true, "divide by the variance estimate instead (subtract the mean²)"
                ),
            ]),
        Entry(
            name: "adam", summary: "Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8)",
            hyperparameters: [lr(1e-3)] + betas + [
                eps, weightDecay,
                Hyperparameter("amsgrad", 0, 0...1, isSwitch: true, "AMSGrad: divide by the largest v so far"),
            ]),
        Entry(
            name: "adamw", summary: "AdamW, decoupled weight decay (weight_decay 1e-2)",
            hyperparameters: [lr(1e-3)] + betas + [
                eps, Hyperparameter("weight_decay", 1e-2, unbounded, "decoupled decay: θ ← θ − γλθ"),
                Hyperparameter("amsgrad", 0, 0...1, isSwitch: true, "AMSGrad: divide by the largest v so far"),
            ]),
        Entry(
            name: "adam_nobias", summary: "WRONG on purpose: Adam without bias correction",
            hyperparameters: [lr(1e-3)] + betas + [eps]),
        Entry(
            name: "adam_eps_inside", summary: "WRONG on purpose: Adam with ε inside the square root, γ·m̂/√(v̂ + ε)",
            hyperparameters: [lr(1e-3)] + betas + [eps]),
        Entry(
            name: "rmsprop_wrong", summary: "WRONG on purpose: θ − α·g/√(1 + ε·Σg²)",
            hyperparameters: [
                lr(1e-2),
                Hyperparameter("eps", 1e-8, unbounded, excludesLower: true, "ε, misplaced inside the square root"),
            ]),
    ]

    /// The entry named `name` (case-insensitive).
    public static func entry(_ name: String) -> Entry? { catalog.first { $0.name == name.lowercased() } }

    public static var names: [String] { catalog.map(\.name) }

    /// The options that make `optimizer` again (with its initial learning rate): `make(kind,
    /// options(of:))` is a fresh copy, without its state.
    public static func options(of optimizer: Optimizer) -> [String: Double] {
        let taken = entry(optimizer.kind)?.options ?? []
        var options: [String: Double] = [:]
        for (name, _, value) in optimizer.hyperparameters where taken.contains(name) {
            options[name] = name == "lr" ? optimizer.initialLearningRate : value
        }
        return options
    }

    public static func make(_ name: String, _ options: [String: Double] = [:]) throws(OptimizerError) -> Optimizer {
        guard let entry = entry(name) else {
            let hint = Suggestion.closest(to: name, among: names).map { " — did you mean '\($0)'?" } ?? ""
            throw OptimizerError("unknown optimizer '\(name)'\(hint); known: \(names.joined(separator: ", "))")
        }
        for key in options.keys where !entry.options.contains(key) {
            let hint = Suggestion.closest(to: key, among: entry.options).map { " — did you mean '\($0)'?" } ?? ""
            throw OptimizerError(
                "\(entry.name) has no option '\(key)'\(hint); it takes \(entry.options.joined(separator: ", "))")
        }
        // The value given, or the declared default.
        func value(_ key: String) -> Double {
            options[key] ?? entry.hyperparameters.first { $0.name == key }?.defaultValue ?? 0
        }
        func flag(_ key: String) -> Bool { (options[key] ?? 0) != 0 }
        switch entry.name {
        case "sgd":
            return try SGD(
                learningRate: value("lr"), momentum: value("momentum"), dampening: value("dampening"),
                weightDecay: value("weight_decay"), nesterov: flag("nesterov"))
        case "momentum":
            return try SGD(
                learningRate: value("lr"), momentum: value("momentum"), dampening: value("dampening"),
                weightDecay: value("weight_decay"))
        case "nesterov":
            return try SGD(
                learningRate: value("lr"), momentum: value("momentum"), weightDecay: value("weight_decay"),
                nesterov: true)
        case "heavyball":
            return try HeavyBall(learningRate: value("lr"), beta: value("beta"))
        case "adagrad":
            return try AdaGrad(
                learningRate: value("lr"), learningRateDecay: value("lr_decay"), weightDecay: value("weight_decay"),
                initialAccumulator: value("initial_accumulator_value"), epsilon: value("eps"))
        case "rmsprop":
            return try RMSprop(
                learningRate: value("lr"), alpha: value("alpha"), epsilon: value("eps"),
                weightDecay: value("weight_decay"), momentum: value("momentum"), centered: flag("centered"))
        case "adam", "adamw":
            let decoupled = entry.name == "adamw"
            return try Adam(
                learningRate: value("lr"), beta1: value("beta1"), beta2: value("beta2"), epsilon: value("eps"),
                weightDecay: value("weight_decay"), amsgrad: flag("amsgrad"), decoupled: decoupled)
        case "adam_nobias":
            return try Adam(
                learningRate: value("lr"), beta1: value("beta1"), beta2: value("beta2"), epsilon: value("eps"),
                withoutBiasCorrection: true)
        case "adam_eps_inside":
            return try Adam(
                learningRate: value("lr"), beta1: value("beta1"), beta2: value("beta2"), epsilon: value("eps"),
                epsilonInsideRoot: true)
        default:
            return try WrongRMSprop(learningRate: value("lr"), epsilon: value("eps"))
        }
    }
}
