import Foundation
import ScalarGrad
import Testing

@testable import Optimizers

/// The race as a computation: steps to the threshold, divergence and interruption, from the
/// same start, with numbers worked out by hand on f(x) = (x − 3)².
@Suite struct RaceTests {
    struct Failure: Error {}

    /// SGD on f(x) = (x − 3)² from x = 0; f is nan from call `nanAt` on (if given).
    func run(lr: Double, nanAt: Int? = nil) throws -> OptimizationRun<Failure> {
        let x = Value(0, label: "x")
        var calls = 0
        return OptimizationRun(
            title: "sgd \(lr)", parameters: [OptimizedParameter(name: "x", values: [x])],
            optimizer: try SGD(learningRate: lr)
        ) { () throws(Failure) -> Double in
            calls += 1
            let f = (x - 3).pow(2)
            f.backward()
            return calls >= (nanAt ?? .max) ? .nan : f.data
        }
    }

    @Test func stepsToTheThresholdDivergenceAndTheFinalPoint() throws {
        // x − 3 shrinks by (1 − 2γ) a step: γ = 0.25 halves it, so f = 9·0.25ⁿ < 1e-3 first at n = 7;
        // γ = 0.5 lands on 3 in one step.
        let (entries, stopped) = Race.run(
            [("slow", try run(lr: 0.25)), ("exact", try run(lr: 0.5)), ("broken", try run(lr: 0.25, nanAt: 4))],
            steps: 20, threshold: 1e-3)
        #expect(stopped == nil)
        #expect(entries.map(\.reached) == [7, 1, nil])
        #expect(entries.map(\.diverged) == [nil, nil, 4])
        #expect(entries[1].point == [3] && entries[1].finalLoss == 0)
        #expect(abs(entries[0].finalLoss - 9 * pow(0.25, 20)) < 1e-15)
        #expect(entries[0].losses.count == 20 && entries[0].path.count == 21 && entries[0].path[1] == [1.5])
        #expect(entries[2].losses.count == 3, "three steps were taken before f stopped being a number")
    }

    @Test func anInterruptionStopsAfterTheCurrentStep() throws {
        var polls = 0
        let (entries, stopped) = Race.run(
            [("a", try run(lr: 0.1)), ("b", try run(lr: 0.1))], steps: 50, threshold: 1e-3
        ) {
            polls += 1
            return polls == 5
        }
        #expect(entries.count == 1 && stopped?.name == "a" && stopped?.steps == 5)
    }
}

/// The loop minimize, step N and race share ends as it says: completed, after the step at
/// which it was interrupted, or at the first loss that is not a number (updating nothing).
@Suite struct OptimizationRunLoopTests {
    /// SGD at lr 0.1 on x² from x = 1 (x ← 0.8·x a step); `nanAt`: the call whose loss is nan.
    func run(nanAt: Int? = nil) throws -> (OptimizationRun<RaceTests.Failure>, Value) {
        let x = Value(1.0, label: "x")
        var calls = 0
        let run = OptimizationRun<RaceTests.Failure>(
            title: "f", parameters: [OptimizedParameter(name: "x", values: [x])],
            optimizer: try SGD(learningRate: 0.1)
        ) { () throws(RaceTests.Failure) -> Double in
            calls += 1
            let f = x.pow(2)
            f.backward()
            return calls == nanAt ? .nan : f.data
        }
        return (run, x)
    }

    @Test func endsCompletedInterruptedOrDiverged() throws {
        var plateau: ReduceOnPlateau?
        let (completed, x) = try run()
        var seen: [Int] = []
        let ending = try completed.run(5, update: UpdateRule(), plateau: &plateau, observe: { seen.append($0.step) })
        guard case .completed = ending else {
            Issue.record("\(ending)")
            return
        }
        #expect(seen == [1, 2, 3, 4, 5] && completed.steps == 5)
        #expect(abs(x.data - pow(0.8, 5)) < 1e-12)

        let (interrupted, _) = try run()
        guard case .interrupted = try interrupted.run(5, update: UpdateRule(), plateau: &plateau, interrupted: { true })
        else {
            Issue.record("not interrupted")
            return
        }
        #expect(interrupted.steps == 1, "stops after the step at which it was asked to")

        let (diverging, y) = try run(nanAt: 3)
        guard case .diverged(let result) = try diverging.run(5, update: UpdateRule(), plateau: &plateau) else {
            Issue.record("did not diverge")
            return
        }
        #expect(result.step == 3 && diverging.steps == 2, "the third loss is nan: two steps taken")
        #expect(abs(y.data - 0.64) < 1e-12)
    }
}
