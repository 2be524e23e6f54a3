/// Which lines of a long run are printed: every line of a short run; of a long one the first,
/// every k-th and the last (k from 1, 2, 5, 10, 20, 50, …), as a learner reads a 60-epoch log
/// in Keras with one line per epoch but without scrolling.
///
/// `verbose` is Keras' knob: 0 prints none (the run's result only), 1 (the default) the
/// summary, 2 every line.
public struct LogSchedule: Sendable, Equatable {
    /// The numbers of the run's first and last lines (epochs are numbered per model: a second
    /// `train epochs=10` runs epochs 11…20).
    public let first: Int
    public let last: Int
    /// 0, 1 or 2.
    public let verbose: Int
    /// Lines printed: the first, every `every`-th, the last.
    public let every: Int

    /// - Parameter lines: at most about this many lines for a long run at verbose 1.
    public init(first: Int, last: Int, verbose: Int = 1, lines: Int) {
        self.first = first
        self.last = last
        self.verbose = verbose
        let count = last - first + 1
        every = verbose >= 2 ? 1 : Self.interval(count: count, lines: lines)
    }

    /// The smallest k in 1, 2, 5, 10, 20, 50, … with at most `lines` multiples of k in `count`
    /// (a run of at most `lines + 2` lines prints them all).
    package static func interval(count: Int, lines: Int) -> Int {
        guard count > lines + 2 else { return 1 }
        var decade = 1
        while true {
            for k in [decade, 2 * decade, 5 * decade] where count / k <= lines { return k }
            decade *= 10
        }
    }

    /// Whether line `number` is printed.
    public func shows(_ number: Int) -> Bool {
        verbose > 0 && (number == first || number == last || number % every == 0)
    }

    /// What a reader is told when lines are left out: `every 10th epoch shown (verbose=2: all)`.
    /// Without `hint`, only which lines: `every 10th epoch`.
    package func omission(_ unit: String, hint: Bool = true) -> String? {
        guard verbose == 1, every > 1 else { return nil }
        return "every \(every)\(Self.ordinalSuffix(every)) \(unit)" + (hint ? "; verbose=2: all" : "")
    }

    package static func ordinalSuffix(_ n: Int) -> String {
        if (11...13).contains(n % 100) { return "th" }
        switch n % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }
}

extension LogSchedule {
    /// A training run's epochs: all of up to 6, else the first and at most 4 more (a line
    /// with validation metrics takes two at 80 columns).
    public static func epochs(first: Int, count: Int, verbose: Int) -> LogSchedule {
        LogSchedule(first: first, last: first + count - 1, verbose: verbose, lines: 4)
    }

    /// An optimizer's steps (`minimize`, `step N`), numbered from `first`: the first, at most
    /// 5 more.
    public static func steps(first: Int = 1, count: Int, verbose: Int) -> LogSchedule {
        LogSchedule(first: first, last: first + count - 1, verbose: verbose, lines: 5)
    }
}
