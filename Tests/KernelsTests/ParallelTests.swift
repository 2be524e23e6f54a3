import CLoops
import Kernels
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The worker pool runs every part exactly once, also with more parts than cores, nested
/// calls and calls from several threads at once.
@Suite struct ParallelTests {
    /// Counts how often each part ran (each part writes only its own slot).
    final class Tally: @unchecked Sendable {
        var counts: [Int]
        init(_ n: Int) { counts = [Int](repeating: 0, count: n) }
    }

    @Test(arguments: [0, 1, 2, 3, 7, 64])
    func everyPartRunsOnce(_ parts: Int) {
        for _ in 0..<200 {
            let tally = Tally(parts)
            tally.counts.withUnsafeMutableBufferPointer { counts in
                Parallel.run(parts) { counts[$0] += 1 }
            }
            #expect(tally.counts.allSatisfy { $0 == 1 })
        }
    }

    /// Waits that outlast the spin: a part that takes milliseconds puts the caller to sleep
    /// until the last worker wakes it, and a pause between jobs puts the workers to sleep until
    /// the next job wakes them. Every part still runs once, and nothing hangs.
    @Test func longWaitsSleepAndWake() {
        for round in 0..<30 {
            let tally = Tally(4)
            tally.counts.withUnsafeMutableBufferPointer { counts in
                Parallel.run(4) { part in
                    if part == round % 4 { usleep(2_000) }
                    counts[part] += 1
                }
            }
            #expect(tally.counts.allSatisfy { $0 == 1 }, "round \(round)")
            if round % 3 == 0 { usleep(1_000) }
        }
    }

    /// The pool's size comes from the processors this process may use, never more than the
    /// machine has online (the executable's test pins it to one core with taskset).
    @Test func threadsAreThoseThisProcessMayUse() {
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #expect(Parallel.cores >= 1 && Parallel.cores <= max(online, 1))
        #expect(Int(gb_available_cpus()) <= max(online, 1))
    }

    @Test func nestedCallsRunInline() {
        let tally = Tally(4 * 3)
        tally.counts.withUnsafeMutableBufferPointer { counts in
            Parallel.run(4) { outer in
                Parallel.run(3) { inner in counts[outer * 3 + inner] += 1 }
            }
        }
        #expect(tally.counts.allSatisfy { $0 == 1 })
    }

    @Test func chunksCoverTheRangeOnce() {
        for count in [0, 1, 15, 16_384, 50_000, 100_001] {
            let tally = Tally(count)
            tally.counts.withUnsafeMutableBufferPointer { counts in
                Parallel.chunks(count) { range in
                    for i in range { counts[i] += 1 }
                }
            }
            #expect(tally.counts.allSatisfy { $0 == 1 }, "count \(count)")
        }
    }

    @Test func concurrentCallersEachGetTheirParts() async {
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var ok = true
                    for _ in 0..<100 {
                        let tally = Tally(5)
                        tally.counts.withUnsafeMutableBufferPointer { counts in
                            Parallel.run(5) { counts[$0] += 1 }
                        }
                        ok = ok && tally.counts.allSatisfy { $0 == 1 }
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
