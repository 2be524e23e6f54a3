import Files
import JSON
import NeuralNet
import Optimizers
import Randomness
import Safetensors
import TensorGrad

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A model with everything training needs to go on, as one safetensors file (`save model`,
/// `load model`, `train … checkpoint=`):
///
/// - tensors `dense_1.W`, `dense_1.b`, … — the weights, under the names `summary` shows;
/// - tensors `optimizer.exp_avg.dense_1.W`, … — every state buffer of the optimizer, per
///   parameter (Adam's m and v, SGD's momentum buffer, …);
/// - metadata `gradbook.layers` — the architecture in `model`'s words;
///   `gradbook.optimizer` — the compile configuration and the step count, as JSON;
///   `gradbook.loss`; `gradbook.random` — the state of the session's generator (the next
///   shuffle) and of each dropout layer's, so that training resumes exactly;
///   `gradbook.history` — each epoch's figures (loss, accuracy, …), so epochs, schedules and
///   plots continue where they were.
///
/// Any safetensors reader sees the weights as ordinary float32 tensors.
package enum ModelCheckpoint {
    package static let layersKey = "gradbook.layers"
    package static let optimizerKey = "gradbook.optimizer"
    package static let lossKey = "gradbook.loss"
    package static let randomKey = "gradbook.random"
    package static let historyKey = "gradbook.history"
    package static let optimizerPrefix = "optimizer."

    /// The file for a model with its optimizer, loss, the generator's state (the next shuffle)
    /// and the history of its epochs.
    package static func file(
        model: Sequential, optimizer: Optimizer?, loss: Loss?, generator: SeededGenerator, history: History
    ) -> Safetensors {
        var tensors = model.namedParameters.map { name, parameter in
            (name: name, tensor: Safetensors.Tensor(shape: parameter.tensor.shape, values: parameter.tensor.data))
        }
        var metadata: [(key: String, value: String)] = [
            (layersKey, ModelDescription(model).text),
            (historyKey, historyJSON(history).serialized()),
        ]
        if let loss { metadata.append((lossKey, loss.rawValue)) }
        if let optimizer {
            let snapshot = optimizer.snapshot()
            // In the optimizer's own order (the file reads as its `explain` does).
            let options = OptimizerFactory.options(of: optimizer)
            let hyperparameters = optimizer.hyperparameters.compactMap { hyperparameter in
                options[hyperparameter.name].map { (key: hyperparameter.name, value: JSON.number($0)) }
            }
            metadata.append(
                (
                    optimizerKey,
                    JSON.object([
                        ("name", .string(optimizer.kind)), ("hyperparameters", .object(hyperparameters)),
                        ("lr", .number(snapshot.learningRate)), ("step", .number(Double(snapshot.stepCount))),
                        ("extra", .array(snapshot.extra.map(JSON.number))),
                    ]).serialized()
                ))
            // The buffers belong to the model's parameters only when they match them in number
            // and size (an optimizer last used on a function has nothing to save here).
            let parameters = model.namedParameters
            let named = snapshot.named(optimizer.bufferNames)
            if snapshot.stepCount > 0, named.count == optimizer.bufferNames.count,
                named.allSatisfy({ _, perParameter in
                    perParameter.count == parameters.count
                        && zip(perParameter, parameters).allSatisfy { $0.doubles.count == $1.parameter.tensor.count }
                })
            {
                for (name, perParameter) in named {
                    for (buffer, (parameterName, parameter)) in zip(perParameter, parameters) {
                        guard case .single(let values) = buffer else { continue }
                        tensors.append(
                            (
                                optimizerPrefix + slotName(name) + "." + parameterName,
                                Safetensors.Tensor(shape: parameter.tensor.shape, values: values)
                            ))
                    }
                }
            }
        }
        var random: [(key: String, value: JSON)] = [("session", words(generator))]
        for case let dropout as Dropout in model.layers { random.append((dropout.name, words(dropout.generator))) }
        metadata.append((randomKey, JSON.object(random).serialized()))
        return Safetensors(tensors: tensors, metadata: metadata)
    }

    /// Epochs as a list of objects, the metrics in `History.keys`' order.
    package static func historyJSON(_ history: History) -> JSON {
        .array(
            history.epochs.map { logs in
                .object(history.keys.compactMap { key in logs[key].map { (key: key, value: JSON.number($0)) } })
            })
    }

    package static func history(_ text: String, path: String) throws(FileError) -> History {
        let json: JSON
        do throws(JSONError) { json = try JSON(parsing: text) } catch {
            throw .file(path: path, reason: "\(historyKey) is not JSON: \(error)")
        }
        var history = History()
        guard let epochs = json.array else {
            throw .file(path: path, reason: "\(historyKey) is not a list of epochs")
        }
        for epoch in epochs {
            guard let members = epoch.members else {
                throw .file(path: path, reason: "\(historyKey): an epoch is \(epoch.kindName), not an object")
            }
            var logs: [String: Double] = [:]
            for (key, value) in members {
                guard let x = value.number else {
                    throw .file(path: path, reason: "\(historyKey): \(key) is \(value.kindName), not a number")
                }
                logs[key] = x
            }
            history.append(logs)
        }
        return history
    }

    /// Refuses a path that does not end in `.safetensors`, before anything is computed or
    /// trained: a model written over `session.ipynb` by a slip of the finger is a notebook lost.
    package static func checkPath(_ path: String) throws(FileError) {
        guard path.lowercased().hasSuffix(".safetensors") else {
            throw .file(path: path, reason: "tensors are saved as FILE.safetensors (the name says what the file is)")
        }
    }

    /// Checks, before a long run, that a checkpoint can be written there: the name, and a
    /// directory that exists and takes new files.
    package static func checkWritable(_ path: String) throws(FileError) {
        try checkPath(path)
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let place = directory.isEmpty ? "/" : directory
        var status = stat()
        guard stat(place, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .file(path: path, reason: "the directory \(place) does not exist")
        }
        guard access(place, W_OK) == 0 else {
            throw .file(path: path, reason: "the directory \(place) cannot be written to")
        }
    }

    /// Writes the file atomically (a temporary file renamed over `path`).
    package static func write(_ file: Safetensors, to path: String) throws(FileError) -> Int {
        try checkPath(path)
        let bytes: [UInt8]
        do throws(SafetensorsError) { bytes = try file.serialized() } catch {
            throw .file(path: path, reason: error.description)
        }
        try AtomicFile.write(bytes, to: path)
        return bytes.count
    }

    /// `exp_avg (m)` → `exp_avg`: the buffer's name as a tensor-name part.
    package static func slotName(_ bufferName: String) -> String {
        String(bufferName.split(separator: " ").first ?? Substring(bufferName))
    }

    /// A generator's state as decimal strings (JSON numbers cannot hold 64 bits exactly).
    package static func words(_ generator: SeededGenerator) -> JSON {
        .array(generator.words.map { .string(String($0)) })
    }

    package static func generator(_ json: JSON?, _ what: String, path: String) throws(FileError) -> SeededGenerator? {
        guard let json else { return nil }
        guard let items = json.array, let words = Optional(items.compactMap { $0.string.flatMap { UInt64($0) } }),
            words.count == items.count, let generator = SeededGenerator(words: words)
        else {
            throw .file(
                path: path,
                reason: "the random state of \(what) is not four 64-bit words, not all zero: \(json.serialized())")
        }
        return generator
    }

    /// What a file restores: built and checked completely before anything in the session
    /// changes, so a file that fails any check leaves the current model as it was.
    package struct Restored {
        package var model: Sequential
        package var optimizer: Optimizer?
        package var loss: Loss?
        package var generator: SeededGenerator?
        package var history = History()
    }

    /// Reads a Gradbook model file: the architecture is built from its description (drawing
    /// initial weights from `generator`), then every weight and optimizer buffer is checked
    /// against it by name and shape.
    package static func restore(_ file: Safetensors, path: String, generator: inout SeededGenerator) throws(FileError)
        -> Restored
    {
        guard let layers = file.metadata(layersKey) else {
            throw .file(
                path: path,
                reason: "has no Gradbook architecture (metadata \(layersKey)): 'load weights \(path)' reads its "
                    + "tensors into the current model")
        }
        let description: ModelDescription
        do throws(ModelDescriptionError) { description = try ModelDescription(parsing: layers) } catch {
            throw .file(path: path, reason: "its architecture '\(layers)' cannot be read: \(error)")
        }
        let model: Sequential
        do throws(TensorError) { model = try description.build(generator: &generator) } catch {
            throw .file(path: path, reason: "its architecture '\(layers)' cannot be built: \(error)")
        }
        try copyWeights(from: file, into: model, path: path)
        var restored = Restored(model: model)
        if let text = file.metadata(historyKey) { restored.history = try history(text, path: path) }
        if let name = file.metadata(lossKey) {
            guard let loss = Loss(named: name) else {
                throw .file(path: path, reason: "unknown loss '\(name)' in \(lossKey)")
            }
            restored.loss = loss
        }
        if let text = file.metadata(optimizerKey) {
            restored.optimizer = try optimizer(text, file: file, model: model, path: path)
        }
        if let text = file.metadata(randomKey) {
            let random: JSON
            do throws(JSONError) { random = try JSON(parsing: text) } catch {
                throw .file(path: path, reason: "\(randomKey) is not JSON: \(error)")
            }
            restored.generator = try Self.generator(random["session"], "the session", path: path)
            for case let dropout as Dropout in model.layers {
                if let state = try Self.generator(random[dropout.name], dropout.name, path: path) {
                    dropout.generator = state
                }
            }
        }
        return restored
    }

    /// Copies every parameter of `model` from the tensor of the same name, as PyTorch's
    /// `load_state_dict(strict=True)`: a parameter missing from the file, a weight the model
    /// does not have, or a shape that differs is an error naming it, and nothing is copied.
    package static func copyWeights(from file: Safetensors, into model: Sequential, path: String) throws(FileError) {
        let parameters = model.namedParameters
        let weights = file.tensors.filter { !$0.name.hasPrefix(optimizerPrefix) }
        let names = Set(parameters.map(\.name))
        if let extra = weights.first(where: { !names.contains($0.name) }) {
            throw .file(
                path: path,
                reason: "holds '\(extra.name)' \(extra.tensor.shape), which the model does not have (it has "
                    + "\(parameters.map(\.name).joined(separator: ", ")))")
        }
        for (name, parameter) in parameters {
            guard let tensor = file[name] else {
                throw .file(path: path, reason: "has no tensor '\(name)' (the model's \(parameter.tensor.shape))")
            }
            guard tensor.shape == parameter.tensor.shape else {
                throw .file(
                    path: path,
                    reason: "'\(name)' is \(tensor.shape) in the file but \(parameter.tensor.shape) in the model")
            }
        }
        for (name, parameter) in parameters {
            if let tensor = file[name] { parameter.tensor.data = tensor.values }
        }
    }

    /// The parameters holding NaN or infinity, with how many (a file can carry them; training
    /// from them only spreads them).
    package static func nonFinite(_ model: Sequential) -> [String] {
        model.namedParameters.compactMap { name, parameter in
            let count = parameter.tensor.data.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            return count == 0 ? nil : "\(name) (\(count) of \(parameter.tensor.count))"
        }
    }

    /// The optimizer the file was compiled with, with its state.
    package static func optimizer(_ text: String, file: Safetensors, model: Sequential, path: String) throws(FileError)
        -> Optimizer
    {
        let json: JSON
        do throws(JSONError) { json = try JSON(parsing: text) } catch {
            throw .file(path: path, reason: "\(optimizerKey) is not JSON: \(error)")
        }
        guard let name = json["name"]?.string, let members = json["hyperparameters"]?.members else {
            throw .file(path: path, reason: "\(optimizerKey) needs a name and hyperparameters: \(text)")
        }
        var options: [String: Double] = [:]
        for (key, value) in members {
            guard let x = value.number else {
                throw .file(path: path, reason: "\(optimizerKey): \(key) is \(value.kindName), not a number")
            }
            options[key] = x
        }
        let optimizer: Optimizer
        do throws(OptimizerError) { optimizer = try OptimizerFactory.make(name, options) } catch {
            throw .file(path: path, reason: "\(optimizerKey): \(error)")
        }
        // No step: saved before the first update. A step that is not a count is refused:
        // read as 0 it would restart Adam's bias correction over the saved moments.
        var step = 0
        if let value = json["step"] {
            guard let count = value.count(upTo: Int(Int32.max)) else {
                throw .file(
                    path: path, reason: "\(optimizerKey): step must be a whole number ≥ 0, got \(value.serialized())")
            }
            step = count
        }
        // Every state tensor belongs to a buffer this optimizer names, at a step that has any
        // (strict, as the weights are): a stranger means the file is not what it says.
        let expected = Set(
            step == 0
                ? []
                : optimizer.bufferNames.flatMap { buffer in
                    model.namedParameters.map { optimizerPrefix + slotName(buffer) + "." + $0.name }
                })
        if let stranger = file.tensors.first(where: {
            $0.name.hasPrefix(optimizerPrefix) && !expected.contains($0.name)
        }) {
            throw .file(
                path: path,
                reason: "holds '\(stranger.name)', which is not a state buffer of \(optimizer.kind) at step \(step)")
        }
        guard step > 0 else { return optimizer }
        guard let lr = json["lr"]?.number, lr.isFinite, lr >= 0 else {
            throw .file(path: path, reason: "\(optimizerKey): lr must be a number ≥ 0")
        }
        let extra = json["extra"]?.array?.compactMap(\.number) ?? []
        let parameters = model.namedParameters
        var buffers: [[StateBuffer]] = []
        for bufferName in optimizer.bufferNames {
            var perParameter: [StateBuffer] = []
            for (parameterName, parameter) in parameters {
                let name = optimizerPrefix + slotName(bufferName) + "." + parameterName
                guard let tensor = file[name] else {
                    throw .file(
                        path: path, reason: "has \(optimizer.kind)'s step \(step) but no state tensor '\(name)'")
                }
                guard tensor.shape == parameter.tensor.shape else {
                    throw .file(
                        path: path,
                        reason: "'\(name)' is \(tensor.shape) in the file but \(parameter.tensor.shape) in the model")
                }
                // A state that is not a number would only spread into the weights at the first step.
                guard tensor.values.allSatisfy(\.isFinite) else {
                    throw .file(path: path, reason: "the optimizer state '\(name)' holds NaN or infinity")
                }
                perParameter.append(.single(tensor.values))
            }
            buffers.append(perParameter)
        }
        optimizer.restore(
            OptimizerSnapshot(
                stepCount: step, learningRate: lr, named: buffers, sizes: parameters.map(\.parameter.tensor.count),
                extra: extra))
        return optimizer
    }
}
