/// A scalar that remembers how it was computed, so gradients can flow back through it.
///
/// Like micrograd's `Value`: `data` is the number, `grad` is ∂root/∂self after a
/// `backward()`, and `operation` with its inputs (`lhs`, `rhs`) records the expression
/// that produced it. Every node can be inspected; nothing is hidden in a tape.
public final class Value {
    /// The number this node holds.
    public var data: Double
    /// ∂(root of the last backward pass)/∂self.
    public var grad: Double = 0
    /// A display name (`a`, `loss`); unlabelled nodes are named by their expression.
    public var label: String?
    /// The operation that produced this node (`.leaf` for inputs and parameters).
    public let operation: Operation
    /// Set only while `topologicalOrder()` walks the graph (cheaper than a hashed visited set).
    var isVisited = false

    /// The first input of `operation`, if any.
    public private(set) var lhs: Value? {
        didSet { unownedLHS = lhs.map(Unmanaged.passUnretained) }
    }
    /// The second input of a binary `operation`.
    public private(set) var rhs: Value? {
        didSet { unownedRHS = rhs.map(Unmanaged.passUnretained) }
    }
    /// `lhs` and `rhs` again, for the graph walks: reading them costs no reference counting.
    /// Valid as long as `lhs` and `rhs` hold the same nodes (they own them).
    var unownedLHS: Unmanaged<Value>?
    var unownedRHS: Unmanaged<Value>?

    /// A leaf: an input, a constant or a parameter.
    public init(_ data: Double, label: String? = nil) {
        self.data = data
        self.label = label
        self.operation = .leaf
        self.lhs = nil
        self.rhs = nil
        self.unownedLHS = nil
        self.unownedRHS = nil
    }

    /// An interior node; `data` is the already computed forward result.
    init(_ data: Double, _ operation: Operation, _ lhs: Value, _ rhs: Value? = nil) {
        self.data = data
        self.operation = operation
        self.lhs = lhs
        self.rhs = rhs
        self.unownedLHS = Unmanaged.passUnretained(lhs)
        self.unownedRHS = rhs.map(Unmanaged.passUnretained)
    }

    /// Frees the graph below this node without recursion.
    ///
    /// Releasing a 100k-deep chain would otherwise run 100k nested deinits and overflow the
    /// stack. Inputs owned only by this node are detached onto an explicit stack, so each
    /// one's own deinit finds no inputs and returns at once.
    deinit {
        guard lhs != nil else { return }
        var pending: [Value] = []
        if let lhs { pending.append(lhs) }
        if let rhs { pending.append(rhs) }
        lhs = nil
        rhs = nil
        while var node = pending.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            if let input = node.lhs { pending.append(input) }
            if let input = node.rhs { pending.append(input) }
            node.lhs = nil
            node.rhs = nil
        }
    }

    /// The inputs of this node, in order (empty for a leaf).
    public var inputs: [Value] {
        switch (lhs, rhs) {
        case (let a?, let b?): [a, b]
        case (let a?, nil): [a]
        default: []
        }
    }

    /// True for inputs, constants and parameters.
    public var isLeaf: Bool { lhs == nil }
}

extension Value: CustomStringConvertible {
    public var description: String {
        "Value(data=\(data), grad=\(grad)\(label.map { ", label=\($0)" } ?? ""))"
    }
}
