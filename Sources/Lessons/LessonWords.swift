/// What the lesson commands say around a lesson's own text — step headers, the request for
/// predictions, "type 'next' to continue" — in the lesson's language. The rest of the program
/// stays English.
package struct LessonWords: Sendable {
    package let language: String

    package init(_ language: String) { self.language = language == "zh" ? "zh" : "en" }

    private var chinese: Bool { language == "zh" }

    package func step(_ index: Int, of count: Int, _ heading: String) -> String {
        chinese ? "── 第 \(index + 1)/\(count) 步：\(heading) ──" : "── Step \(index + 1)/\(count): \(heading) ──"
    }

    /// A step's heading in an exported notebook.
    package func notebookStep(_ index: Int, of count: Int, _ heading: String) -> String {
        chinese ? "## 第 \(index + 1)/\(count) 步：\(heading)" : "## Step \(index + 1) of \(count): \(heading)"
    }

    /// The first line of an exported notebook's prediction cell.
    package var predictionCell: String {
        chinese
            ? "# 运行下一个单元格之前，先写下你的预测：把每个 ? 换成一个数"
            : "# Your predictions, before you run the next cell: replace each ? with a number"
    }

    package func predictFirst(_ names: [String]) -> String {
        chinese
            ? "先预测——在 'run' 之前输入 " + names.map { "\($0) = <你的数>" }.joined(separator: "，")
                + "；本步的检查会把它和结果比较。"
            : "Predict first — type " + names.map { "\($0) = <your number>" }.joined(separator: ", ")
                + " before 'run'; the step's checks judge it against the result."
    }

    package var cells: String {
        chinese ? "代码（'run' 运行它们，也可以自己输入）：" : "Cells ('run' runs them, or type them yourself):"
    }

    package var typeNext: String { chinese ? "（输入 'next' 继续）" : "(type 'next' to continue)" }

    package var endOfLesson: String {
        chinese ? "（本课结束：'lesson' 列出其他课程）" : "(end of the lesson: 'lesson' lists the others)"
    }

    package var nothingToRun: String {
        chinese ? "这一步没有要运行的代码；输入 'next' 继续" : "this step has nothing to run; type 'next' to go on"
    }

    package var nothingToRunAtTheEnd: String {
        chinese ? "这一步没有要运行的代码：本课到此结束" : "this step has nothing to run: it is the end of the lesson"
    }

    package func needsAnswer(_ names: [String]) -> String {
        chinese
            ? "这一步需要你先回答：输入 " + names.map { "\($0) = <你的数>" }.joined(separator: "，")
                + "（本步的文字说明了要选什么），然后 'run'"
            : "this step needs your answer first: type " + names.map { "\($0) = <your number>" }.joined(separator: ", ")
                + " (the step's text says what to choose), then 'run'"
    }

    package func firstRunning(_ steps: [Int]) -> String {
        let names = steps.map { String($0 + 1) }.joined(separator: ", ")
        return chinese
            ? "先运行本步所依赖的第 \(names) 步"
            : "first running step\(steps.count == 1 ? "" : "s") \(names), which this step builds on"
    }
}
