import CLoops

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Work split across the processors this process may use, by a pool of threads.
///
/// A training step forks and joins several times (the shards, then the optimizer), each time
/// for a few hundred microseconds of work. Waking a sleeping thread costs tens of
/// microseconds, so a waiting thread — a worker between jobs, the caller waiting for the
/// workers — spins for a short while first, yielding the processor as it does, then sleeps:
/// back-to-back steps hand work over in about a microsecond, and a thread that shares its
/// core with another busy one (a terminal's live bar, a second kernel, `taskset -c 0`) gives
/// it the core instead of burning its time slice.
public enum Parallel {
    /// The threads parallel work uses (this one included): what `request(threads:)` asked
    /// for, else the processors this process may run on — its affinity mask and its cgroup's
    /// CPU quota, not the host's count of cores.
    public static let cores = max(1, Int(gb_thread_count()))

    /// Asks for `count` threads (the executable passes `GRADBOOK_THREADS`). Only a call before
    /// the first parallel work counts.
    public static func request(threads count: Int) { gb_request_threads(count) }

    /// Calls `body(part)` for every part in 0..<parts, at the same time on up to `cores`
    /// threads (this one included); returns when all are done. Nested or concurrent calls
    /// run their parts one after the other on the calling thread.
    public static func run(_ parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        // The pool holds the closure only until every part has run.
        withoutActuallyEscaping(body) { Pool.shared.run(parts, $0) }
    }

    /// Calls `body` on consecutive ranges covering 0..<count, one per core when each has at
    /// least `minimum` elements (less work is not worth a thread).
    public static func chunks(_ count: Int, minimum: Int = 16_384, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(cores, count / max(minimum, 1)))
        // Chunk boundaries on multiples of 16 elements keep each chunk's vectors whole.
        let size = ((count + parts - 1) / parts + 15) / 16 * 16
        run(parts) { part in
            let start = min(part * size, count)
            body(start..<min(start + size, count))
        }
    }
}

/// The worker threads behind `Parallel.run`: `cores − 1` of them, part 0 runs on the caller.
private final class Pool: @unchecked Sendable {
    static let shared = Pool(workers: Parallel.cores - 1)

    /// Worker threads running (those that could be started).
    private(set) var workers = 0
    /// Bumped once per job; a worker runs a job when it sees a new value.
    private let generation = Word()
    /// Workers still busy with the current job.
    private let busy = Word()
    /// Workers asleep on `condition` (woken only when there are any).
    private let sleepers = Word()
    /// 1 while the caller sleeps on `finished`, waiting for the last worker.
    private let waiting = Word()
    /// 1 while a thread runs a job; a second caller runs its parts alone.
    private let owner = Word()
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Written by the caller before `generation` is bumped, read by workers after they see it.
    private var job: ((Int) -> Void)?
    private var parts = 0

    init(workers: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        pthread_cond_init(finished, nil)
        for index in 0..<max(0, workers) {
            #if canImport(Darwin)
                var thread: pthread_t?
            #else
                var thread = pthread_t()
            #endif
            let context = Unmanaged.passRetained(Box(pool: self, index: index + 1)).toOpaque()
            let created = pthread_create(
                &thread, nil,
                { raw in
                    guard let raw else { return nil }
                    let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                    box.pool.work(part: box.index)
                    return nil
                }, context)
            // A thread that could not start takes no part: the caller runs its share.
            guard created == 0 else {
                Unmanaged<Box>.fromOpaque(context).release()
                break
            }
            pthread_detach(thread)
            self.workers += 1
        }
    }

    /// A machine word changed only through sequentially consistent atomic operations.
    final class Word {
        private let cell = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        init() { cell.initialize(to: 0) }
        deinit { cell.deallocate() }
        func load() -> Int { gb_atomic_load(cell) }
        func store(_ value: Int) { gb_atomic_store(cell, value) }
        @discardableResult func add(_ delta: Int) -> Int { gb_atomic_add(cell, delta) }
        func compareExchange(_ expected: Int, _ desired: Int) -> Bool {
            gb_atomic_compare_exchange(cell, expected, desired) != 0
        }
    }

    private final class Box {
        let pool: Pool
        let index: Int
        init(pool: Pool, index: Int) {
            self.pool = pool
            self.index = index
        }
    }

    func run(_ parts: Int, _ body: @escaping (Int) -> Void) {
        guard workers > 0, owner.compareExchange(0, 1) else {
            for part in 0..<parts { body(part) }
            return
        }
        defer { owner.store(0) }
        // More parts than threads: the caller takes the extra ones after its own.
        self.job = body
        self.parts = parts
        busy.store(workers)
        generation.add(1)
        if sleepers.load() > 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        body(0)
        var part = workers + 1
        while part < parts {
            body(part)
            part += 1
        }
        waitForWorkers()
        self.job = nil
    }

    /// Spins (yielding) for about 50 µs while the workers finish, then sleeps until the last
    /// one wakes it: a worker that lost its core to another thread does not cost this thread
    /// its own time slice.
    private func waitForWorkers() {
        let deadline = monotonicSeconds() + 50e-6
        var spins = 0
        while busy.load() > 0 {
            spins += 1
            guard spins & 63 == 0 else { continue }
            if monotonicSeconds() > deadline { break }
            gb_yield()
        }
        guard busy.load() > 0 else { return }
        pthread_mutex_lock(mutex)
        waiting.store(1)
        while busy.load() > 0 { pthread_cond_wait(finished, mutex) }
        waiting.store(0)
        pthread_mutex_unlock(mutex)
    }

    /// A worker's life: wait for a new generation (spinning first, then asleep), run its part.
    private func work(part: Int) {
        var seen = 0
        while true {
            seen = waitForJob(after: seen)
            if part < parts, let job { job(part) }
            // The last worker wakes the caller if it went to sleep (it sets `waiting` before it
            // checks `busy`, under the mutex: one of the two sees the other).
            if busy.add(-1) == 0, waiting.load() == 1 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(finished)
                pthread_mutex_unlock(mutex)
            }
        }
    }

    private func waitForJob(after seen: Int) -> Int {
        // Spin for about 100 µs, yielding the processor now and then: the next step's work
        // usually arrives sooner, and another thread that needs this core gets it.
        let deadline = monotonicSeconds() + 100e-6
        var spins = 0
        while true {
            let current = generation.load()
            if current != seen { return current }
            spins += 1
            guard spins & 63 == 0 else { continue }
            if monotonicSeconds() > deadline { break }
            gb_yield()
        }
        pthread_mutex_lock(mutex)
        sleepers.add(1)
        while generation.load() == seen {
            pthread_cond_wait(condition, mutex)
        }
        sleepers.add(-1)
        pthread_mutex_unlock(mutex)
        return generation.load()
    }
}
