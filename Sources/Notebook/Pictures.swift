import Datasets
import Explain
import NeuralNet
import Rendering
import Session
import TensorGrad

/// The pictures of a model that `boundary`, `show weights` and `train … watch=` draw, made
/// from the model and the data in one place.
enum Pictures {
    /// The grid a boundary is sampled on.
    static let columns = 64
    static let rows = 48
    /// At most this many data points are drawn over the regions.
    static let pointLimit = 1500

    /// The model's class regions over the rectangle around the data's points (10% margin),
    /// with the points on top: TensorFlow Playground's picture.
    static func boundary(model: Sequential, data: Dataset, rows dataRows: [Int]? = nil, title: String? = nil)
        throws(NotebookError) -> Surface
    {
        guard data.sampleShape == [2], let classCount = data.classCount else {
            throw .type(
                "a decision boundary needs two features and class labels; \(data.name) has "
                    + "\(data.featureWidth) feature\(data.featureWidth == 1 ? "" : "s")"
                    + (data.classCount == nil ? " and no classes" : "")
                    + " (data moons, circles, spirals, xor, or a CSV with two feature columns)")
        }
        guard model.inputShape == [2] else {
            throw .type("the model takes inputs of shape \(model.inputShape); the data \(data.name) has two features")
        }
        let all = dataRows ?? Array(0..<data.count)
        let step = max(1, all.count / pointLimit)
        let shown = stride(from: 0, to: all.count, by: step).map { all[$0] }
        let points = shown.map { row -> Surface.Point in
            let sample = data.sample(row)
            return Surface.Point(x: Double(sample[0]), y: Double(sample[1]), label: Int(data.label(row) ?? 0))
        }
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard let frame = Surface.frame(around: [finite.map { ($0.x, $0.y) }], minimum: 0.1) else {
            throw .dataset(.invalid("\(data.name): no finite points to draw"))
        }
        let centres = Surface.centres(x: frame.x, y: frame.y, columns: columns, rows: rows)
        let (classes, confidence) = try lift { () throws(TensorError) in try model.classRegions(centres) }
        let names = data.classNames ?? (0..<max(classCount, 2)).map(String.init)
        return Surface(
            title: title ?? "decision boundary: the model's classes over \(data.name)",
            xLabel: "x₁", yLabel: "x₂", x: frame.x, y: frame.y, columns: columns, rows: rows,
            values: classes.map(Double.init), confidence: confidence, shading: .classes(names),
            points: points)
    }

    /// Each of the first `count` units of a Dense layer as a picture: its incoming weights as
    /// a 28×28 image when the inputs are MNIST's pixels (dark: a positive weight, white: a
    /// negative one, grey: zero — scaled by the unit's largest |w|), or, for a model of two
    /// inputs, the unit's output over the plane of the data.
    static func units(
        of name: String, model: Sequential, data: Dataset?, count: Int?
    ) throws(NotebookError) -> (title: String, images: [Image]) {
        guard let index = model.layers.firstIndex(where: { $0.name == name }) else {
            let names = model.layers.map(\.name)
            let hint = Suggestion.closest(to: name, among: names).map { " — did you mean '\($0)'?" } ?? ""
            throw .type("the model has no layer '\(name)'\(hint); its layers: " + names.joined(separator: ", "))
        }
        guard let dense = model.layers[index] as? Dense else {
            throw .type("\(name) is not a dense layer: it has no weights to draw")
        }
        let shown = min(dense.units, count ?? 16)
        if model.inputShape == [2] {
            guard let data, data.sampleShape == [2] else {
                throw .precondition("no data of two features to draw \(name)'s units over: data moons")
            }
            return (
                "\(name): what each of its first \(shown) of \(dense.units) units outputs over the plane of "
                    + "\(data.name) (dark: high, white: low)",
                try unitRegions(model: model, layer: index, units: shown, data: data)
            )
        }
        guard index == model.layers.firstIndex(where: { $0 is Dense }), model.inputShape.reduce(1, *) == 784 else {
            throw .type(
                "\(name) takes \(model.layers[index] is Dense ? "the outputs of the layer before it" : "its inputs"), "
                    + "not pixels: only the first dense layer of a model of 28×28 inputs has weights that are "
                    + "pictures" + (model.layers.first.map { " (show weights \($0.name))" } ?? ""))
        }
        let weights = dense.weight.data
        var images: [Image] = []
        for unit in 0..<shown {
            let column = (0..<784).map { weights[$0 * dense.units + unit] }
            let scale = column.map { abs($0) }.filter(\.isFinite).max() ?? 0
            // Ink 0…1: 0.5 at zero, 1 at the largest positive weight.
            let ink = column.map { w -> Float in scale > 0 && w.isFinite ? 0.5 + 0.5 * w / scale : 0.5 }
            images.append(
                Image(
                    caption: "unit \(unit + 1)  ±\(NumberFormat.short(Double(scale), digits: 2))", width: 28,
                    height: 28, pixels: ink.map { UInt8((1 - $0) * 255) }, text: signed(column, scale: scale)))
        }
        return (
            "\(name): the weights into units 1–\(shown) of \(dense.units), as 28×28 pictures: positive dark "
                + "(# +), negative light (= -), near 0 grey (blank)",
            images
        )
    }

