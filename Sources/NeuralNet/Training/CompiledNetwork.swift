import Datasets
import Kernels
import Operations
import TensorGrad

/// The fast path of a `Sequential` for one shard of a batch: every buffer allocated once for
/// a batch size, forward and backward written as GEMMs and fused loops over those buffers,
/// the parameters' gradients written into buffers of its own (`ParallelNetwork` adds the
/// shards' gradients into the `grad` arrays the autograd path fills). A step allocates nothing.
///
/// It computes exactly what the graph computes for every layer it accepts — dense layers with
/// any activation, activation layers (softmax anywhere) and dropout — and a test matrix pins
/// the two together; the graph stays the transparent reference, this is the one `train` runs.
/// The activations' loops are the rows of the table of operations, specialised for Float.
final class CompiledNetwork {
    /// One stage of the network with its output and output-gradient buffers ([rows, width]).
    enum Stage {
        /// A dense layer and this shard's ∂L/∂W and ∂L/∂b; `z` keeps the pre-activations when
        /// the activation's derivative needs its input (not only its output).
        case dense(
            Dense, dW: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>?)
        case activation(Activation)
        case dropout(Dropout, mask: UnsafeMutablePointer<Float>)
    }

    let capacity: Int
    let inputWidth: Int
    let stages: [Stage]
    let widths: [Int]
    /// The batch input and, per stage, its output and the gradient with respect to it.
    let input: UnsafeMutablePointer<Float>
    let outputs: [UnsafeMutablePointer<Float>]
    let gradients: [UnsafeMutablePointer<Float>]
    /// The last stage's activation (softmax, sigmoid) is folded into the loss: `outputs.last`
    /// then holds the logits.
    let finalActivation: Activation?
    /// The first layer's input as sparse rows of the data set, when it has them: then forward
    /// and backward read the samples `sparseBatch` from there instead of `input`.
    var sparse: SparseRows? {
        didSet { sparseBatch = sparse.map { SparseRows.Batch($0, capacity: capacity) } }
    }
    /// The batch in sparse form, loaded by the caller (instead of `input`) when `sparse` is set.
    private(set) var sparseBatch: SparseRows.Batch?

    /// Compiles `model` for batches of up to `capacity` rows; nil when a layer has no fast form.
    init?(_ model: Sequential, capacity: Int) {
        guard model.inputShape.count == 1, capacity > 0 else { return nil }
        var stages: [Stage] = []
        var widths: [Int] = []
        var width = model.inputShape[0]
        for layer in model.layers {
            switch layer {
            case let dense as Dense:
                let keepsInput = dense.activation?.operation.map { !$0.derivativeReadsOnlyOutput } ?? false
                stages.append(
                    .dense(
                        dense, dW: .allocate(capacity: dense.weight.count), db: .allocate(capacity: dense.bias.count),
                        z: keepsInput ? .allocate(capacity: capacity * dense.units) : nil))
                width = dense.units
            case let activation as ActivationLayer:
                stages.append(.activation(activation.activation))
            case let dropout as Dropout:
                stages.append(.dropout(dropout, mask: .allocate(capacity: capacity * width)))
            default:
                return nil
            }
            widths.append(width)
        }
        guard !stages.isEmpty else { return nil }
        self.capacity = capacity
        self.inputWidth = model.inputShape[0]
        self.stages = stages
        self.widths = widths
        input = .allocate(capacity: capacity * inputWidth)
        outputs = widths.map { .allocate(capacity: capacity * $0) }
        gradients = widths.map { .allocate(capacity: capacity * $0) }
        finalActivation = model.finalSquash
    }

    deinit {
        input.deallocate()
        for buffer in outputs + gradients { buffer.deallocate() }
        for stage in stages {
            switch stage {
            case .dense(_, let dW, let db, let z):
                dW.deallocate()
                db.deallocate()
                z?.deallocate()
            case .dropout(_, let mask): mask.deallocate()
            case .activation: break
            }
        }
    }

