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

    /// One optimizer: its name, what it is, its hyperparameters with PyTorch's defaults, and
    /// how to build it from them. The builder is part of the entry, so an entry cannot exist
    /// without one, and `make` has no list of cases to fall through.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let hyperparameters: [Hyperparameter]
        let build: @Sendable (Settings) throws(OptimizerError) -> Optimizer
        public var options: [String] { hyperparameters.map(\.name) }

        init(
            name: String, summary: String, hyperparameters: [Hyperparameter],
            build: @escaping @Sendable (Settings) throws(OptimizerError) -> Optimizer
        ) {
            self.name = name
            self.summary = summary
            self.hyperparameters = hyperparameters
            self.build = build
        }
    }

    /// The values an entry's builder reads: those given, else the declared defaults (written
    /// once, in the entry).
    struct Settings {
        let entry: Entry
        let given: [String: Double]
        func value(_ key: String) -> Double {
            given[key] ?? entry.hyperparameters.first { $0.name == key }?.defaultValue ?? 0
        }
        func flag(_ key: String) -> Bool { value(key) != 0 }
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
            ],
            build: { o throws(OptimizerError) in
                try SGD(
                    learningRate: o.value("lr"), momentum: o.value("momentum"), dampening: o.value("dampening"),
                    weightDecay: o.value("weight_decay"), nesterov: o.flag("nesterov"))
            }),
        Entry(
            name: "momentum", summary: "SGD with momentum 0.9 (PyTorch's form)",
            hyperparameters: [
                lr(1e-3), Hyperparameter("momentum", 0.9, unbounded, "momentum μ"),
                Hyperparameter("dampening", 0, fraction, "dampening τ"), weightDecay,
            ],
            build: { o throws(OptimizerError) in
                try SGD(
                    learningRate: o.value("lr"), momentum: o.value("momentum"), dampening: o.value("dampening"),
                    weightDecay: o.value("weight_decay"))
            }),
        Entry(
            name: "nesterov", summary: "SGD with Nesterov momentum 0.9",
            hyperparameters: [
                lr(1e-3), Hyperparameter("momentum", 0.9, unbounded, "momentum μ"), weightDecay,
            ],
            build: { o throws(OptimizerError) in
                try SGD(
                    learningRate: o.value("lr"), momentum: o.value("momentum"), weightDecay: o.value("weight_decay"),
                    nesterov: true)
            }),
        Entry(
            name: "heavyball", summary: "classic heavy-ball momentum θ − α∇J + β(θₜ − θₜ₋₁)",
            hyperparameters: [
                lr(1e-3),
                Hyperparameter("beta", 0.9, fraction, excludesUpper: true, "β, the weight of the last move θₜ − θₜ₋₁"),
            ],
            build: { o throws(OptimizerError) in try HeavyBall(learningRate: o.value("lr"), beta: o.value("beta")) }),
        Entry(
            name: "adagrad", summary: "AdaGrad (lr 1e-2, eps 1e-10)",
            hyperparameters: [
                lr(1e-2), Hyperparameter("lr_decay", 0, unbounded, "learning-rate decay: γ/(1 + (t−1)·decay)"),
                weightDecay,
                Hyperparameter("initial_accumulator_value", 0, unbounded, "the starting value of the sum of squares"),
                Hyperparameter("eps", 1e-10, unbounded, excludesLower: true, "ε added to the denominator"),
            ],
            build: { o throws(OptimizerError) in
                try AdaGrad(
                    learningRate: o.value("lr"), learningRateDecay: o.value("lr_decay"),
                    weightDecay: o.value("weight_decay"), initialAccumulator: o.value("initial_accumulator_value"),
                    epsilon: o.value("eps"))
            }),
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
            ],
            build: { o throws(OptimizerError) in
                try RMSprop(
                    learningRate: o.value("lr"), alpha: o.value("alpha"), epsilon: o.value("eps"),
                    weightDecay: o.value("weight_decay"), momentum: o.value("momentum"), centered: o.flag("centered"))
            }),
        Entry(
            name: "adam", summary: "Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8)",
            hyperparameters: [lr(1e-3)] + betas + [
                eps, weightDecay,
                Hyperparameter("amsgrad", 0, 0...1, isSwitch: true, "AMSGrad: divide by the largest v so far"),
            ],
            build: { o throws(OptimizerError) in
                try Adam(
                    learningRate: o.value("lr"), beta1: o.value("beta1"), beta2: o.value("beta2"),
                    epsilon: o.value("eps"), weightDecay: o.value("weight_decay"), amsgrad: o.flag("amsgrad"))
            }),
        Entry(
            name: "adamw", summary: "AdamW, decoupled weight decay (weight_decay 1e-2)",
            hyperparameters: [lr(1e-3)] + betas + [
                eps, Hyperparameter("weight_decay", 1e-2, unbounded, "decoupled decay: θ ← θ − γλθ"),
                Hyperparameter("amsgrad", 0, 0...1, isSwitch: true, "AMSGrad: divide by the largest v so far"),
            ],
            build: { o throws(OptimizerError) in
                try Adam(
                    learningRate: o.value("lr"), beta1: o.value("beta1"), beta2: o.value("beta2"),
                    epsilon: o.value("eps"), weightDecay: o.value("weight_decay"), amsgrad: o.flag("amsgrad"),
                    decoupled: true)
            }),
        Entry(
            name: "adam_nobias", summary: "WRONG on purpose: Adam without bias correction",
            hyperparameters: [lr(1e-3)] + betas + [eps],
            build: { o throws(OptimizerError) in
                try Adam(
                    learningRate: o.value("lr"), beta1: o.value("beta1"), beta2: o.value("beta2"),
                    epsilon: o.value("eps"), withoutBiasCorrection: true)
            }),
        Entry(
            name: "adam_eps_inside", summary: "WRONG on purpose: Adam with ε inside the square root, γ·m̂/√(v̂ + ε)",
            hyperparameters: [lr(1e-3)] + betas + [eps],
            build: { o throws(OptimizerError) in
                try Adam(
                    learningRate: o.value("lr"), beta1: o.value("beta1"), beta2: o.value("beta2"),
                    epsilon: o.value("eps"), epsilonInsideRoot: true)
            }),
        Entry(
            name: "rmsprop_wrong", summary: "WRONG on purpose: θ − α·g/√(1 + ε·Σg²)",
            hyperparameters: [
                lr(1e-2),
                Hyperparameter("eps", 1e-8, unbounded, excludesLower: true, "ε, misplaced inside the square root"),
            ],
            build: { o throws(OptimizerError) in try WrongRMSprop(learningRate: o.value("lr"), epsilon: o.value("eps"))
            }),
        lion,
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
        return try make(entry, options)
    }

    /// Builds `entry` with `options` (each checked to be one the entry declares).
    static func make(_ entry: Entry, _ options: [String: Double]) throws(OptimizerError) -> Optimizer {
        for key in options.keys where !entry.options.contains(key) {
            let hint = Suggestion.closest(to: key, among: entry.options).map { " — did you mean '\($0)'?" } ?? ""
            throw OptimizerError(
                "\(entry.name) has no option '\(key)'\(hint); it takes \(entry.options.joined(separator: ", "))")
        }
        return try entry.build(Settings(entry: entry, given: options))
    }

    /// An entry is sound when, built with its defaults, it makes the optimizer it names, with
    /// the hyperparameters it declares — what a copied entry whose builder was not changed
    /// fails (the tests check every entry of the catalog).
    static func verify(_ entry: Entry) throws(OptimizerError) {
        let optimizer = try make(entry, [:])
        guard optimizer.kind == entry.name else {
            throw OptimizerError("the catalog entry '\(entry.name)' builds \(optimizer.kind), not \(entry.name)")
        }
        for (name, value) in options(of: optimizer) {
            let declared = entry.hyperparameters.first { $0.name == name }?.defaultValue
            guard declared == value else {
                throw OptimizerError(
                    "the catalog entry '\(entry.name)' declares \(name) = \(declared ?? .nan) but builds \(value)")
            }
        }
    }
}
