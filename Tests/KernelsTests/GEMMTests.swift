import Kernels
import Randomness
import TestSupport
import Testing

/// BLAS GEMM against the naive reference on odd shapes and every transpose combination: small
/// products (our own loop: 64- and 8-column blocks and a scalar tail, e.g. 70 = 64 + 6 and
/// 75 = 64 + 8 + 3 columns), a small product whose op(B) is too big for that loop (2×300×100),
/// and large ones (BLAS itself).
@Suite struct GEMMTests {
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (7, 13, 5), (128, 64, 784), (3, 1, 9), (1, 17, 2), (5, 70, 11), (4, 75, 64), (2, 300, 100),
    ]
    static let flags: [(Transpose, Transpose)] = [
        (.none, .none), (.transposed, .none), (.none, .transposed), (.transposed, .transposed),
    ]

    @Test(arguments: shapes.indices, flags.indices)
    func blasMatchesReference(_ shapeIndex: Int, _ flagIndex: Int) {
        let (m, n, k) = Self.shapes[shapeIndex]
        let (ta, tb) = Self.flags[flagIndex]
        var generator = SeededGenerator(seed: UInt64(shapeIndex * 10 + flagIndex))
        let a = (0..<(m * k)).map { _ in Float(generator.normal()) }
        let b = (0..<(k * n)).map { _ in Float(generator.normal()) }
        let initial = (0..<(m * n)).map { _ in Float(generator.normal()) }
        let lda = ta == .none ? k : m
        let ldb = tb == .none ? n : k
        var fast = initial
        var slow = initial
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                fast.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(
                        ta, tb, m: m, n: n, k: k, alpha: 0.5, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                        beta: 2, c: c.baseAddress!, ldc: n)
                }
                slow.withUnsafeMutableBufferPointer { c in
                    referenceGEMM(
                        ta, tb, m: m, n: n, k: k, alpha: 0.5, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                        beta: 2, c: c.baseAddress!, ldc: n)
                }
            }
        }
        // Float32 sums of k products: error grows like √k·ε.
        let tolerance = 1e-5 * Double(k).squareRoot() * 4
        for (x, y) in zip(fast, slow) { expectClose(Double(x), Double(y), tolerance: tolerance) }
    }

    @Test func threadCountCanBeSet() {
        let before = BLAS.threads
        BLAS.setThreads(1)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(before)
    }
}

@Suite struct KernelTests {
    @Test func broadcastSumIsTheReverseOfBroadcasting() {
        let grad: [Float] = [1, 2, 3, 4, 5, 6]  // shape [2, 3]
        var toRow = [Float](repeating: -1, count: 3)
        var toColumn = [Float](repeating: -1, count: 2)
        var toScalar: [Float] = [-1]
        grad.withUnsafeBufferPointer { g in
            Broadcast.sum(g.baseAddress!, from: [2, 3], to: [3], into: &toRow)
            Broadcast.sum(g.baseAddress!, from: [2, 3], to: [2, 1], into: &toColumn)
            Broadcast.sum(g.baseAddress!, from: [2, 3], to: [], into: &toScalar)
        }
        #expect(toRow == [5, 7, 9])
        #expect(toColumn == [6, 15])
        #expect(toScalar == [21])
    }

    @Test func shapeBroadcastRules() {
        #expect(Shape.broadcast([2, 1], [3]) == [2, 3])
        #expect(Shape.broadcast([5, 1, 4], [3, 1]) == [5, 3, 4])
        #expect(Shape.broadcast([2, 3], [4]) == nil)
        #expect(Shape.broadcast([], [2, 2]) == [2, 2])
    }

    @Test func reductionsAlongAnAxis() {
        let x: [Float] = [1, 5, 3, 4, 2, 6]  // [2, 3]
        var sums = [Float](repeating: 0, count: 3)
        var maxima = [Float](repeating: 0, count: 2)
        var at = [Int](repeating: 0, count: 2)
        x.withUnsafeBufferPointer { p in
            Reduce.sum(p.baseAddress!, outer: 1, n: 2, inner: 3, into: &sums)
            Reduce.max(p.baseAddress!, outer: 2, n: 3, inner: 1, into: &maxima, indices: &at)
        }
        #expect(sums == [5, 7, 9])
        #expect(maxima == [5, 6] && at == [1, 2])
    }

    @Test func crossEntropyKernelWithoutGradientGivesTheSameLoss() {
        let logits: [Float] = [0.2, -1, 3, 0.5, 0.5, 0.5]
        let labels: [Int32] = [2, 1]
        var gradient = [Float](repeating: 0, count: 6)
        let (a, b) = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { y in
                (
                    Softmax.crossEntropy(
                        logits: z.baseAddress!, labels: y.baseAddress!, rows: 2, classes: 3, gradient: &gradient),
                    Softmax.crossEntropy(
                        logits: z.baseAddress!, labels: y.baseAddress!, rows: 2, classes: 3, gradient: nil)
                )
            }
        }
        #expect(a == b)
        // Row 2 is uniform: its loss is log 3; gradient rows sum to zero.
        expectClose(Double(gradient[3] + gradient[4] + gradient[5]), 0, tolerance: 1e-7)
        expectClose(Double(gradient[3]), 1.0 / 6, tolerance: 1e-6)
    }
}
