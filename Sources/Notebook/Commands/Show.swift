import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `show 7` / `show mistakes`: digits as terminal pictures with label and prediction.
    static let show = Command(
        name: "show",
        abstract:
            "Draw test digits with their label and the model's prediction (or the worst mistakes), or what each unit "
            + "of a layer sees",
        usage: "show INDEX … | show mistakes [K] | show weights LAYER [N]",
        examples: ["show 0", "show 0 1 2", "show mistakes 5", "show weights dense_1", "show weights dense_1 64"],
        discussion:
            "show weights LAYER draws the first N (default 16) units of a dense layer: for a model of 28×28 inputs, "
            + "the 784 weights into each unit of the first layer as a picture (the strokes it looks for); for a "
            + "model of two inputs, what each unit outputs over the plane of the data, as TensorFlow Playground "
            + "draws its neurons.",
        firstWords: showWords
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        if invocation.positionals.first == "weights" {
            let words = invocation.positionals
            guard words.count >= 2, words.count <= 3 else {
                throw invocation.command.usageError("expected: show weights LAYER [N]")
            }
            guard let model = session.model else { throw noModel(session) }
            let count = words.count == 3 ? try invocation.command.count(words[2], "N", in: 1...4096) : nil
            let (title, images) = try Pictures.units(
                of: words[1], model: model, data: session.data.train, count: count)
            return Reply([.text(title)] + images.map(Output.image))
        }
        guard let data = session.data.test ?? session.data.train else { throw .precondition("no data: data mnist") }
        guard data.featureWidth == 784 else {
            throw .type("show draws 28×28 images; \(data.name) has \(data.featureWidth) features per sample")
        }
        let words = invocation.positionals
        var rows: [Int] = []
        var title = ""
        var probabilities: [Float]?
        if words.first == "mistakes" {
            let (trainer, _) = try trainerAndData(invocation, which: "test")
            let k = words.count > 1 ? try invocation.command.count(words[1], "K", in: 1...Int.max) : 5
            let all = Array(0..<data.count)
            let (values, _) = try lift { () throws(TensorError) in try trainer.predict(data, rows: all) }
            let width = values.count / max(all.count, 1)
            var wrong: [(row: Int, confidence: Float)] = []
            for (row, best) in Classification.predictedClasses(values, width: width).enumerated() {
                guard let label = data.label(row), best != Int(label) else { continue }
                let p = values[(row * width)..<((row + 1) * width)]
                wrong.append((row, Classification.confidence(p, predicted: best)))
            }
            rows = wrong.sorted { $0.confidence > $1.confidence }.prefix(max(1, k)).map(\.row)
            title = "the \(rows.count) most confident mistakes of \(wrong.count) on \(data.name):"
            probabilities = values
        } else {
            // `show mistake 3`: a word that is not an index is most likely 'mistakes' misspelled.
            if let word = words.first, Int(word) == nil, Suggestion.closest(to: word, among: ["mistakes"]) != nil {
                throw invocation.command.usageError(
                    "'\(word)' is not an INDEX — did you mean '"
                        + (["show", "mistakes"] + words.dropFirst()).joined(separator: " ") + "'?")
            }
            for word in words {
                rows.append(try invocation.command.count(word, "INDEX", in: 0...(data.count - 1)))
            }
            guard !rows.isEmpty else { throw invocation.command.usageError("expected an INDEX or 'mistakes'") }
        }
        var outputs: [Output] = title.isEmpty ? [] : [.text(title)]
        for row in rows {
            var caption = "#\(row)  label \(data.label(row).map(String.init) ?? "?")"
            if let (trainer, _) = try? trainerAndData(invocation, which: "test") {
                let p: [Float]
                if let all = probabilities {
                    let width = all.count / data.count
                    p = Array(all[(row * width)..<((row + 1) * width)])
                } else {
                    p = (try? trainer.predict(data, rows: [row]).values) ?? []
                }
                if let best = Classification.predictedClasses(p, width: p.count).first {
                    let confidence = Classification.confidence(p[...], predicted: best)
                    caption +=
                        "  predicted \(best) (\(NumberFormat.fixed(Double(confidence) * 100, decimals: 1))%)"
                        + (Int(data.label(row) ?? -1) == best ? "" : "  ✗")
                }
            }
            let sample = data.sample(row)
            // Black ink on white, as the digit was written.
            let grey = sample.map { v in UInt8((1 - (v.isFinite ? min(max(v, 0), 1) : 0)) * 255) }
            outputs.append(.image(Image(caption: caption, width: 28, height: 28, pixels: grey, text: picture(sample))))
        }
        return Reply(outputs)
    }
}
