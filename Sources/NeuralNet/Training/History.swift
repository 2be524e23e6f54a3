/// What `fit` recorded, one entry per epoch (Keras' `History`): loss, accuracy,
/// val_loss, val_accuracy, lr.
public struct History: Sendable {
    public private(set) var epochs: [[String: Double]] = []

    public init() {}

    public mutating func append(_ logs: [String: Double]) { epochs.append(logs) }

    /// The metrics recorded, in a fixed order.
    public var keys: [String] {
        let order = ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]
        let present = Set(epochs.flatMap(\.keys))
        return order.filter(present.contains) + present.subtracting(order).sorted()
    }

    /// One metric across epochs (nil where an epoch lacks it).
    public func values(_ key: String) -> [Double?] { epochs.map { $0[key] } }
}
