/// What `fit` recorded, one entry per epoch (Keras' `History`): loss, accuracy,
/// val_loss, val_accuracy, lr.
public struct History: Sendable {
    public private(set) var epochs: [[String: Double]] = []

    public init() {}

    public mutating func append(_ logs: [String: Double]) { epochs.append(logs) }

    /// The key of an epoch stopped before its last batch (Ctrl-C): the share of its batches
    /// that ran, 0 < partial < 1. A full epoch has none.
    public static let partial = "partial"

    /// The epochs (1-based) that did not run all their batches, with the share that did.
    public var partialEpochs: [(epoch: Int, share: Double)] {
        epochs.enumerated().compactMap { index, logs in logs[History.partial].map { (index + 1, $0) } }
    }

    /// The metrics recorded, in a fixed order.
    public var keys: [String] {
        let order = ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]
        let present = Set(epochs.flatMap(\.keys))
        return order.filter(present.contains) + present.subtracting(order).sorted(by: History.naturally)
    }

    /// `dense_2` before `dense_10`: names compared with their trailing numbers as numbers
    /// (layers stay in the order they were built).
    public static func naturally(_ a: String, _ b: String) -> Bool {
        func split(_ s: String) -> (String, Int) {
            let digits = s.reversed().prefix { $0.isNumber }
            return (String(s.dropLast(digits.count)), Int(String(digits.reversed())) ?? -1)
        }
        let (x, y) = (split(a), split(b))
        return x.0 != y.0 ? x.0 < y.0 : (x.1 != y.1 ? x.1 < y.1 : a < b)
    }

    /// One metric across epochs (nil where an epoch lacks it).
    public func values(_ key: String) -> [Double?] { epochs.map { $0[key] } }
}
