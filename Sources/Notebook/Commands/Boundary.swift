import Rendering
import Session

extension Command {
    /// `boundary`: the model's class regions over 2-D data, with the points on top.
    static let boundary = Command(
        name: "boundary",
        abstract: "Draw the model's class regions over 2-D data with the points on top (the decision boundary)",
        usage: "boundary [--svg FILE]",
        examples: [
            "data moons", "model dense 2->16 tanh, dense 16->2 softmax", "boundary", "boundary --svg moons.svg",
        ],
        discussion:
            "For data of two features with classes (data moons, circles, spirals, xor, or a CSV with two feature "
            + "columns): each class its colour, paler where the model is less sure, as TensorFlow Playground draws "
            + "it; the training points on top. 'train … watch=boundary' redraws it while the model trains.",
        options: [.text("svg", "FILE", "also write the picture as an SVG file")],
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model else {
            throw noModel(session)
        }
        guard let data = session.data.train else { throw .precondition("no data: data moons") }
        let surface = try Pictures.boundary(model: model, data: data)
        var outputs: [Output] = [.surface(surface)]
        if let path = invocation.options.text("svg") {
            try writeText(SurfaceSVG(surface).render(), to: path)
            outputs.append(.text("wrote the decision boundary to \(path)"))
        }
        return Reply(outputs)
    }
}
