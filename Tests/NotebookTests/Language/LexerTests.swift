import Syntax
import Testing

@testable import Notebook

@Suite struct LexerTests {
    func kinds(_ source: String) throws -> [Token.Kind] {
        try Lexer.tokenize(source).map(\.kind)
    }

    @Test func numbersInEveryForm() throws {
        #expect(
            try kinds("2 2.0 .5 1e-3 2.5E+2") == [
                .number(2), .number(2), .number(0.5), .number(0.001), .number(250), .end,
            ])
    }

    @Test func operatorsAndNames() throws {
        #expect(
            try kinds("x_1 ** 2 ^ y") == [
                .identifier("x_1"), .symbol("**"), .number(2), .symbol("^"), .identifier("y"), .end,
            ])
    }

    @Test func commentEndsTheLine() throws {
        #expect(try kinds("a = 1 # the answer") == [.identifier("a"), .symbol("="), .number(1), .end])
    }

    @Test func columnsPointAtTheToken() throws {
        let tokens = try Lexer.tokenize("ab + cd")
        #expect(tokens.map(\.column) == [0, 3, 5, 7])
    }

    @Test func malformedInputNamesTheColumn() {
        #expect(throws: ParseError(message: "unexpected character '$'", column: 4)) { try Lexer.tokenize("a + $b") }
        #expect(throws: ParseError(message: "unterminated string: add a closing \"", column: 4)) {
            try Lexer.tokenize("f = \"abc")
        }
        #expect(throws: ParseError.self) { try Lexer.tokenize("2x") }
    }
}
