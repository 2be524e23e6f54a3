import Explain
import Limits
import ScalarGrad
import Session
import TensorGrad

/// The arguments of a function call, with typed accessors whose errors name the function
/// and the argument.
package struct Call {
    public let function: String
    package let positional: [Object]
    package let keywords: [String: Object]
    public let session: Session
    /// Notices for the cell (NaNs appearing, constants used as exponents).
    package var warnings: [String] = []

    /// Rejects keywords the function does not take and a wrong number of positionals.
    package func expect(positional range: ClosedRange<Int>, keywords allowed: Set<String> = []) throws(NotebookError) {
        for key in keywords.keys where !allowed.contains(key) {
            let hint = Suggestion.closest(to: key, among: allowed).map { " — did you mean '\($0)='?" } ?? ""
            throw .type("\(function)() has no argument '\(key)='\(hint)")
        }
        guard range.contains(positional.count) else {
            let wanted =
                range.lowerBound == range.upperBound
                ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw .type(
                "\(function)() takes \(wanted) positional argument\(range.upperBound == 1 ? "" : "s"), got "
                    + "\(positional.count)"
            )
        }
    }

    /// Positional argument `index` as a tensor (a scalar Value becomes a constant tensor).
    package func tensor(_ index: Int) throws(NotebookError) -> Tensor {
        try Call.tensor(positional[index], for: function)
    }

    package static func tensor(_ object: Object, for function: String) throws(NotebookError) -> Tensor {
        switch object {
        case .tensor(let tensor): return tensor
        case .scalar(let value): return Tensor(Float(value.data))
        case .tuple, .record:
            throw .type("\(function) needs a tensor or a number, got a \(object.typeName) \(object.display)")
        }
    }

    /// A number from a positional argument or a keyword (`default` when absent).
    package func number(_ index: Int? = nil, keyword: String? = nil, default fallback: Double? = nil)
        throws(NotebookError)
        -> Double
    {
        let object = keyword.flatMap { keywords[$0] } ?? index.flatMap { $0 < positional.count ? positional[$0] : nil }
        guard let object else {
            if let fallback { return fallback }
            throw .type("\(function)() needs \(keyword.map { "\($0)=" } ?? "argument \((index ?? 0) + 1)")")
        }
        switch object {
        case .scalar(let value): return value.data
        case .tensor(let t) where t.count == 1: return Double(t.data[0])
        default:
            throw .type(
                "\(function)(): \(keyword.map { "\($0)=" } ?? "argument") must be a number, got a \(object.typeName)")
        }
    }

    /// A whole number (axis, size, class count) in `range`, through the one checked conversion.
    package func integer(
        _ index: Int? = nil, keyword: String? = nil, default fallback: Int? = nil,
        in range: ClosedRange<Int> = -Limit.tensorElements.value...Limit.tensorElements.value
    ) throws(NotebookError) -> Int {
        let x = try number(index, keyword: keyword, default: fallback.map(Double.init))
        let name = "\(function)(): " + (keyword.map { "\($0)=" } ?? "argument \((index ?? 0) + 1)")
        do throws(RangeError) { return try Count.from(x, name, in: range) } catch { throw .range(error) }
    }

    /// An optional axis keyword (`axis=1`; `axis=None` is not needed: omit it).
    package func axis(default fallback: Int? = nil) throws(NotebookError) -> Int? {
        keywords["axis"] == nil && keywords["dim"] == nil
            ? fallback : try integer(keyword: keywords["axis"] != nil ? "axis" : "dim")
    }

    /// A true/false keyword given as 1/0 or true/false (the names `true`/`false` are built in).
    package func flag(_ keyword: String) throws(NotebookError) -> Bool {
        keywords[keyword] == nil ? false : try number(keyword: keyword) != 0
    }

    /// A shape from the positionals: `zeros(2, 3)` or `zeros((2, 3))`.
    package func shape(from start: Int = 0) throws(NotebookError) -> [Int] {
        var items = Array(positional.dropFirst(start))
        if items.count == 1, case .tuple(let inner) = items[0] { items = inner }
        if items.count == 1, case .tensor(let t) = items[0], t.rank == 1 {
            items = t.data.map { .scalar(Value(Double($0))) }
        }
        var shape: [Int] = []
        for (axis, item) in items.enumerated() {
            guard case .scalar(let value) = item else {
                throw .type("\(function)(): a shape is whole numbers ≥ 0, got \(item.display)")
            }
            do throws(RangeError) {
                shape.append(
                    try Count.from(
                        value.data, "\(function)(): dimension \(axis)", in: 0...Limit.tensorElements.value,
                        limit: .tensorElements))
            } catch {
                throw .range(error)
            }
        }
        return shape
    }
}
