import BenchmarkSupport
import CPeak
import Datasets
import Dispatch
import NeuralNet
import Optimizers
import Randomness

// The reference MNIST run, timed: MLP 784→64 (relu) →64 (relu) →10 (softmax), Adam lr 1e-3,
// sparse categorical cross-entropy, batch 128, shuffled, then the 10k test set.
// Prints one JSON line (the same fields as Benchmarks/Peers/mnist_pytorch.py) plus the GEMM
// floor of an epoch at this machine's measured FMA peak.
//   swift run -c release mnist-benchmark DATA_DIR [EPOCHS]
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : "../shared/data/mnist"
let epochs = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // KiB on Linux
}

/// The machine's float32 FMA peak with every core busy (GFLOP/s).
func peak() -> Double {
    let threads = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    var rates: [Double] = []
    for _ in 0..<3 {
        nonisolated(unsafe) let flops = UnsafeMutablePointer<Double>.allocate(capacity: threads)
        let start = now()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var sink: Float = 0
            flops[t] = gb_peak_flops(10_000_000, &sink)
        }
        rates.append((0..<threads).reduce(0) { $0 + flops[$1] } / (now() - start) / 1e9)
        flops.deallocate()
    }
    return median(rates)
}

do {
    let loadStart = now()
    let (train, test) = try MNIST.load(from: directory)
    let load = now() - loadStart

    var generator = SeededGenerator(seed: 0)
    let model = Sequential(inputShape: [784])
    try model.add(Dense(inputs: 784, units: 64, activation: .relu, name: "dense_1", generator: &generator))
    try model.add(Dense(inputs: 64, units: 64, activation: .relu, name: "dense_2", generator: &generator))
    try model.add(Dense(inputs: 64, units: 10, activation: .softmax, name: "dense_3", generator: &generator))
    let trainer = Trainer(model: model, optimizer: try Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy)
    var fastPath = false
    let result = try trainer.fit(train, epochs: epochs, batchSize: 128, generator: &generator) { event in
        if case .started(_, _, _, _, _, let fast) = event { fastPath = fast }
    }
    let (_, accuracy) = try trainer.evaluate(test)

    // GEMM FLOPs of one epoch: forward x·W for each layer, backward xᵀ·dZ for each layer and
    // dZ·Wᵀ for every layer but the first; 2·m·n·k each, over 469 batches (the last one 96 rows).
    let sizes = [(784, 64), (64, 64), (64, 10)]
    let perRow = sizes.enumerated().reduce(0.0) { total, layer in
        let (i, (k, n)) = layer
        return total + 2 * Double(k * n) * (i == 0 ? 2 : 3)
    }
    let epochFlops = perRow * Double(train.count)
    let floor = epochFlops / (peak() * 1e9)
    let steady =
        result.epochSeconds.count > 1
        ? median(Array(result.epochSeconds.dropFirst())) : result.epochSeconds.first ?? .nan
    let epochList = result.epochSeconds.map { fixed($0, 4) }.joined(separator: ", ")
    print(
        "{\"peer\": \"gradbook\", \"load_s\": \(fixed(load, 4)), \"epochs_s\": [\(epochList)], \"steady_epoch_s\": "
            + "\(fixed(steady, 4)), \"test_accuracy\": \(fixed(accuracy ?? .nan, 4)), \"peak_rss_mib\": "
            + "\(fixed(peakRSSMiB(), 1)), \"gemm_floor_epoch_s\": \(fixed(floor, 4)), \"epoch_gflop\": "
            + "\(fixed(epochFlops / 1e9, 3)), \"fast_path\": \(fastPath)}"
    )
} catch {
    print("mnist-benchmark: \(error)")
    exit(1)
}
