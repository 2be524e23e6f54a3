import BenchmarkSupport
import Randomness
import ScalarGrad

// Scalar engine benchmark: micrograd's demo, one training step at a time.
//
// The workload of micrograd's demo.ipynb: an MLP 2-16-16-1 of scalar Values, 100 points of
// the two-moons data set, SVM hinge loss plus L2 regularisation (α = 1e-4), then
// forward + backward + SGD update. Prints the graph size and the median step time.
// Run in release mode:  swift run -c release scalar-benchmark [steps]
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two interleaving half circles with Gaussian noise (scikit-learn's make_moons), labels ±1.
func moons(count: Int, noise: Double, generator: inout SeededGenerator) -> [(x: [Double], y: Double)] {
    (0..<count).map { index in
        let outer = index < count / 2
        let t = Double.pi * Double(outer ? index : index - count / 2) / Double(count / 2 - 1)
        let x = outer ? cos(t) : 1 - cos(t)
        let y = outer ? sin(t) : 0.5 - sin(t)
        return ([x + generator.normal() * noise, y + generator.normal() * noise], outer ? -1 : 1)
    }
}

let steps = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 30 : 30
var generator = SeededGenerator(seed: 1337)
let data = moons(count: 100, noise: 0.1, generator: &generator)
let model = MLP(inputs: 2, sizes: [16, 16, 1], generator: &generator)
let parameters = model.parameters

var forward: [Double] = []
var backward: [Double] = []
var update: [Double] = []
var total: [Double] = []
var nodes = 0
var loss = 0.0
var accuracy = 0.0
for step in 0..<steps {
    let t0 = now()
    // Forward: scores, hinge loss max(0, 1 − yᵢ·scoreᵢ), mean, plus α·Σθ².
    let scores = data.map { model($0.x.map { Value($0) })[0] }
    var dataLoss = Value(0)
    for (score, sample) in zip(scores, data) { dataLoss = dataLoss + (1 + -sample.y * score).relu() }
    dataLoss = dataLoss * (1.0 / Double(data.count))
    var squares = Value(0)
    for p in parameters { squares = squares + p * p }
    let totalLoss = dataLoss + 1e-4 * squares
    let t1 = now()
    totalLoss.backward()
    let t2 = now()
    let learningRate = 1.0 - 0.9 * Double(step) / 100
    for p in parameters { p.data -= learningRate * p.grad }
    let t3 = now()
    forward.append(t1 - t0)
    backward.append(t2 - t1)
    update.append(t3 - t2)
    total.append(t3 - t0)
    if step == 0 { nodes = totalLoss.topologicalOrder().count }
    loss = totalLoss.data
    accuracy = Double(zip(scores, data).filter { ($0.0.data > 0) == ($0.1.y > 0) }.count) / Double(data.count)
}

print(
    "scalar-benchmark: micrograd demo (MLP 2-16-16-1, \(parameters.count) parameters, 100 moons points, hinge loss + "
        + "L2)"
)
print("  graph nodes per step : \(nodes)")
print("  steps                : \(steps)  (final loss \(loss), accuracy \(accuracy * 100)%)")
print("  median forward       : \(fixed(median(forward) * 1e3, 3)) ms")
print("  median backward      : \(fixed(median(backward) * 1e3, 3)) ms  (topological sort + chain rule)")
print("  median update        : \(fixed(median(update) * 1e3, 3)) ms")
print(
    "  median step          : \(fixed(median(total) * 1e3, 3)) ms  (forward + backward + update; target: well under "
        + "100 ms)"
)
