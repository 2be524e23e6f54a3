import Kernels
import Randomness
import TestSupport
import Testing

/// Sparse rows give the same products as the dense rows of the same bytes.
@Suite struct SparseRowsTests {
    static let scale: Float = 1 / 255

    /// `rows` samples of `width` bytes, about a quarter nonzero, sample 1 all zero.
    func bytes(rows: Int, width: Int, seed: UInt64 = 3) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        var bytes = (0..<(rows * width)).map { _ in
            generator.uniform() < 0.25 ? UInt8(1 + Int(generator.uniform() * 254)) : 0
        }
        for j in 0..<width { bytes[width + j] = 0 }
        return bytes
    }

    func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.normal()) }
    }

    @Test func compressesOnlyTheNonzeroBytes() throws {
        let all = bytes(rows: 6, width: 70)
        let sparse = try #require(SparseRows(bytes: all, rows: 6, width: 70, scale: Self.scale))
        #expect(sparse.columns.count == all.filter { $0 != 0 }.count)
        #expect(sparse.offsets[1] == sparse.offsets[2], "sample 1 is all zero")
        #expect(abs(sparse.density - 0.25) < 0.1)
        // Too dense, or a shape that does not match the bytes: no sparse form.
        #expect(SparseRows(bytes: all, rows: 6, width: 70, scale: Self.scale, density: 0.01) == nil)
        #expect(SparseRows(bytes: all, rows: 7, width: 70, scale: Self.scale) == nil)
    }

    /// X·W and Xᵀ·dZ for column counts below, at and above the 64-column block.
    @Test(arguments: [10, 64, 70, 130])
    func productsEqualDense(_ n: Int) throws {
        let width = 70
        let all = bytes(rows: 9, width: width)
        let sparse = try #require(SparseRows(bytes: all, rows: 9, width: width, scale: Self.scale))
        let rows = [4, 1, 7, 0, 8, 2]
        // The dense batch: each byte times the scale, as a data set's batch holds it.
        let x = rows.flatMap { r in all[(r * width)..<((r + 1) * width)].map { Float($0) * Self.scale } }
        let w = random(width * n, seed: 5)
        let dZ = random(rows.count * n, seed: 6)
        var y = [Float](repeating: .nan, count: rows.count * n)
        var dW = [Float](repeating: .nan, count: width * n)
        let batch = SparseRows.Batch(sparse, capacity: 8)
        rows.withUnsafeBufferPointer { batch.load($0) }
        #expect(batch.rows == rows.count)
        w.withUnsafeBufferPointer { batch.times($0.baseAddress!, n: n, into: &y) }
        dZ.withUnsafeBufferPointer { batch.transposeTimes($0.baseAddress!, n: n, into: &dW) }
        for r in 0..<rows.count {
            for j in 0..<n {
                let expected = (0..<width).reduce(0.0) { $0 + Double(x[r * width + $1]) * Double(w[$1 * n + j]) }
                expectClose(Double(y[r * n + j]), expected, tolerance: 1e-5, "y[\(r), \(j)]")
            }
        }
        for p in 0..<width {
            for j in 0..<n {
                let expected = (0..<rows.count).reduce(0.0) { $0 + Double(x[$1 * width + p]) * Double(dZ[$1 * n + j]) }
                expectClose(Double(dW[p * n + j]), expected, tolerance: 1e-5, "dW[\(p), \(j)]")
            }
        }
        // By row ranges of dW, the second pass added to the first: twice the product.
        var twice = [Float](repeating: .nan, count: width * n)
        dZ.withUnsafeBufferPointer { g in
            for columns in [0..<31, 31..<width] {
                batch.transposeTimes(g.baseAddress!, n: n, into: &twice, columns: columns)
                batch.transposeTimes(g.baseAddress!, n: n, into: &twice, columns: columns, accumulate: true)
            }
        }
        for i in 0..<(width * n) { expectClose(Double(twice[i]), 2 * Double(dW[i]), tolerance: 1e-6) }
    }
}
