import CLoops
import Randomness
import Testing

/// Each C data loop against the Swift that says what it computes (Adam's loop is held to
/// Adam.update in OptimizersTests, the sparse products to dense ones in SparseRowsTests, the
/// small GEMM to ReferenceGEMM in GEMMTests).
@Suite struct CLoopsTests {
    static let lengths = [0, 1, 7, 8, 31, 32, 33, 100, 1000]

    func bytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<n).map { _ in generator.uniform() < 0.3 ? UInt8(1 + Int(generator.uniform() * 254)) : 0 }
    }

    @Test(arguments: lengths)
    func gatherIsEachByteTimesTheScale(_ width: Int) {
        let rows = 5
        let all = bytes(rows * width, seed: 1)
        let picked: [Int64] = [3, 0, 4, 4]
        var out = [Float](repeating: .nan, count: picked.count * width)
        all.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in
                gb_gather_u8_scaled(
                    b.baseAddress ?? UnsafePointer(bitPattern: 1)!, picked, picked.count, width, 1 / 255,
                    o.baseAddress ?? UnsafeMutablePointer(bitPattern: 4)!)
            }
        }
        let reference = picked.flatMap { r in
            all[(Int(r) * width)..<((Int(r) + 1) * width)].map { Float($0) * (1 / 255 as Float) }
        }
        #expect(out == reference)
    }

    /// Σ x² equals the Double reference to 1e-6 relative at every length (the lanes, the
    /// tail, and the 4,096-value folds).
    @Test(arguments: lengths + [4095, 4096, 4097, 50_000])
    func sumOfSquaresMatchesDouble(_ n: Int) {
        var generator = SeededGenerator(seed: UInt64(n) + 7)
        let x = (0..<n).map { _ in Float(generator.normal()) }
        let got = x.withUnsafeBufferPointer {
            gb_sum_squares($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count)
        }
        let want = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        #expect(abs(got - want) <= 1e-6 * max(want, 1), "n = \(n): \(got) vs \(want)")
    }

    @Test(arguments: lengths)
    func allFiniteFindsAnyNaNOrInfinity(_ n: Int) {
        var generator = SeededGenerator(seed: UInt64(n))
        var x = (0..<n).map { _ in Float(generator.normal()) }
        func check() -> Bool {
            x.withUnsafeBufferPointer { gb_all_finite($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count) != 0 }
        }
        #expect(check() == x.allSatisfy { $0.isFinite })
        for bad in [Float.nan, .infinity, -.infinity] {
            for position in Set([0, n / 2, n - 1]) where n > 0 {
                let saved = x[position]
                x[position] = bad
                #expect(check() == x.allSatisfy { $0.isFinite }, "\(bad) at \(position) of \(n)")
                x[position] = saved
            }
        }
    }

    @Test(arguments: lengths)
    func countNonzeroCountsTheNonzeroBytes(_ n: Int) {
        let all = bytes(n, seed: 9)
        let counted = all.withUnsafeBufferPointer {
            gb_count_nonzero_u8($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
        }
        #expect(counted == all.filter { $0 != 0 }.count)
    }
}
