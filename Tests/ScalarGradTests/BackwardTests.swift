import TestSupport
import Testing

@testable import ScalarGrad

@Suite struct BackwardTests {
    /// micrograd's lecture walkthrough: L = (a·b + c)·f.
    @Test func chainRuleWalkthrough() {
        let a = Value(2, label: "a")
        let b = Value(-3, label: "b")
        let c = Value(10, label: "c")
        let f = Value(-2, label: "f")
        let e = a * b
        let d = e + c
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let L = d * f  // the lesson's L
        L.backward()
        #expect(L.data == -8)
        #expect([a.grad, b.grad, c.grad, f.grad, e.grad, d.grad] == [6, -4, -2, 4, -2, -2])
    }

    @Test func valueUsedTwiceAccumulates() {
        let a = Value(3, label: "a")
        let b = a + a
        b.backward()
        #expect(a.grad == 2)
        let c = Value(-2)
        let d = c * c * c  // d = c³: ∂d/∂c = 3c² = 12
        d.backward()
        #expect(c.grad == 12)
    }

    @Test func secondBackwardResetsByDefault() {
        let x = Value(2)
        let y = x * x
        y.backward()
        y.backward()
        #expect(x.grad == 4)
        #expect(y.grad == 1)
    }

    @Test func accumulateAddsThisPassToTheExistingGradients() {
        let x = Value(2)
        let y = x * x
        y.backward()
        y.backward(.accumulate)
        #expect(x.grad == 8)
        y.backward(.accumulate)
        #expect(x.grad == 12)
        y.backward()
        #expect(x.grad == 4)
    }

    /// micrograd resets nothing: on L = (a·b + c)·f a second pass gives a = 24 (4×), b = −16
    /// (4×), c = −6 (3×), f = 8 (2×) — not a doubling (micrograd's engine.py, worked by hand:
    /// the interior grads d = −4 and e = −6 are propagated again). The step view agrees.
    @Test(arguments: [false, true])
    func microgradPolicyReproducesMicrograd(_ stepwise: Bool) {
        let (a, b, c, f) = (Value(2), Value(-3), Value(10), Value(-2))
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let L = (a * b + c) * f
        for _ in 0..<2 {
            if stepwise { _ = L.backwardSteps(.micrograd) } else { L.backward(.micrograd) }
        }
        #expect([a.grad, b.grad, c.grad, f.grad] == [24, -16, -6, 8])
        L.backward(.accumulate)  // PyTorch's rule from here: adds one fresh pass
        #expect([a.grad, b.grad, c.grad, f.grad] == [30, -20, -8, 12])
    }

    @Test func stepsRecordExactlyWhatBackwardDid() {
        let a = Value(2, label: "a")
        let b = Value(-3, label: "b")
        let c = Value(10, label: "c")
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let L = (a * b + c).tanh()
        let steps = L.backwardSteps()
        let stepped = [a.grad, b.grad, c.grad]
        L.backward()
        #expect(stepped == [a.grad, b.grad, c.grad])
        #expect(steps.count == 3)
        #expect(steps[0].node === L && steps[0].upstream == 1)
        let last = steps[2].contributions
        #expect(last.map(\.gradAfter) == [a.grad, b.grad])
        for step in steps {
            for contribution in step.contributions {
                #expect(contribution.amount == contribution.formula.value * step.upstream)
            }
        }
    }

    /// A 100k-node chain must not overflow the stack (micrograd's recursive sort does).
    @Test func deepGraphDoesNotOverflowTheStack() {
        let x = Value(1, label: "x")
        var y = x
        for _ in 0..<100_000 { y = y + 1 }
        y.backward()
        #expect(x.grad == 1)
        #expect(y.data == 100_001)
        #expect(y.topologicalOrder().count == 200_001)
    }

    @Test func topologicalOrderPutsInputsFirst() {
        let a = Value(1, label: "a")
        let b = Value(2, label: "b")
        let c = a * b
        let d = c + a
        let order = d.topologicalOrder()
        func position(_ v: Value) -> Int { order.firstIndex { $0 === v } ?? -1 }
        #expect(order.count == 4)
        #expect(position(a) < position(c) && position(b) < position(c) && position(c) < position(d))
    }

    @Test func recomputeFollowsChangedLeaves() {
        let a = Value(1, label: "a")
        let y = (a * 3).exp()
        a.data = 0
        y.recompute()
        #expect(y.data == 1)
    }
}
