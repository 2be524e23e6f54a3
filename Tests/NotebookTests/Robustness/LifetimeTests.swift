import Session
import Testing

@testable import Notebook

/// A session is freed when its notebook goes: a run in progress borrows the session rather
/// than owning it, so `minimize` and `step` leave no reference cycle behind (the fuzzer,
/// which makes a notebook per input, would otherwise grow without bound).
@Suite struct LifetimeTests {
    @Test(arguments: [
        ["minimize rosenbrock from (-1, 1) with adam lr=0.01 steps=3", "step"],
        [
            "data moons n=40", "model dense 2->4 tanh, dense 4->2 softmax", "compile adam", "train epochs=1 batch=8",
            "step",
        ],
    ])
    func sessionsAreFreedWithTheirNotebook(_ lines: [String]) {
        weak var session: Session?
        do {
            let notebook = Notebook(session: Session(seed: 1))
            session = notebook.session
            for line in lines { _ = notebook.execute(line) }
            #expect(notebook.session.run != nil)
        }
        #expect(session == nil, "the session outlived its notebook after: \(lines)")
    }
}
