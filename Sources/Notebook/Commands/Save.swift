import Checkpoint
import Explain
import Files
import Rendering
import Safetensors
import Session

extension Command {
    /// `save model F.safetensors` / `save notebook F.ipynb`: what the session made, in files
    /// other tools read.
    static let save = Command(
        name: "save",
        abstract: "Save the model (safetensors, with its optimizer state), tensors, or the session as a notebook",
        usage:
            "save model FILE.safetensors | save tensors FILE.safetensors NAME [NAME …] | save notebook FILE.ipynb "
            + "| save notebook FILE.md",
        examples: [
            "save model mnist.safetensors", "predict 0 1 2; p = _; save tensors predictions.safetensors p",
            "save notebook session.ipynb", "save notebook session.md",
        ],
        discussion:
            "A model file holds the weights under their names (dense_1.W, …), the architecture, the compile "
            + "configuration, every optimizer buffer with the step count and the random state: 'load model' in a "
            + "new session trains on exactly as this one would. Python's safetensors reads it "
            + "(safetensors.numpy.load_file). 'save tensors' writes variables (tensors, or Values as 0-d tensors) "
            + "under their names, for NumPy or PyTorch. A notebook holds every cell typed so far with its outputs; "
            + "JupyterLab opens it with the Gradbook kernel and 'gradbook run FILE.ipynb' runs it. Files are "
            + "replaced atomically: an interrupted save leaves the old file.",
        variants: [Variant(["model"]), Variant(["tensors"]), Variant(["notebook"])],
        positionals: 2...Int.max
    ) { invocation throws(NotebookError) in
        let words = invocation.positionals
        let path = invocation.session.expandingHome(words[1])
        guard words[0] == "tensors" || words.count == 2 else {
            throw invocation.command.usageError(
                "save \(words[0]) takes one FILE, got '\(words.dropFirst().joined(separator: " "))'")
        }
        switch words[0] {
        case "tensors":
            let names = Array(words.dropFirst(2))
            guard !names.isEmpty else {
                throw invocation.command.usageError("save tensors FILE NAME …: name the variables to save")
            }
            var tensors: [(name: String, tensor: Safetensors.Tensor)] = []
            try onFile { () throws(FileError) in try ModelCheckpoint.checkPath(path) }
            for name in names {
                // A name or any expression that gives a tensor (dense_1.W, x.grad); saved under the text.
                switch try invocation.evaluate(name) {
                case .tensor(let tensor): tensors.append((name, .init(shape: tensor.shape, values: tensor.data)))
                case .scalar(let value): tensors.append((name, .init(shape: [], values: [Float(value.data)])))
                case let other: throw .type("save tensors: \(name) is a \(other.typeName), not a tensor or a Value")
                }
            }
            let file = Safetensors(tensors: tensors)
            let count = try onFile { () throws(FileError) in try ModelCheckpoint.write(file, to: path) }
            return Reply([.text("saved \(names.joined(separator: ", ")) to \(path) (\(size(count)))")])
        case "model":
            try onFile { () throws(FileError) in try ModelCheckpoint.checkPath(path) }
            let file = try ModelCheckpoint.file(of: invocation.session)
            let count = try onFile { () throws(FileError) in try ModelCheckpoint.write(file, to: path) }
            return Reply([
                .text("saved " + ModelCheckpoint.describe(invocation.session) + " to \(path) (\(size(count)))")
            ])
        default:
            let text = try NotebookDocument(session: invocation.notebook.cells).text(for: path)
            try writeText(text, to: path)
            let cells = invocation.notebook.cells.count
            return Reply([.text("saved \(cells) cell\(cells == 1 ? "" : "s") to \(path)")])
        }
    }

    /// 220 617 → "220.6 kB".
    static func size(_ bytes: Int) -> String {
        bytes < 1000
            ? "\(bytes) bytes"
            : bytes < 1_000_000
                ? NumberFormat.fixed(Double(bytes) / 1e3, decimals: 1) + " kB"
                : NumberFormat.fixed(Double(bytes) / 1e6, decimals: 1) + " MB"
    }
}