    /// 784 weights as text, 28 columns by 14 rows (two pixel rows a character): by sign and
    /// size against the largest |w| — # above half of it, + above a fifth, blank near zero,
    /// - and = below.
    private static func signed(_ weights: [Float], scale: Float) -> String {
        (0..<14).map { row in
            "    "
                + String(
                    (0..<28).map { column -> Character in
                        let w = (weights[2 * row * 28 + column] + weights[(2 * row + 1) * 28 + column]) / 2
                        let v = scale > 0 && w.isFinite ? w / scale : 0
                        return v > 0.5 ? "#" : v > 0.2 ? "+" : v >= -0.2 ? " " : v >= -0.5 ? "-" : "="
                    })
        }.joined(separator: "\n")
    }

    /// Layer `index`'s first `units` units over the data's plane, each a 24×24 picture.
    private static func unitRegions(model: Sequential, layer index: Int, units: Int, data: Dataset)
        throws(NotebookError) -> [Image]
    {
        let size = 24
        let points = (0..<data.count).map { data.sample($0) }.filter { $0[0].isFinite && $0[1].isFinite }
        guard let frame = Surface.frame(around: [points.map { (Double($0[0]), Double($0[1])) }], minimum: 0.1) else {
            throw .dataset(.invalid("\(data.name): no finite points to draw"))
        }
        let centres = Surface.centres(x: frame.x, y: frame.y, columns: size, rows: size, topFirst: true)
        let output = try lift { () throws(TensorError) in try model.outputs(of: index, at: centres) }
        let width = output.shape.last ?? 1
        let values = output.data
        return (0..<min(units, width)).map { unit in
            let column = (0..<(size * size)).map { values[$0 * width + unit] }
            let finite = column.filter(\.isFinite)
            let (low, high) = (finite.min() ?? 0, finite.max() ?? 0)
            let ink = column.map { v -> Float in high > low && v.isFinite ? (v - low) / (high - low) : 0 }
            // The text picture: 16 columns by 8 rows, each character the nearest pixel.
            let ramp = Array(" .:-=+*#%@")
            let text = (0..<8).map { r in
                "  "
                    + String(
                        (0..<16).map { c in
                            ramp[Int(ink[(r * size / 8 + size / 16) * size + c * size / 16 + size / 32] * 9 + 0.5)]
                        })
            }
            return Image(
                caption: "unit \(unit + 1)  \(NumberFormat.short(Double(low), digits: 2))…"
                    + "\(NumberFormat.short(Double(high), digits: 2))",
                width: size, height: size, pixels: ink.map { UInt8((1 - $0) * 255) },
                text: text.joined(separator: "\n"))
        }
    }
}

/// `train … watch=boundary every=K`: which picture to redraw while training, and when — every
/// K batches (default: at each epoch's end), never more often than four times a second (a
/// redraw costs a few milliseconds: at that rate training slows by well under 5%), and once
/// more at the end.
struct Watch {
    enum Kind: String, CaseIterable {
        /// The class regions (`boundary`).
        case boundary
        /// The first dense layer's units (`show weights`).
        case weights
    }

    let kind: Kind
    let every: Int?
    static let interval = 0.25
    private var last = -Double.infinity

    init(kind: Kind, every: Int?) {
        self.kind = kind
        self.every = every
    }

    /// Whether batch `batch` of `batches` (from 1) at time `now` redraws.
    mutating func due(batch: Int, of batches: Int, now: Double) -> Bool {
        let step = every ?? batches
        guard batch % max(step, 1) == 0 || batch == batches, now - last >= Watch.interval else { return false }
        last = now
        return true
    }

    /// The picture of the model now (`moment`: "after epoch 3", for the title).
    func picture(model: Sequential, data: Dataset, moment: String) throws(NotebookError) -> [Output] {
        switch kind {
        case .boundary:
            return [
                .surface(
                    try Pictures.boundary(model: model, data: data, title: "decision boundary \(moment)"))
            ]
        case .weights:
            guard let first = model.layers.first(where: { $0 is Dense }) else {
                throw .type("the model has no dense layer to watch")
            }
            let (_, images) = try Pictures.units(of: first.name, model: model, data: data, count: 8)
            return images.map(Output.image)
        }
    }
}
