import LineEditing
import Notebook
import Rendering

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The interactive loop: prompt, read, run, render; step-through pages wait for Enter.
struct Terminal {
    let notebook: Notebook
    let reader: EditLineReader
    let renderer: TextRenderer

    func run() -> Int32 {
        while true {
            switch reader.readLine(
                prompt: EditLineReader.prompt(
                    TextRenderer.promptText(notebook.cellCount + 1),
                    color: renderer.color ? TextRenderer.promptColor : nil))
            {
            case .end:
                print("")
                return 0
            case .interrupted:
                print("^C")
                continue
            case .line(let line):
                reader.remember(line)
                guard let source = continued(line) else { continue }
                guard let cell = notebook.execute(source) else { continue }
                show(cell)
                if cell.quits { return 0 }
            }
        }
    }

    /// The cell that starts with `line`: while a bracket is open or a line ends in `\`, more
    /// lines are read under IPython's `...:` prompt (nil: Ctrl-C or Ctrl-D abandoned it).
    private func continued(_ line: String) -> String? {
        var source = line
        let prompt = TextRenderer.promptText(notebook.cellCount + 1)
        let more = String(repeating: " ", count: max(prompt.count - 5, 0)) + "...: "
        while notebook.completeness(source) == .incomplete {
            switch reader.readLine(prompt: EditLineReader.prompt(more, color: nil)) {
            case .line(let next):
                reader.remember(next)
                source += "\n" + next
            case .interrupted:
                print("^C")
                return nil
            case .end:
                print("")
                return nil
            }
        }
        return source
    }

    /// Prints a cell's outputs not shown yet, then its value.
    private func show(_ cell: Cell) {
        present(cell.undelivered)
        var renderer = self.renderer
        if renderer.width != nil { renderer.width = Columns.current }  // nil: --plain
        if let result = cell.result {
            print(
                renderer.render(
                    Cell(number: cell.number, input: cell.input, outputs: [], result: result, value: cell.value)))
        }
        fflush(nil)
    }

    /// Prints outputs (a cell's, or those delivered while it runs); a step-through is shown one
    /// page per Enter ('q' shows the rest at once).
    func present(_ outputs: some Collection<Output>) {
        var renderer = self.renderer
        if renderer.width != nil { renderer.width = Columns.current }  // nil: --plain
        var showAll = false
        // Everything but a step-through is printed in runs (pictures side by side).
        var run: [Output] = []
        func flush() {
            for text in renderer.render(outputs: run) where !text.isEmpty { print(text) }
            run = []
        }
        defer { flush() }
        for output in outputs {
            guard case .steps(let title, let pages) = output, !showAll else {
                run.append(output)
                continue
            }
            flush()
            for (index, page) in pages.enumerated() {
                print(renderer.render(step: title, page: page, index: index, of: pages.count))
                guard index < pages.count - 1, !showAll else { continue }
                switch reader.readLine(prompt: "  [Enter: next node · q: the rest at once] ") {
                case .line(let answer) where answer.lowercased().hasPrefix("q"): showAll = true
                case .end, .interrupted: showAll = true
                default: break
                }
            }
        }
        fflush(nil)
    }
}
