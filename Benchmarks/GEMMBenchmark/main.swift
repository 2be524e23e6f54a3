import BenchmarkSupport
import CPeak
import Dispatch
import Kernels
import Randomness

// GEMM benchmark: BLAS sgemm GFLOP/s for 1024³ and for the MNIST MLP's shapes, forward and
// backward, with 1 and 2 BLAS threads, next to the machine's measured FMA peak.
// Run in release mode:  swift run -c release gemm-benchmark
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Peak FMA throughput with `threads` threads running the microkernel at once (median of 5).
func peak(threads: Int) -> Double {
    let iterations = 20_000_000
    var rates: [Double] = []
    for _ in 0..<5 {
        let start = now()
        nonisolated(unsafe) let flops = UnsafeMutablePointer<Double>.allocate(capacity: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var sink: Float = 0
            flops[t] = gb_peak_flops(iterations, &sink)
        }
        let elapsed = now() - start
        rates.append((0..<threads).reduce(0) { $0 + flops[$1] } / elapsed / 1e9)
        flops.deallocate()
    }
    return median(rates)
}

/// sgemm GFLOP/s for C[m×n] = op(A)·op(B), k the inner size (median over repeats).
func gemm(m: Int, n: Int, k: Int, _ ta: Transpose, _ tb: Transpose, threads: Int) -> Double {
    BLAS.setThreads(threads)
    var generator = SeededGenerator(seed: 1)
    let a = (0..<(m * k)).map { _ in Float(generator.normal()) }
    let b = (0..<(k * n)).map { _ in Float(generator.normal()) }
    var c = [Float](repeating: 0, count: m * n)
    let flops = 2.0 * Double(m) * Double(n) * Double(k)
    let repeats = max(3, min(2000, Int(2e9 / flops)))
    var times: [Double] = []
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                let lda = ta == .none ? k : m
                let ldb = tb == .none ? n : k
                for _ in 0..<3 {
                    BLAS.gemm(
                        ta, tb, m: m, n: n, k: k, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                        c: c.baseAddress!, ldc: n)
                }
                for _ in 0..<7 {
                    let start = now()
                    for _ in 0..<repeats {
                        BLAS.gemm(
                            ta, tb, m: m, n: n, k: k, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                            c: c.baseAddress!, ldc: n)
                    }
                    times.append((now() - start) / Double(repeats))
                }
            }
        }
    }
    return flops / median(times) / 1e9
}

let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
print("gemm-benchmark: \(BLAS.configuration)")
let peak1 = peak(threads: 1)
let peakAll = peak(threads: cores)
print(
    "machine peak (FMA microkernel, float32): \(fixed(peak1)) GFLOP/s on 1 core, \(fixed(peakAll)) GFLOP/s on "
        + "\(cores) cores"
)
print("")

let cases: [(String, Int, Int, Int, Transpose, Transpose)] = [
    ("1024×1024×1024", 1024, 1024, 1024, .none, .none),
    ("fwd  x·W1    128×784 · 784×64", 128, 64, 784, .none, .none),
    ("fwd  h1·W2   128×64 · 64×64", 128, 64, 64, .none, .none),
    ("fwd  h2·W3   128×64 · 64×10", 128, 10, 64, .none, .none),
    ("bwd  xᵀ·dZ1  784×128 · 128×64", 784, 64, 128, .transposed, .none),
    ("bwd  h1ᵀ·dZ2 64×128 · 128×64", 64, 64, 128, .transposed, .none),
    ("bwd  h2ᵀ·dZ3 64×128 · 128×10", 64, 10, 128, .transposed, .none),
    ("bwd  dZ2·W2ᵀ 128×64 · 64×64", 128, 64, 64, .none, .transposed),
    ("bwd  dZ3·W3ᵀ 128×10 · 10×64", 128, 64, 10, .none, .transposed),
]
print(
    pad("C = A·B (m×k · k×n)", 34) + pad("1 thread", 12, right: true) + pad("2 threads", 12, right: true)
        + pad("best % of peak", 16, right: true))
var mnistFlops = 0.0
var mnistBestSeconds = 0.0
var mnistOneThreadSeconds = 0.0
for (name, m, n, k, ta, tb) in cases {
    let one = gemm(m: m, n: n, k: k, ta, tb, threads: 1)
    let two = cores > 1 ? gemm(m: m, n: n, k: k, ta, tb, threads: cores) : one
    let best = max(one, two)
    let ceiling = two > one ? peakAll : peak1
    print(
        pad(name, 34) + pad(fixed(one), 12, right: true) + pad(fixed(two), 12, right: true)
            + pad(fixed(100 * best / ceiling) + "%", 16, right: true))
    if m != 1024 {
        let flops = 2.0 * Double(m * n * k)
        mnistFlops += flops
        mnistBestSeconds += flops / (best * 1e9)
        mnistOneThreadSeconds += flops / (one * 1e9)
    }
}
print("")
print(
    "one MNIST MLP step (batch 128): \(fixed(mnistFlops / 1e6, 2)) MFLOP of GEMM; "
        + "\(fixed(mnistOneThreadSeconds * 1e6)) µs with 1 BLAS thread, \(fixed(mnistBestSeconds * 1e6)) µs with the "
        + "best thread count per shape"
)
print(
    "GEMM floor of one epoch (469 steps) at the measured peak: \(fixed(469 * mnistFlops / (peakAll * 1e9) * 1e3, 2)) ms"
)

/// The GEMMs of one training step, data-parallel: `shards` threads at once, each running every
/// MNIST shape on its batch/shards rows with single-threaded BLAS. Returns µs per step (median).
func shardedStep(shards: Int, batch: Int = 128) -> Double {
    BLAS.setThreads(1)
    let rows = batch / shards
    // (m, n, k, transposes) with the batch dimension replaced by the shard's rows.
    let shapes: [(Int, Int, Int, Transpose, Transpose)] = [
        (rows, 64, 784, .none, .none), (rows, 64, 64, .none, .none), (rows, 10, 64, .none, .none),
        (784, 64, rows, .transposed, .none), (64, 64, rows, .transposed, .none), (64, 10, rows, .transposed, .none),
        (rows, 64, 64, .none, .transposed), (rows, 64, 10, .none, .transposed),
    ]
    var generator = SeededGenerator(seed: 2)
    let size = 784 * 784
    nonisolated(unsafe) let buffers = (0..<shards).map { _ in
        (0..<3).map { _ in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: size)
            for i in 0..<size { p[i] = Float(generator.normal()) }
            return p
        }
    }
    let steps = 300
    var times: [Double] = []
    for _ in 0..<5 {
        let start = now()
        DispatchQueue.concurrentPerform(iterations: shards) { shard in
            let (a, b, c) = (buffers[shard][0], buffers[shard][1], buffers[shard][2])
            for _ in 0..<steps {
                for (m, n, k, ta, tb) in shapes {
                    BLAS.gemm(
                        ta, tb, m: m, n: n, k: k, a: a, lda: ta == .none ? k : m, b: b, ldb: tb == .none ? n : k, c: c,
                        ldc: n)
                }
            }
        }
        times.append((now() - start) / Double(steps) * 1e6)
    }
    for buffer in buffers.joined() { buffer.deallocate() }
    return median(times)
}

print("")
print("data-parallel step (every shape, batch 128 cut into shards, 1 BLAS thread each, shards at once):")
for shards in [1, 2, 4].filter({ $0 <= max(cores, 1) * 2 }) {
    print("  \(shards) shard(s) of \(128 / shards) rows: \(fixed(shardedStep(shards: shards))) µs per step")
}
