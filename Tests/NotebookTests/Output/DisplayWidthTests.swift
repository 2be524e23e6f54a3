import Testing

@testable import Explain
@testable import Notebook
@testable import Rendering

/// Chinese text in a terminal: wide characters take two columns in wrapping, tables and the
/// caret under a syntax error; Chinese wraps between characters and never puts closing
/// punctuation at the start of a line (issue 22, part 5).
@Suite struct DisplayWidthTests {
    static let prose =
        "梯度下降（gradient descent）沿着负梯度方向更新参数：θ ← θ − γ·∇L。学习率（learning rate）γ 太大，"
        + "参数会在山谷两侧来回跳动，甚至发散；太小，则收敛得很慢。本课在一个条件数为 20 的碗形函数上比较几种学习率，"
        + "并说明为什么稳定的学习率必须小于 2/λmax，而不是文章所说的「随便选一个较小的数」。"

    @Test func wideCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("梯度下降") == 8)
        #expect(DisplayWidth.of("loss，") == 6)
        #expect(DisplayWidth.of("a\u{1B}[31m红\u{1B}[0m") == 3)
        #expect(DisplayWidth.of("e\u{301}") == 1, "a combining accent takes no column")
        #expect(DisplayWidth.of("━━ ▀●…") == 6)
    }

    @Test(arguments: [50, 80, 120])
    func chineseWrapsBetweenCharactersAndNeverBeforeClosingPunctuation(_ width: Int) {
        let wrapped = TextRenderer(width: width).wrap(Self.prose).split(separator: "\n")
        #expect(wrapped.count > 1)
        for line in wrapped {
            #expect(DisplayWidth.of(line) < width, "\(DisplayWidth.of(line)) columns: \(line)")
            #expect(line.first.map { !DisplayWidth.closing.contains($0) } ?? true, "starts with punctuation: \(line)")
            #expect(line.last.map { !DisplayWidth.opening.contains($0) } ?? true, "ends with （ or 「: \(line)")
        }
        // Nothing lost or added: the lines put together are the text (spaces aside).
        let rejoined = wrapped.joined()
        #expect(rejoined.filter { $0 != " " } == Self.prose.filter { $0 != " " })
        // Lines are filled (Chinese breaks anywhere): all but the last reach within 12 columns of
        // the width, the room an unbreakable Latin run such as `（learning` may leave.
        for line in wrapped.dropLast() { #expect(DisplayWidth.of(line) >= width - 12, "\(line)") }
    }

    @Test func tablesAlignChineseCells() {
        let table = Table(
            headers: ["术语", "English"], rows: [["梯度下降", "gradient descent"], ["学习率", "learning rate"]])
        let lines = TextRenderer().render(table).split(separator: "\n")
        // The second column starts at the same display column on every line.
        let starts = lines.filter { !$0.hasPrefix("─") }.map { line -> Int in
            let head = line.prefix { $0 != "E" && $0 != "g" && $0 != "l" }
            return DisplayWidth.of(head)
        }
        #expect(Set(starts).count == 1, "\(lines)")
    }

    @Test func theCaretStandsUnderTheWideCharacter() {
        let notebook = Notebook()
        let text = TextRenderer().render(
            notebook.execute("学习率 = 0.1 +") ?? Cell(number: 0, input: "", outputs: [], result: nil))
        let lines = text.split(separator: "\n")
        guard let source = lines.firstIndex(where: { $0.contains("学习率 = 0.1 +") }), source + 1 < lines.count else {
            Issue.record("no source line: \(text)")
            return
        }
        let caret = DisplayWidth.of(lines[source + 1].prefix { $0 == " " })
        let plus = DisplayWidth.of(lines[source].prefix { $0 != "+" })
        #expect(caret >= plus, "\(lines[source])\n\(lines[source + 1])")
    }
}
