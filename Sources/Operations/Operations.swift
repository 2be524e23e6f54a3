/// The table of elementwise operations: one row per file of this module. Everything that
/// names an elementwise function (the notebook's functions, layer activations, help) looks
/// it up here; the table test runs over every row.
public enum Operations {
    /// Every row, in the order help lists them.
    public static let table: [any UnaryOperation.Type] = [
        Exp.self, Log.self, Sqrt.self, Abs.self, Power.self, Clamp.self, Negate.self,
        ReLU.self, LeakyReLU.self, Tanh.self, Sigmoid.self, Softplus.self,
    ]

    /// The rows a layer can use as its activation.
    public static var activations: [any UnaryOperation.Type] { table.filter { $0.isActivation } }

    /// The row called `name`.
    public static func named(_ name: String) -> (any UnaryOperation.Type)? {
        table.first { $0.name == name.lowercased() }
    }
}