    var outputWidth: Int { widths[widths.count - 1] }

    // MARK: - Forward

    /// The dense layers with this shard's gradient buffers, in order.
    var denseStages: [(layer: Dense, dW: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>)] {
        stages.compactMap { if case .dense(let d, let dW, let db, _) = $0 { (d, dW, db) } else { nil } }
    }

    /// Draws the dropout masks for `rows` rows (training). Drawn outside `forward` so that
    /// shards running at once draw from each layer's generator in row order, one at a time.
    func fillDropoutMasks(rows: Int) {
        var width = inputWidth
        for (index, stage) in stages.enumerated() {
            if case .dropout(let dropout, let mask) = stage, dropout.rate > 0 {
                dropout.fillMask(mask, count: rows * width)
            }
            width = widths[index]
        }
    }

    /// Runs the batch in `input` (`rows` rows). The last stage stops before a final softmax
    /// or sigmoid: `outputs.last` holds logits (see `finalActivation`). In training, dropout
    /// uses the masks of `fillDropoutMasks`, drawn here unless `masksDrawn`.
    func forward(rows: Int, training: Bool, masksDrawn: Bool = false) {
        if training, !masksDrawn { fillDropoutMasks(rows: rows) }
        var x = UnsafePointer(input)
        var xWidth = inputWidth
        for (index, stage) in stages.enumerated() {
            let out = outputs[index]
            let width = widths[index]
            let isLast = index == stages.count - 1
            switch stage {
            case .dense(let dense, _, _, let z):
                dense.weight.data.withUnsafeBufferPointer { w in
                    if index == 0, let batch = sparseBatch, batch.rows == rows {
                        batch.times(w.baseAddress!, n: width, into: out)
                    } else {
                        BLAS.gemm(
                            .none, .none, m: rows, n: width, k: xWidth, a: x, lda: xWidth, b: w.baseAddress!,
                            ldb: width, c: out, ldc: width)
                    }
                }
                let activation = isLast && finalActivation != nil ? nil : dense.activation
                dense.bias.data.withUnsafeBufferPointer { b in
                    CompiledNetwork.addBias(
                        b.baseAddress!, to: out, rows: rows, width: width, then: activation, keeping: z)
                }
            case .activation(let activation):
                if isLast, finalActivation != nil {
                    out.update(from: x, count: rows * width)
                } else {
                    CompiledNetwork.apply(activation, x, into: out, rows: rows, width: width)
                }
            case .dropout(let dropout, let mask):
                if training, dropout.rate > 0 {
                    for i in 0..<(rows * width) { out[i] = x[i] * mask[i] }
                } else {
                    out.update(from: x, count: rows * width)
                }
            }
            x = UnsafePointer(out)
            xWidth = width
        }
    }

    /// out[r, j] = act(out[r, j] + b[j]): in one pass for an elementwise activation whose
    /// derivative reads its output; otherwise the pre-activations are kept in `z` first.
    @inline(__always)
    static func addBias(
        _ b: UnsafePointer<Float>, to out: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        then activation: Activation?, keeping z: UnsafeMutablePointer<Float>?
    ) {
        if case .elementwise(let op)? = activation, z == nil {
            op.addBiasThenForward(b, to: out, rows: rows, width: width)
            return
        }
        for r in 0..<rows {
            let row = out + r * width
            for j in 0..<width { row[j] += b[j] }
        }
        if let activation {
            if let z { z.update(from: out, count: rows * width) }
            apply(activation, z.map { UnsafePointer($0) } ?? UnsafePointer(out), into: out, rows: rows, width: width)
        }
    }

    /// out = act(x) for a [rows, width] buffer (softmax row by row; `out` may be `x`).
    static func apply(
        _ activation: Activation, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, rows: Int,
        width: Int
    ) {
        switch activation {
        case .elementwise(let op): op.forward(x, into: out, count: rows * width)
        case .softmax: Softmax.softmax(x, outer: rows, n: width, inner: 1, into: out)
        case .linear: if x != UnsafePointer(out) { out.update(from: x, count: rows * width) }
        }
    }

