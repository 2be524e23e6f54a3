import JSON
import NeuralNet
import Optimizers
import Randomness
import Safetensors

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
struct ModelCheckpoint {
    static let layersKey = "gradbook.layers"
    static let optimizerKey = "gradbook.optimizer"
    static let lossKey = "gradbook.loss"
    static let randomKey = "gradbook.random"
    static let historyKey = "gradbook.history"
    static let optimizerPrefix = "optimizer."

    /// The file for the session's model (with its optimizer, loss and random state). During
    /// `train`, which holds the session's generator, the caller passes its state and the epoch.
    static func file(of session: Session, generator: SeededGenerator? = nil, history: History? = nil)
        throws(NotebookError) -> Safetensors
    {
        let history = history ?? session.trainingHistory
        guard let model = session.model else {
            throw .precondition("no model to save: model dense 784->64 relu, dense 64->10 softmax")
        }
        var tensors = model.namedParameters.map { name, parameter in
            (name: name, tensor: Safetensors.Tensor(shape: parameter.tensor.shape, values: parameter.tensor.data))
        }
        var metadata: [(key: String, value: String)] = [
            (layersKey, model.layers.map(LayerSpecification.text(of:)).joined(separator: ", ")),
            (historyKey, historyJSON(history).serialized()),
        ]
        if let loss = session.compiledLoss { metadata.append((lossKey, loss.rawValue)) }
        if let optimizer = session.optimizer {
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
            if snapshot.stepCount > 0, snapshot.buffers.count == 3,
                snapshot.buffers.allSatisfy({ slot in
                    slot.count == parameters.count
                        && zip(slot, parameters).allSatisfy { $0.doubles.count == $1.parameter.tensor.count }
                })
            {
                for (index, name) in optimizer.bufferNames.enumerated() where index < 3 {
                    for (buffer, (parameterName, parameter)) in zip(snapshot.buffers[index], parameters) {
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
        var random: [(key: String, value: JSON)] = [("session", words(generator ?? session.generator))]
        for case let dropout as Dropout in model.layers { random.append((dropout.name, words(dropout.generator))) }
        metadata.append((randomKey, JSON.object(random).serialized()))
        return Safetensors(tensors: tensors, metadata: metadata)
    }

    /// Epochs as a list of objects, the metrics in `History.keys`' order.
    static func historyJSON(_ history: History) -> JSON {
        .array(
            history.epochs.map { logs in
                .object(history.keys.compactMap { key in logs[key].map { (key: key, value: JSON.number($0)) } })
            })
    }

    static func history(_ text: String, path: String) throws(NotebookError) -> History {
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
    static func checkPath(_ path: String) throws(NotebookError) {
        guard path.lowercased().hasSuffix(".safetensors") else {
            throw .file(path: path, reason: "tensors are saved as FILE.safetensors (the name says what the file is)")
        }
    }

    /// Checks, before a long run, that a checkpoint can be written there: the name, and a
    /// directory that exists and takes new files.
    static func checkWritable(_ path: String) throws(NotebookError) {
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
    static func write(_ file: Safetensors, to path: String) throws(NotebookError) -> Int {
        try checkPath(path)
        let bytes: [UInt8]
        do throws(SafetensorsError) { bytes = try file.serialized() } catch {
            throw .file(path: path, reason: error.description)
        }
        try writeBytes(bytes, to: path)
        return bytes.count
    }

    /// `exp_avg (m)` → `exp_avg`: the buffer's name as a tensor-name part.
    static func slotName(_ bufferName: String) -> String {
        String(bufferName.split(separator: " ").first ?? Substring(bufferName))
    }

    /// A generator's state as decimal strings (JSON numbers cannot hold 64 bits exactly).
    static func words(_ generator: SeededGenerator) -> JSON {
        .array(generator.words.map { .string(String($0)) })
    }

    static func generator(_ json: JSON?, _ what: String, path: String) throws(NotebookError) -> SeededGenerator? {
        guard let json else { return nil }
        guard let items = json.array, let words = Optional(items.compactMap { $0.string.flatMap { UInt64($0) } }),
            words.count == items.count, let generator = SeededGenerator(words: words)
        else {
            throw .file(
                path: path, reason: "the random state of \(what) is not four 64-bit words: \(json.serialized())")
        }
        return generator
    }

    /// What a file restores: built and checked completely before anything in the session
    /// changes, so a file that fails any check leaves the current model as it was.
    struct Restored {
        var model: Sequential
        var optimizer: Optimizer?
        var loss: Loss?
        var generator: SeededGenerator?
        var history = History()
    }

    /// Reads a Gradbook model file: the architecture is built from its words, then every
    /// weight and optimizer buffer is checked against it by name and shape.
    static func restore(_ file: Safetensors, path: String, session: Session, command: Command) throws(NotebookError)
        -> Restored
    {
        guard let layers = file.metadata(layersKey) else {
            throw .file(
                path: path,
                reason: "has no Gradbook architecture (metadata \(layersKey)): 'load weights \(path)' reads its "
                    + "tensors into the current model")
        }
        // Building draws initial weights from the session's generator: put it back afterwards,
        // whatever happens (the file's own state replaces it only on success).
        let before = session.generator
        defer { session.generator = before }
        let model: Sequential
        do throws(NotebookError) {
            model = try LayerSpecification.model(layers, session: session, command: command)
        } catch {
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
            restored.generator = try generator(random["session"], "the session", path: path)
            for case let dropout as Dropout in model.layers {
                if let state = try generator(random[dropout.name], dropout.name, path: path) {
                    dropout.generator = state
                }
            }
        }
        return restored
    }

    /// Copies every parameter of `model` from the tensor of the same name, as PyTorch's
    /// `load_state_dict(strict=True)`: a parameter missing from the file, a weight the model
    /// does not have, or a shape that differs is an error naming it, and nothing is copied.
    static func copyWeights(from file: Safetensors, into model: Sequential, path: String) throws(NotebookError) {
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
    static func nonFinite(_ model: Sequential) -> [String] {
        model.namedParameters.compactMap { name, parameter in
            let count = parameter.tensor.data.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            return count == 0 ? nil : "\(name) (\(count) of \(parameter.tensor.count))"
        }
    }

    /// The optimizer the file was compiled with, with its state.
    static func optimizer(_ text: String, file: Safetensors, model: Sequential, path: String) throws(NotebookError)
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
        let step = json["step"]?.count(upTo: Int(Int32.max)) ?? 0
        guard step > 0 else { return optimizer }
        guard let lr = json["lr"]?.number, lr.isFinite, lr >= 0 else {
            throw .file(path: path, reason: "\(optimizerKey): lr must be a number ≥ 0")
        }
        let extra = json["extra"]?.array?.compactMap(\.number) ?? []
        let parameters = model.namedParameters
        var buffers: [[StateBuffer]] = []
        for slot in 0..<3 {
            var perParameter: [StateBuffer] = []
            for (parameterName, parameter) in parameters {
                let count = parameter.tensor.count
                guard slot < optimizer.bufferNames.count else {
                    perParameter.append(.single([Float](repeating: 0, count: count)))
                    continue
                }
                let name = optimizerPrefix + slotName(optimizer.bufferNames[slot]) + "." + parameterName
                guard let tensor = file[name] else {
                    throw .file(
                        path: path, reason: "has \(optimizer.kind)'s step \(step) but no state tensor '\(name)'")
                }
                guard tensor.shape == parameter.tensor.shape else {
                    throw .file(
                        path: path,
                        reason: "'\(name)' is \(tensor.shape) in the file but \(parameter.tensor.shape) in the model")
                }
                perParameter.append(.single(tensor.values))
            }
            buffers.append(perParameter)
        }
        optimizer.restore(OptimizerSnapshot(stepCount: step, learningRate: lr, buffers: buffers, extra: extra))
        return optimizer
    }
}
