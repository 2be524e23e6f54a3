import Explain
import Operations
import ScalarGrad
import TensorGrad
import TestSupport
import Testing

/// One test over the whole table of operations: for every row (and a few parameter choices),
/// the scalar engine, the tensor engine and the compiled loops give the same values and
/// gradients, every derivative matches finite differences, and the printed formula,
/// evaluated, gives the number that was used. A new row is covered by being in the table.
@Suite struct OperationTableTests {
    /// Every row with its default parameters, plus rows whose parameters change the rules.
    static let instances: [any UnaryOperation] =
        Operations.table.compactMap { try? $0.init(parameters: $0 == Power.self ? ["p": 2] : [:]) }
        + [Power(3), Power(0.5), Power(-1), LeakyReLU(slope: 0.3), LeakyReLU(slope: -0.5)]
        + ((try? Clamp(min: -1, max: 0.5)).map { [$0] } ?? [])

    static let points: [Double] = [-2.3, -0.7, -0.1, 0.4, 1.3, 2.9]

    /// The points where the function is defined and smooth (away from kinks at 0 and the
    /// clamp bounds, where finite differences straddle two pieces).
    static func points(for op: any UnaryOperation) -> [Double] {
        var kinks = [0.0]
        if let clamp = op as? Clamp { kinks += [clamp.lower, clamp.upper] }
        return points.filter { x in op.domainError(x) == nil && kinks.allSatisfy { Swift.abs(x - $0) > 1e-2 } }
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(b))
    }

    @Test func theTableCoversEveryRowOnceAndIncludesSoftplus() {
        let names = Operations.table.map { $0.name }
        #expect(Set(names).count == names.count)
        #expect(names.contains("softplus") && Operations.activations.contains { $0.name == "softplus" })
        #expect(Operations.table.allSatisfy { row in Self.instances.contains { type(of: $0) == row } })
    }

    @Test(arguments: instances.map { $0.description })
    func scalarEngineAppliesTheRow(_ description: String) throws {
        let op = try #require(Self.instances.first { $0.description == description })
        for x in Self.points(for: op) {
            let a = Value(x)
            let y = a.applying(op)
            y.backward()
            #expect(y.data == op.forward(x), "\(description) at \(x)")
            #expect(a.grad == op.derivative(x: x, y: op.forward(x)), "\(description)′ at \(x)")
        }
    }

    @Test(arguments: instances.map { $0.description })
    func derivativeMatchesFiniteDifferences(_ description: String) throws {
        let op = try #require(Self.instances.first { $0.description == description })
        for x in Self.points(for: op) {
            let h = 1e-6 * Swift.max(1, Swift.abs(x))
            let numeric = (op.forward(x + h) - op.forward(x - h)) / (2 * h)
            let analytic = op.derivative(x: x, y: op.forward(x))
            #expect(
                Self.close(analytic, numeric, 1e-6),
                "\(description)′(\(x)) = \(analytic), finite differences \(numeric)")
        }
    }

    @Test(arguments: instances.map { $0.description })
    func printedFormulaEvaluatesToTheDerivativeUsed(_ description: String) throws {
        let op = try #require(Self.instances.first { $0.description == description })
        for x in Self.points(for: op) {
            let y = op.forward(x)
            // The numbers as the learner sees them (six significant digits).
            let formula = op.derivativeFormula(x: Operand(name: "x", value: x), y: Operand(name: "y", value: y))
            let printed = try FormulaEvaluator.evaluate(formula.substituted)
            let used = Value(x)
            used.applying(op).backward()
            #expect(
                Self.close(printed, used.grad, 1e-5),
                "\(description): '\(formula.substituted)' = \(printed), the gradient used is \(used.grad)")
            // And the scalar engine prints that very formula for its node.
            let node = Value(x).applying(op)
            #expect(
                node.operation.localGradientFormulas(
                    Operand(name: "x", value: x), nil, out: Operand(name: "y", value: y)) == [formula])
        }
    }

    @Test(arguments: instances.map { $0.description })
    func tensorEngineAndCompiledLoopsAgreeWithTheScalarEngine(_ description: String) throws {
        let op = try #require(Self.instances.first { $0.description == description })
        let xs = Self.points(for: op)
        guard !xs.isEmpty else { return }
        let t = Tensor(shape: [xs.count], data: xs.map(Float.init), requiresGrad: true)
        let y = try t.applying(op)
        try y.sum().backward()
        let grad = try #require(t.grad)
        for (i, x) in xs.enumerated() {
            let exact = op.forward(x)
            let slope = op.derivative(x: x, y: exact)
            #expect(
                Self.close(Double(y.data[i]), exact, 1e-5), "\(description)(\(x)): tensor \(y.data[i]), scalar \(exact)"
            )
            #expect(
                Self.close(Double(grad[i]), slope, 1e-4), "\(description)′(\(x)): tensor \(grad[i]), scalar \(slope)")
        }
        // The compiled path's loops: forward, bias + forward in one pass, and the derivative
        // from the outputs alone when the row says that suffices.
        let x = xs.map(Float.init)
        let bias: [Float] = [0.25]
        var out = [Float](repeating: .nan, count: x.count)
        var fused = x
        var g = [Float](repeating: 1, count: x.count)
        var gFromOutput = g
        op.forward(x, into: &out, count: x.count)
        fused = x.map { $0 - 0.25 }
        op.addBiasThenForward(bias, to: &fused, rows: x.count, width: 1)
        op.multiplyByDerivative(x: x, y: out, gradient: &g, count: x.count)
        if op.derivativeReadsOnlyOutput {
            op.multiplyByDerivative(x: out, y: out, gradient: &gFromOutput, count: x.count)
        }
        // Against the scalar definitions (Double, written apart from the Float loops): the
        // tensor engine runs these very loops, so comparing with it would compare them with
        // themselves.
        for i in x.indices {
            let exact = op.forward(xs[i])
            let slope = op.derivative(x: xs[i], y: exact)
            #expect(
                Self.close(Double(out[i]), exact, 1e-5), "\(description): compiled forward \(out[i]) vs scalar \(exact)"
            )
            #expect(Self.close(Double(fused[i]), Double(out[i]), 1e-6), "\(description): bias + forward in one pass")
            #expect(
                Self.close(Double(g[i]), slope, 1e-4), "\(description): compiled derivative \(g[i]) vs scalar \(slope)")
            if op.derivativeReadsOnlyOutput {
                #expect(gFromOutput[i] == g[i], "\(description): derivative from the output alone")
            }
        }
    }

    @Test func parametersAreCheckedAndNamed() {
        #expect(throws: OperationError("leaky_relu has no parameter 'slop'")) {
            try LeakyReLU(parameters: ["slop": 0.1])
        }
        #expect(throws: OperationError("pow needs p")) { try Power(parameters: [:]) }
        #expect(throws: OperationError("tanh takes no parameter 'p'")) { try Tanh(parameters: ["p": 1]) }
        #expect(throws: OperationError("clamp: min 2.0 is greater than max 1.0")) { try Clamp(min: 2, max: 1) }
        #expect((try? LeakyReLU(parameters: ["negative_slope": 0.2]))?.slope == 0.2)
        #expect(LeakyReLU.signature == "leaky_relu(x, slope=0.01)")
    }
}
