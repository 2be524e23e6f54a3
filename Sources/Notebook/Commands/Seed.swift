import Explain
import Randomness
import Session
import TensorGrad

extension Command {
    /// `seed N`: make every later random draw reproducible.
    static let seed = Command(
        name: "seed",
        abstract: "Seed the random generator: every later draw (randn, weights, dropout) is reproducible",
        usage: "seed N",
        examples: ["seed 42"],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        guard let word = invocation.positionals.first else {
            let current =
                invocation.session.seed.map { "the seed is \($0)" } ?? "no seed set: draws differ from run to run"
            return Reply([.text(current)])
        }
        guard let seed = UInt64(word) else {
            throw invocation.command.usageError("N must be a whole number ≥ 0, got '\(word)'")
        }
        invocation.session.seed = seed
        invocation.session.generator = SeededGenerator(seed: seed)
        // Said once a session; a lesson seeds before every run it compares.
        let said = invocation.session.hintOnce("random draws from here on are reproducible")
        return Reply(said.map { [.text("seed \(seed): " + $0)] } ?? [])
    }
}
