/// A bound on what a user or a file can ask Gradbook for, declared once so every check and
/// every message agrees.
///
/// Gradbook runs in one process with the learner's whole session in it: a request for
/// 10¹⁸ elements, a label of 10⁸ classes or an expression nested 30,000 deep must come back
/// as a clear error rather than an abort. Each limit is generous for teaching and for the
/// classic benchmarks (MNIST's 60,000 × 784 training images are 47 M elements).
public struct Limit: Sendable, Equatable, CustomStringConvertible {
    /// What is counted, in the plural: "elements per tensor".
    public let name: String
    /// The largest value allowed.
    public let value: Int

    public init(_ name: String, _ value: Int) {
        self.name = name
        self.value = value
    }

    /// `100,000,000 elements per tensor`.
    public var description: String { "\(Limit.grouped(value)) \(name)" }

    /// Elements in one tensor (400 MB of Float32).
    public static let tensorElements = Limit("elements per tensor", 100_000_000)
    /// Units in one layer (inputs or outputs of a dense layer).
    public static let layerWidth = Limit("units per layer", 65_536)
    /// Parameters of one model (80 MB of Float32; the MNIST MLP has 55,050).
    public static let modelParameters = Limit("parameters per model", 20_000_000)
    /// Multiply-adds of one matrix product (a few seconds of this machine's BLAS), so a
    /// product that no Ctrl-C can stop still ends soon.
    public static let productWork = Limit("multiply-adds per matrix product", 30_000_000_000)
    /// Classes in a data set or a loss.
    public static let classes = Limit("classes", 1_000)
    /// Brackets, calls and prefix operators inside one another in one expression.
    public static let nesting = Limit("levels of nesting in an expression", 200)
    /// The depth of an expression's tree, counting chains such as 1+1+…+1.
    public static let expressionDepth = Limit("levels in an expression's tree", 1_000)
    /// Expressions being evaluated inside one another, through user functions too.
    public static let evaluationDepth = Limit("levels of evaluation (user functions included)", 2_000)
    /// Expressions evaluated for one line (or one call of a function by `minimize`): a function
    /// that calls itself twice doubles its work at every level.
    public static let evaluations = Limit("expressions evaluated at once", 5_000_000)
    /// Epochs of one `train`.
    public static let epochs = Limit("epochs", 100_000)
    /// Steps of one `minimize`, `race` or `step N`.
    public static let steps = Limit("steps", 1_000_000)
    /// Bytes of one decompressed data file (1 GiB).
    public static let fileBytes = Limit("bytes per data file", 1 << 30)

    /// Every limit (the README lists them; a test keeps their names distinct).
    public static let all: [Limit] = [
        tensorElements, layerWidth, modelParameters, productWork, classes, nesting, expressionDepth, evaluationDepth,
        evaluations, epochs, steps, fileBytes,
    ]

    /// 1234567 → "1,234,567".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// A user's number that cannot become the count or index it was meant as.
public struct RangeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The argument, as the user wrote it: `epochs`, `steps=`, `zeros() dimension 1`.
    public let argument: String
    /// The offending value, as text.
    public let value: String
    /// The allowed range.
    public let range: ClosedRange<Int>
    /// The limit behind the upper bound, when there is one.
    public let limit: Limit?

    public var description: String {
        let allowed =
            range.upperBound == Int.max
            ? "≥ \(Limit.grouped(range.lowerBound))"
            : "\(Limit.grouped(range.lowerBound))…\(Limit.grouped(range.upperBound))"
        var text = "\(argument) must be a whole number \(allowed), got \(value)"
        if let limit { text += " (the limit is \(limit))" }
        return text
    }
}

/// The one way a user's number becomes a count or an index: checked for nan, infinity,
/// fractions and range before any conversion can trap.
public enum Count {
    /// `x` as an integer in `range`; the error names `argument`.
    public static func from(_ x: Double, _ argument: String, in range: ClosedRange<Int>, limit: Limit? = nil)
        throws(RangeError) -> Int
    {
        guard x.isFinite, x == x.rounded(), let n = Int(exactly: x), range.contains(n) else {
            throw RangeError(argument: argument, value: format(x), range: range, limit: limit)
        }
        return n
    }

    /// `x` as an integer from `lowest` up to `limit`.
    public static func from(_ x: Double, _ argument: String, atLeast lowest: Int = 1, limit: Limit) throws(RangeError)
        -> Int
    {
        try from(x, argument, in: lowest...limit.value, limit: limit)
    }

    /// Text (`"128"`, `"1e3"`) as an integer in `range`; text that is not a number is named too.
    public static func from(_ text: String, _ argument: String, in range: ClosedRange<Int>, limit: Limit? = nil)
        throws(RangeError) -> Int
    {
        if let n = Int(text), range.contains(n) { return n }
        guard let x = Double(text), !text.lowercased().contains("x") else {
            throw RangeError(argument: argument, value: "'\(text)'", range: range, limit: limit)
        }
        do { return try from(x, argument, in: range, limit: limit) } catch {
            throw RangeError(argument: argument, value: text, range: range, limit: limit)  // as the user wrote it
        }
    }

    /// Text as an integer from `lowest` up to `limit`.
    public static func from(_ text: String, _ argument: String, atLeast lowest: Int = 1, limit: Limit)
        throws(RangeError) -> Int
    {
        try from(text, argument, in: lowest...limit.value, limit: limit)
    }

    /// The number of elements of `shape`, or nil when a dimension is negative or the product
    /// overflows Int. A zero dimension gives 0 however large the others are.
    public static func elements(_ shape: [Int]) -> Int? {
        guard shape.allSatisfy({ $0 >= 0 }) else { return nil }
        if shape.contains(0) { return 0 }
        var product = 1
        for d in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// `a · b`, or nil on overflow (sizes computed from a file's header or a user's shape).
    public static func product(_ a: Int, _ b: Int) -> Int? {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : p
    }

    /// A number as a user would write it: whole numbers without ".0", huge ones in e-notation.
    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"  // e-notation for large and small magnitudes: 1e+30, 1e-05
    }
}
