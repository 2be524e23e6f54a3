import Foundation
import Randomness

/// Generated data sets that need no files, seeded and reproducible.
public enum Synthetic {
    public static let names = ["moons", "circles", "spirals", "xor", "blobs", "sine"]

    /// Whether the set `name` takes a number of classes (2…10); the others have 2 (or are a
    /// regression).
    public static func takesClasses(_ name: String) -> Bool { name == "spirals" || name == "blobs" }

    /// `n` samples of the named set; `noise` is the Gaussian noise's standard deviation.
    public static func make(
        _ name: String, count n: Int, noise: Double? = nil, classes: Int = 3,
        generator: inout SeededGenerator
    ) throws(DatasetError) -> Dataset {
        guard n > 0, n <= 10_000_000 else {
            throw .invalid("\(name): the number of samples must be 1…10000000, got \(n)")
        }
        var x: [Float] = []
        var labels: [Int32] = []
        func add(_ a: Double, _ b: Double, _ label: Int) {
            x += [Float(a), Float(b)]
            labels.append(Int32(label))
        }
        switch name {
        case "moons":  // two interleaving half circles (scikit-learn's make_moons)
            let s = noise ?? 0.1
            for i in 0..<n {
                let outer = i < n / 2 + n % 2
                let count = outer ? n / 2 + n % 2 : n / 2
                let t = Double.pi * Double(outer ? i : i - (n / 2 + n % 2)) / Double(max(count - 1, 1))
                add(
                    (outer ? cos(t) : 1 - cos(t)) + s * generator.normal(),
                    (outer ? sin(t) : 0.5 - sin(t)) + s * generator.normal(), outer ? 0 : 1)
            }
        case "circles":  // a small circle inside a large one (make_circles, factor 0.5)
            let s = noise ?? 0.05
            for i in 0..<n {
                let inner = i % 2 == 1
                let t = 2 * Double.pi * generator.uniform()
                let r = inner ? 0.5 : 1.0
                add(r * cos(t) + s * generator.normal(), r * sin(t) + s * generator.normal(), inner ? 1 : 0)
            }
        case "spirals":  // k interleaved spiral arms (the CS231n spiral data)
            guard classes >= 2, classes <= 10 else { throw .invalid("spirals: classes must be 2…10, got \(classes)") }
            let s = noise ?? 0.2
            for i in 0..<n {
                let arm = i % classes
                let r = Double(i / classes) / Double(max(n / classes - 1, 1))
                let t = Double(arm) * 4 + r * 4 + s * generator.normal()
                add(r * sin(t), r * cos(t), arm)
            }
        case "xor":  // uniform in [−1, 1]²; the class is whether x and y have the same sign
            let s = noise ?? 0.0
            for _ in 0..<n {
                let a = generator.uniform(-1, 1)
                let b = generator.uniform(-1, 1)
                add(a + s * generator.normal(), b + s * generator.normal(), (a > 0) != (b > 0) ? 1 : 0)
            }
        case "blobs":  // Gaussian clusters around centers on a circle of radius 3
            guard classes >= 2, classes <= 10 else { throw .invalid("blobs: classes must be 2…10, got \(classes)") }
            let s = noise ?? 1.0
            for i in 0..<n {
                let c = i % classes
                let angle = 2 * Double.pi * Double(c) / Double(classes)
                add(3 * cos(angle) + s * generator.normal(), 3 * sin(angle) + s * generator.normal(), c)
            }
        case "sine":  // regression: y = sin(x) + noise, x uniform in [−π, π]
            let s = noise ?? 0.1
            var targets: [Float] = []
            for _ in 0..<n {
                let a = generator.uniform(-Double.pi, Double.pi)
                x.append(Float(a))
                targets.append(Float(sin(a) + s * generator.normal()))
            }
            return try Dataset(
                name: "sine", sampleShape: [1], features: .floats(x), targets: .values(targets, width: 1))
        default:
            let hint = names.first { $0.hasPrefix(String(name.prefix(2))) }.map { " — did you mean '\($0)'?" } ?? ""
            throw .invalid("no generated data set '\(name)'\(hint); known: \(names.joined(separator: ", "))")
        }
        let k = takesClasses(name) ? classes : 2
        return try Dataset(name: name, sampleShape: [2], features: .floats(x), targets: .classes(labels, classes: k))
    }
}
