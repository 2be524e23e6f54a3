// Load time of a 60,000-row CSV through `data csv`'s parser (RFC 4180, CSVReader): the MNIST
// training set written as Kaggle's mnist_train.csv (label + 784 pixel columns, ~110 MB), or
// 60,000 synthetic rows of the same shape when no MNIST directory is given.
//   swift run -c release csv-benchmark [MNIST_DIR] [ROUNDS]
import BenchmarkSupport
import Datasets
import Foundation
import Randomness

let arguments = CommandLine.arguments
let rounds = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 3) : 3
var rows: [(label: Int, pixels: [UInt8])] = []
if arguments.count > 1, let (train, _) = try? MNIST.load(from: arguments[1]) {
    rows = (0..<train.count).map { r in (Int(train.label(r) ?? 0), train.sample(r).map { UInt8(($0 * 255).rounded()) })
    }
} else {
    var generator = SeededGenerator(seed: 1)
    rows = (0..<60_000).map { _ in
        (
            Int(generator.next() % 10),
            (0..<784).map { _ in generator.uniform() < 0.8 ? 0 : UInt8(generator.next() % 256) }
        )
    }
}
var text = "label," + (0..<784).map { "pixel\($0)" }.joined(separator: ",") + "\n"
text.reserveCapacity(rows.count * 2_000)
for row in rows { text += String(row.label) + "," + row.pixels.map(String.init).joined(separator: ",") + "\n" }
let path = NSTemporaryDirectory() + "gradbook-csv-benchmark-\(getpid()).csv"
try text.write(toFile: path, atomically: true, encoding: .utf8)
defer { try? FileManager.default.removeItem(atPath: path) }
let megabytes = Double(text.utf8.count) / 1_048_576

var times: [Double] = []
for _ in 0..<rounds {
    let start = now()
    let data = try CSV.load(path, label: "label")
    times.append(now() - start)
    precondition(data.count == rows.count && data.featureWidth == 784)
}
print(
    "csv load: \(rows.count) rows × 785 columns (\(fixed(megabytes)) MB): median \(fixed(median(times), 2)) s over "
        + "\(rounds) rounds"
        + " (\(fixed(megabytes / median(times))) MB/s)")
