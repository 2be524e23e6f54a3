import TensorGrad

/// What a model of two inputs does to each point of the plane — the pictures TensorFlow
/// Playground draws: the class it predicts there and how sure it is (the decision boundary),
/// and what each unit of a layer outputs there (the unit's own picture of the input).
extension Sequential {
    /// The predicted class at each point (`Classification.predictedClass`, the same rule as
    /// accuracy's) and its confidence (`Classification.confidence`).
    public func classRegions(_ points: [(x: Double, y: Double)]) throws(TensorError) -> (
        classes: [Int], confidence: [Double]
    ) {
        let output = try outputs(of: layers.count - 1, at: points)
        let width = output.shape.count == 2 ? output.shape[1] : 1
        let values = output.data
        let threshold: Float = finalSquash == nil && width == 1 ? 0 : 0.5
        let classes = Classification.predictedClasses(values, width: width, threshold: threshold)
        let confidence = classes.enumerated().map { row, predicted -> Double in
            let slice = values[(row * width)..<((row + 1) * width)]
            // A bare logit (no sigmoid) is made a probability for its shade.
            if width == 1, finalSquash == nil, let z = slice.first {
                let p = 1 / (1 + exp(-Double(z)))
                return predicted == 1 ? p : 1 - p
            }
            return Double(Classification.confidence(slice, predicted: predicted))
        }
        return (classes, confidence)
    }

    /// The output of layer `index` (after its activation) at each point: one row per point,
    /// one column per unit.
    public func outputs(of index: Int, at points: [(x: Double, y: Double)]) throws(TensorError) -> Tensor {
        guard inputShape == [2] else {
            throw .invalidArgument(
                op: "regions",
                reason: "the model takes inputs of shape \(inputShape); a picture over the plane needs two inputs")
        }
        guard layers.indices.contains(index) else {
            throw .invalidArgument(op: "regions", reason: "no layer \(index + 1): the model has \(layers.count)")
        }
        var h = Tensor(shape: [points.count, 2], data: points.flatMap { [Float($0.x), Float($0.y)] })
        for layer in layers[...index] {
            let input = h
            h = try GradMode.withoutGradients { () throws(TensorError) in try layer(input, training: false) }
        }
        return h
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
