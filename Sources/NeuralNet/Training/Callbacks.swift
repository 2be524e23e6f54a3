import Optimizers

/// Stop when a monitored metric stops improving (Keras' `EarlyStopping`).
///
/// An epoch improves when the metric beats the best so far by more than `minDelta` (lower
/// for losses, higher for accuracies). After `patience` epochs without improvement training
/// stops. With `restoreBestWeights`, the weights of the best epoch are put back at the end —
/// also when training ran all its epochs (Keras restores only when it stopped early, which
/// surprises people; here the model you get is always the best one seen).
public struct EarlyStopping: Sendable {
    public var monitor: String
    public var patience: Int
    public var minDelta: Double
    public var restoreBestWeights: Bool

    public init(monitor: String = "val_loss", patience: Int = 0, minDelta: Double = 0, restoreBestWeights: Bool = false)
    {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = abs(minDelta)
        self.restoreBestWeights = restoreBestWeights
    }

    /// Accuracies are maximised, everything else minimised.
    public var maximizes: Bool { monitor.contains("acc") }

    func improves(_ value: Double, over best: Double?) -> Bool {
        guard let best else { return true }
        return maximizes ? value > best + minDelta : value < best - minDelta
    }
}

/// Save the model each time a monitored metric improves (Keras' `ModelCheckpoint` with
/// `save_best_only=True`): the file always holds the best epoch so far, so an interrupted run
/// keeps it. `fit` calls its `save` argument; the caller writes the file.
public struct Checkpoint: Sendable {
    public var monitor: String
    public init(monitor: String) { self.monitor = monitor }
    /// Improvement as early stopping counts it (lower losses, higher accuracies).
    func improves(_ value: Double, over best: Double?) -> Bool {
        EarlyStopping(monitor: monitor).improves(value, over: best)
    }
}

/// The callbacks of one `fit`.
public struct Callbacks: Sendable {
    public var earlyStopping: EarlyStopping?
    public var checkpoint: Checkpoint?
    /// Reduce the learning rate when `monitor` plateaus (Keras' ReduceLROnPlateau, on epochs).
    public var reduceOnPlateau: ReduceOnPlateau?
    public var plateauMonitor: String

    public init(
        earlyStopping: EarlyStopping? = nil, reduceOnPlateau: ReduceOnPlateau? = nil,
        plateauMonitor: String = "val_loss"
    ) {
        self.earlyStopping = earlyStopping
        self.reduceOnPlateau = reduceOnPlateau
        self.plateauMonitor = plateauMonitor
    }
}