    // MARK: - Backward

    /// Given ∂L/∂(last output) in `gradients.last`, fills this shard's ∂L/∂W and ∂L/∂b of
    /// every dense layer (overwriting) and the gradients of the intermediate outputs. Without
    /// `firstWeights`, a first dense layer that reads sparse input leaves ∂L/∂W to the caller
    /// (its ∂L/∂Z is then in `gradients[0]`).
    func backward(rows: Int, firstWeights: Bool = true) {
        for index in stride(from: stages.count - 1, through: 0, by: -1) {
            let dOut = gradients[index]
            let out = outputs[index]
            let width = widths[index]
            let x = index == 0 ? UnsafePointer(input) : UnsafePointer(outputs[index - 1])
            let xWidth = index == 0 ? inputWidth : widths[index - 1]
            let dX: UnsafeMutablePointer<Float>? = index == 0 ? nil : gradients[index - 1]
            let isLast = index == stages.count - 1
            switch stage(index) {
            case .dense(let dense, let dW, let db, let z):
                // dZ = dOut ⊙ act′ (the final activation is already in dOut).
                if !(isLast && finalActivation != nil), let activation = dense.activation {
                    CompiledNetwork.multiplyByDerivative(
                        activation, input: z.map { UnsafePointer($0) }, output: out, gradient: dOut, rows: rows,
                        width: width)
                }
                // ∂L/∂W = xᵀ·dZ,  ∂L/∂b = Σ_rows dZ,  ∂L/∂x = dZ·Wᵀ
                if index == 0, let batch = sparseBatch, batch.rows == rows {
                    if firstWeights { batch.transposeTimes(dOut, n: width, into: dW) }
                } else {
                    BLAS.gemm(
                        .transposed, .none, m: xWidth, n: width, k: rows, a: x, lda: xWidth, b: dOut, ldb: width, c: dW,
                        ldc: width)
                }
                Reduce.sum(dOut, outer: 1, n: rows, inner: width, into: db)
                if let dX {
                    dense.weight.data.withUnsafeBufferPointer { w in
                        BLAS.gemm(
                            .none, .transposed, m: rows, n: xWidth, k: width, a: dOut, lda: width, b: w.baseAddress!,
                            ldb: width, c: dX, ldc: xWidth)
                    }
                }
            case .activation(let activation):
                guard let dX else { continue }
                dX.update(from: dOut, count: rows * width)
                if !(isLast && finalActivation != nil) {
                    CompiledNetwork.multiplyByDerivative(
                        activation, input: x, output: out, gradient: dX, rows: rows, width: width)
                }
            case .dropout(_, let mask):
                guard let dX else { continue }
                for i in 0..<(rows * width) { dX[i] = dOut[i] * mask[i] }
            }
        }
    }

    private func stage(_ index: Int) -> Stage { stages[index] }

    /// g ← g ⊙ act′ for a [rows, width] buffer. Elementwise: the row's derivative, from the
    /// input x when it is kept (else from the output y, which suffices for it). Softmax, row by
    /// row: g ← y ⊙ (g − Σⱼ gⱼyⱼ), its vector-Jacobian product.
    static func multiplyByDerivative(
        _ activation: Activation, input x: UnsafePointer<Float>?, output y: UnsafePointer<Float>,
        gradient g: UnsafeMutablePointer<Float>, rows: Int, width: Int
    ) {
        switch activation {
        case .elementwise(let op): op.multiplyByDerivative(x: x ?? y, y: y, gradient: g, count: rows * width)
        case .softmax:
            for r in 0..<rows {
                let yr = y + r * width
                let gr = g + r * width
                var dot: Float = 0
                for j in 0..<width { dot += gr[j] * yr[j] }
                for j in 0..<width { gr[j] = yr[j] * (gr[j] - dot) }
            }
        case .linear: break
        }
    }
}
