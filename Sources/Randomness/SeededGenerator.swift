#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small, fast, seedable random number generator (xoshiro256**, seeded by SplitMix64).
///
/// The same seed gives the same sequence on every platform, which is what `seed 42`
/// promises a learner: every later draw is reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole future is fixed by `seed`.
    public init(seed: UInt64) {
        var splitmix = seed
        func next() -> UInt64 {
            splitmix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitmix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The four words of state: a generator made from them continues the same sequence
    /// (saved with a model so that training resumes exactly where it stopped).
    public var words: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// The generator whose state is `words` (as `words` gave them); nil for anything but four
    /// words, or the all-zero state, from which xoshiro never leaves.
    public init?(words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform draw in [low, high).
    public mutating func uniform(_ low: Double = 0, _ high: Double = 1) -> Double {
        let unit = Double(next() >> 11) * 0x1.0p-53
        return low + (high - low) * unit
    }

    /// A standard normal draw (Box–Muller).
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        var u = uniform()
        while u <= .leastNormalMagnitude { u = uniform() }
        let v = uniform()
        return mean + standardDeviation * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
