import Testing
import TestSupport
@testable import Datasets
import Randomness

/// Sparse rows give the same products as the dense batch that `fillFeatures` writes.
@Suite struct SparseRowsTests {
    /// `rows` samples of `width` bytes, about a quarter nonzero, sample 1 all zero.
    func bytes(rows: Int, width: Int, seed: UInt64 = 3) throws -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var bytes = (0..<(rows * width)).map { _ in generator.uniform() < 0.25 ? UInt8(1 + Int(generator.uniform() * 254)) : 0 }
        for j in 0..<width { bytes[width + j] = 0 }
        return try Dataset(name: "bytes", sampleShape: [width], features: .bytes(bytes, scale: 1 / 255),
                           targets: .classes([Int32](repeating: 0, count: rows), classes: 1))
    }

    func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.normal()) }
    }

    @Test func compressesOnlyTheNonzeroBytes() throws {
        let data = try bytes(rows: 6, width: 70)
        let sparse = try #require(SparseRows(data))
        guard case .bytes(let all, _) = data.features else { return }
        #expect(sparse.columns.count == all.filter { $0 != 0 }.count)
        #expect(sparse.offsets[1] == sparse.offsets[2], "sample 1 is all zero")
        #expect(abs(sparse.density - 0.25) < 0.1)
        // Too dense, or not bytes: no sparse form.
        #expect(SparseRows(data, density: 0.01) == nil)
        let floats = try Dataset(name: "f", sampleShape: [2], features: .floats([0, 0, 0, 1]), targets: .values([0, 0], width: 1))
        #expect(SparseRows(floats) == nil)
    }

    /// X·W and Xᵀ·dZ for column counts below, at and above the 64-column block.
    @Test(arguments: [10, 64, 70, 130])
    func productsEqualDense(_ n: Int) throws {
        let width = 70, data = try bytes(rows: 9, width: width)
        let sparse = try #require(SparseRows(data))
        let rows = [4, 1, 7, 0, 8, 2]
        var x = [Float](repeating: 0, count: rows.count * width)
        x.withUnsafeMutableBufferPointer { data.fillFeatures(rows, into: $0.baseAddress!) }
        let w = random(width * n, seed: 5), dZ = random(rows.count * n, seed: 6)
        var y = [Float](repeating: .nan, count: rows.count * n), dW = [Float](repeating: .nan, count: width * n)
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
