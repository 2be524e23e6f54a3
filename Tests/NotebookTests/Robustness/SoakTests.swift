import Foundation
import Session
import TestSupport
import Testing

@testable import Notebook

/// A deterministic soak: seeded sessions of plausible lines — valid commands, typos of them,
/// and the same commands with hostile values (nan, inf, 1e300, -1, 0, huge, deep nesting,
/// junk). Nothing may crash, and after every line that fails, the variables, the model, the
/// optimizer state, the configuration, the data and the history are exactly as before.
@Suite struct SoakTests {
    /// A small generator of its own (xorshift*), so the soak is the same on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// `#` marks a number slot: a plausible value, or a hostile one.
    static let templates = [
        "x = #", "y = x * # + 1", "z = (x - #) ^ 2", "t = randn(#, 3)", "u = zeros(2, #)", "v = ones(#)",
        "w = arange(#)",
        "s = sum(t * #)", "m = t @ randn(3, #)", "backward s", "grad x", "vars", "e = exp(#)", "l = log(#)",
        "r = reshape(t, (#, 3))", "c = concat(t, t, axis=#)", "o = one_hot([0, 1, #], 3)", "p = t[#]", "q = t[0:#]",
        "data moons n=#", "data blobs n=60 classes=#", "data circles n=50 noise=#", "data spirals n=#",
        "model dense 2->#  relu, dense 8->2 softmax", "model dense 2->8 tanh, dense 8-># softmax",
        "model dense 2->8 relu, dropout #, dense 8->2 softmax",
        "model dense 2->4 tanh, dense 4->2 softmax", "add dense # relu", "compile adam lr=#",
        "compile sgd lr=0.1 momentum=#",
        "compile rmsprop lr=0.01 alpha=#", "compile adam lr=0.01 loss=#", "train epochs=# batch=16",
        "train epochs=1 batch=#",
        "train epochs=1 batch=16 validation=#", "search lr=0.01,# epochs=1 verbose=0",
        "search lr=0.1 seeds=2 epochs=1 test=# validation=0.3", "evaluate", "evaluate train", "predict #",
        "predict 0 #", "confusion",
        "step", "step #",
        "history", "plot loss", "minimize rosenbrock from (-1, 1) with adam lr=0.01 steps=#",
        "minimize bowl from (#, 1) with sgd lr=0.1 steps=5", "race sgd adam on bowl from (1, 1) steps=#",
        "race sgd[lr=#] on rosenbrock from (0, 0) steps=10", "f(a, b) = a^2 + # * b", "f(#, 2)", "g(a) = f(a, a) + #",
        "g(#)",
        "schedule step step_size=# gamma=0.5", "schedule cosine t_max=#", "schedule none",
        "callback early_stopping patience=#",
        "callback reduce_lr factor=# patience=1", "callback none", "seed #", "graph s", "graph y", "explain adam",
        "help train",
        "undo", "state", "forward [[1, 2]] labels=[#]", "forward [[#, 2], [3, 4]] labels=[0, 1]", "clip norm=#",
        "eye(#)",
        "mean(t, axis=#)", "max(t, axis=#)", "softmax(t, axis=#)", "transpose(t, #, 0)", "relu(t - #)", "summary",
        "check x == #",
    ]

    static let plausible = ["0", "1", "2", "3", "5", "8", "0.5", "0.01", "16", "-1", "10", "0.9", "4"]
    static let hostile = [
        "nan", "inf", "-inf", "1e300", "-1e300", "1e30", "3037000500", "9223372036854775807", "1e-320", "0",
        "-0", "2.5", "abc", "0x10", "", "((((", "1e", "--", "[]", "()", "\"", "'", "1;2", "#", "∞", "１",
        String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300),
        Array(repeating: "1", count: 1200).joined(separator: "+"), String(repeating: "9", count: 400),
    ]

    static func line(_ generator: inout Generator) -> String {
        var text = generator.pick(templates)
        let hostileLine = generator.below(3) == 0
        while let slot = text.firstIndex(of: "#") {
            let value = hostileLine && generator.below(2) == 0 ? generator.pick(hostile) : generator.pick(plausible)
            text.replaceSubrange(slot...slot, with: value)
        }
        if generator.below(6) == 0 {  // a typo: drop, double or swap a character
            var characters = Array(text)
            let i = generator.below(characters.count)
            switch generator.below(3) {
            case 0: characters.remove(at: i)
            case 1: characters.insert(characters[i], at: i)
            default: characters[i] = generator.pick(Array("=()[],.-+*/^@ xq#;"))
            }
            text = String(characters)
        }
        return text
    }

    /// The commands that may fail *after* doing part of their work on purpose: a training run
    /// stopped by NaN keeps the epochs before it (as Keras' TerminateOnNaN).
    static func mayKeepPartialWork(_ line: String) -> Bool {
        line.hasPrefix("train") || line.hasPrefix("minimize") || line.hasPrefix("step")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomSessionsNeverCrashAndFailuresChangeNothing(_ seed: UInt64) {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15 &* (seed + 1))
        let notebook = Notebook(session: Session(seed: seed))
        var failures = 0
        for index in 0..<1000 {
            let line = Self.line(&generator)
            let before = SessionSnapshot(notebook.session)
            let cell = notebook.execute(line)
            let failed = cell?.outputs.contains { if case .error = $0 { true } else { false } } ?? false
            guard failed else { continue }
            failures += 1
            if !Self.mayKeepPartialWork(line) {
                let after = SessionSnapshot(notebook.session)
                #expect(
                    after == before,
                    Comment(
                        rawValue: "seed \(seed), line \(index): '\(line.prefix(120))' failed and changed the "
                            + "session:\nbefore:\n\(before)\nafter:\n\(after)")
                )
            }
            if let cell {
                for output in cell.outputs {
                    if case .error(let error) = output {
                        #expect(!error.description.isEmpty, "an empty error message for '\(line.prefix(80))'")
                    }
                }
            }
        }
        // The generator is meant to be hostile: a third of the lines or so must fail.
        #expect(failures > 150, "only \(failures) of 1000 lines failed: the soak is not hostile enough")
        // And the session still works.
        _ = notebook.execute("soak_check = 6 * 7")
        #expect(notebook.session["soak_check"]?.display.contains("42") == true)
    }
}
