import Syntax
import Testing

@testable import Notebook

@Suite struct ParserTests {
    func parse(_ source: String) throws -> [Statement] {
        try Parser.parse(source) { ["backward", "grad", "vars"].contains($0) }.statements
    }

    func expr(_ source: String) throws -> Expr { try Parser.expression(source) }

    @Test func precedenceOfArithmetic() throws {
        #expect(
            try expr("1 + 2 * 3")
                == .binary("+", .number(1), .binary("*", .number(2), .number(3), column: 6), column: 2))
    }

    @Test func powerIsRightAssociativeAndBindsTighterThanUnaryMinus() throws {
        #expect(
            try expr("2^3^2") == .binary("^", .number(2), .binary("^", .number(3), .number(2), column: 3), column: 1))
        #expect(try expr("-x^2") == .negate(.binary("^", .name("x", column: 1), .number(2), column: 2)))
        #expect(try expr("2**-1") == .binary("^", .number(2), .number(-1), column: 1))
    }

    @Test func negativeLiteralIsOneConstant() throws {
        #expect(try expr("-3.0") == .number(-3))
        #expect(try expr("--3") == .number(3))
    }

    @Test func callsAttributesAndOutputs() throws {
        #expect(try expr("tanh(x)") == .call("tanh", [.name("x", column: 5)], keywords: [], column: 0))
        #expect(
            try expr("sum(x, axis=1)")
                == .call(
                    "sum", [.name("x", column: 4)], keywords: [Keyword(name: "axis", value: .number(1), column: 7)],
                    column: 0))
        #expect(try expr("a.grad") == .attribute(.name("a", column: 0), "grad", column: 1))
        #expect(try expr("Out[3]") == .index(.name("Out", column: 0), [.single(.number(3))], column: 3))
        #expect(
            try expr("x[1:3, :, -1]")
                == .index(
                    .name("x", column: 0), [.slice(.number(1), .number(3)), .slice(nil, nil), .single(.number(-1))],
                    column: 1))
        #expect(
            try expr("[[1, 2], [3, 4]]")
                == .list(
                    [.list([.number(1), .number(2)], column: 1), .list([.number(3), .number(4)], column: 9)], column: 0)
        )
        #expect(try expr("(1, -2)") == .tuple([.number(1), .number(-2)]))
    }

    @Test func severalStatementsAndCommands() throws {
        let statements = try parse("a = 2.0; b = a*3; backward b --step")
        #expect(statements.count == 3)
        #expect(statements[0] == .assignment("a", .number(2)))
        #expect(statements[2] == .command(name: "backward", arguments: "b --step", column: 18))
    }

    @Test func commandWordCanStillBeAssigned() throws {
        #expect(try parse("grad = 3") == [.assignment("grad", .number(3))])
    }

    @Test func trailingSemicolonSuppressesOutput() throws {
        #expect(try Parser.parse("a = 1;") { _ in false }.suppressesOutput)
        #expect(try !Parser.parse("a = 1; b = 2") { _ in false }.suppressesOutput)
    }

    @Test(arguments: [
        ("a * * b", 4, "expected a value after '*', found '*'"),
        ("a +", 2, "'+' needs a value on its right"),
        ("tanh(x", 6, "missing ')' to close the call to tanh("),
        ("(a + b", 6, "missing ')' to close '('"),
        ("a = ", 4, "expected a value after '='"),
        ("1 + 2 = 3", 6, "only a plain name can be assigned to"),
        ("a b", 2, "unexpected 'b' after a complete expression"),
        ("; a", 0, "empty statement before ';'"),
        ("a.", 2, "expected a name after '.', such as .grad or .data"),
        ("f(axis=1, x)", 10, "a positional argument cannot follow the keyword argument 'axis='"),
        ("[1, 2", 5, "missing ']' to close '['"),
    ])
    func malformedInputPointsAtTheColumn(_ source: String, _ column: Int, _ message: String) {
        #expect(throws: ParseError(message: message, column: column)) { try parse(source) }
    }
}
