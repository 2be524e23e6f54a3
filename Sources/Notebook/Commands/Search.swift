import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import Randomness
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `search lr=0.001,0.003,0.01 seeds=5 epochs=10 validation=0.2`: a grid search, and what
    /// choosing on the test set would have cost.
    static let search = Command(
        name: "search",
        abstract: "Grid search: train the model afresh for every setting, choose on validation, measure the optimism",
        usage:
            "search lr=X,… [batch=N,…] [seeds=N] [epochs=N] [validation=X] [limit=N] [test=N] [verbose=0|1|2]",
        examples: [
            "search lr=0.0003,0.001,0.003,0.01 seeds=3 epochs=5 validation=0.2",
            "search lr=0.01,0.1 batch=16,64 epochs=20 validation=0.25",
        ],
        discussion:
            "Trains the current model's layers from fresh weights, with a fresh copy of the compiled optimizer, for "
            + "every learning rate × batch size, each from N starting seeds of its own (seeds=N, drawn from the "
            + "session's generator: 'seed S' first makes the search reproducible). A seed is a configuration too: "
            + "keeping the luckiest is a choice. Each is scored on the validation split (the last X of the "
            + "training data, as train's validation=) and on the test set (at least 2 samples). Keep the "
            + "configuration with the lowest validation loss, report its test "
            + "score; the search prints the commands that train it again. Choosing on the test set instead reports "
            + "the best of many noisy scores, which overstates: the optimism measures by how much, choosing on a "
            + "random half of the test set (by loss, and by accuracy for the accuracy) and scoring on the other "
            + "half, averaged over 200 halvings — the cost of choosing on a test set of half the size, which grows "
            + "with the number of configurations. The value: _.optimism, _.accuracy_optimism, _.configurations, "
            + "_.diverged, _.by_validation and _.by_test (each with config, lr, batch, seed, val_loss, test_loss "
            + "and the accuracies); when every configuration diverged, only _.configurations and _.diverged. "
            + "The session's model, optimizer and history are left as they were; the schedule, "
            + "clipping, early stopping and reduce_lr apply to every configuration. Ctrl-C stops the configuration "
            + "in training and reports those finished.",
        options: [
            .init(
                "lr", .list(.number(NumberRange(0...1e6, open: .lower))),
                "the learning rates to try (the compiled optimizer's other settings stay)"),
            .init(
                "batch", .list(.count(1...Limit.tensorElements.value, nil)), aliases: ["batch_size"], default: "32",
                "the batch sizes to try"),
            .count("seeds", in: 1...1000, default: "1", "starting seeds per setting"),
            .count("epochs", limit: .epochs, default: "5", "passes over the training data per configuration"),
            .number(
                "validation", in: 0...1, open: [.lower, .upper], aliases: ["validation_split"], default: "0.2",
                "the fraction of the training data held out to choose on"),
            .count(
                "limit", in: 1...100_000_000, "train on the first N training rows only (the validation rows stay)"),
            .count(
                "test", in: 2...100_000_000,
                "score on the first N test samples only (a smaller test set flatters its winner more)"),
            .count(
                "verbose", in: 0...2, default: "1",
                "the table: 0 none, 1 the five best by validation (and the test set's pick), 2 every configuration"),
        ],
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model else {
            throw .precondition("no model: model dense 784->64 relu, dense 64->10 softmax")
        }
        guard let data = session.data.train else { throw .precondition("no data: data mnist (or data moons)") }
        guard var test = session.data.test, test.count >= 2 else {
            throw .precondition(
                "search scores every configuration on a test set of at least 2 samples, and the data has "
                    + "\(session.data.test?.count ?? 0): data mnist, data moons … (or data csv with more rows)")
        }
        if let n = invocation.options.count("test"), n < test.count { test = test.subset(Array(0..<n)) }
        guard let optimizer = session.training.optimizer else {
            throw .precondition("no optimizer: compile adam first")
        }
        guard let rates = invocation.options.numberList("lr"), !rates.isEmpty else {
            throw invocation.command.usageError("search needs the learning rates to try: lr=0.001,0.01,0.1")
        }
        let batches = invocation.options.countList("batch") ?? [32]
        let seeds = invocation.options.count("seeds") ?? 1
        let epochs = invocation.options.count("epochs") ?? 5
        let fraction = invocation.options.number("validation") ?? 0.2
        let verbose = invocation.options.count("verbose") ?? 1
        let count = rates.count * batches.count * seeds
        guard count <= 10_000 else {
            throw invocation.command.usageError(
                "\(rates.count) learning rates × \(batches.count) batch sizes × \(Limit.grouped(seeds)) seeds = "
                    + "\(Limit.grouped(count)) "
                    + "configurations: at most 10,000")
        }
        var (rows, validationRows): ([Int], [Int])
        do throws(DatasetError) {
            (rows, validationRows) = try Batching.split(count: data.count, validationFraction: fraction)
        } catch { throw .dataset(error) }
        guard !validationRows.isEmpty else {
            throw invocation.command.usageError(
                "validation=\(fraction) holds out no sample of \(data.count): choose a larger fraction")
        }
        if let limit = invocation.options.count("limit") { rows = Array(rows.prefix(limit)) }
        let description = ModelDescription(model)
        let loss = session.training.loss ?? .implied(classes: data.classCount, outputs: model.outputShape.last ?? 1)
        var callbacks = Callbacks(earlyStopping: session.training.earlyStopping)
        if let (plateau, monitor) = session.training.reduceOnPlateau {
            callbacks.reduceOnPlateau = plateau
            callbacks.plateauMonitor = monitor
        }

        // The seeds from the session's generator; put back as the draw left it, whatever the
        // models drew.
        let settings = Search.grid(
            learningRates: rates, batchSizes: batches, seeds: seeds, generator: &session.generator)
        let generator = session.generator
        defer { session.generator = generator }
        let progress = invocation.notebook.progress
        defer { progress?(.finished) }
        var lastNote = LiveProgress.now()
        let started = lastNote
        let outcomes: [Search.Outcome]
        do throws(Search.Failure) {
            outcomes = try Search.run(
                settings, epochs: epochs, data: data, rows: rows, validationRows: validationRows, test: test,
                optimizer: optimizer, loss: loss, update: session.training.updateRule, callbacks: callbacks,
                // Built as 'model' builds it, from the configuration's generator.
                model: { _, generator throws(TensorError) in try description.build(generator: &generator) },
                progress: { done, total in
                    // A long search says how far it is, every few seconds.
                    guard LiveProgress.now() - lastNote > 3, done < total else { return }
                    lastNote = LiveProgress.now()
                    let seconds = Int(lastNote - started)
                    progress?(.note("search: \(done) of \(total) configurations trained (\(seconds) s)"))
                }, interrupted: invocation.notebook.interruptRequested)
        } catch {
            switch error {
            case .optimizer(let error): throw .optimizer(error)
            case .training(let error): throw .tensor(error)
            }
        }
        guard !outcomes.isEmpty else {
            return Reply([.warning("stopped by Ctrl-C before the first configuration finished: nothing to compare")])
        }
        var halvings = SeededGenerator(seed: settings.first?.seed ?? 0)
        let selection = ModelSelection(outcomes.map(\.candidate), pairs: 100, generator: &halvings)
        // What trains a configuration again, as a learner would type it.
        let limit = invocation.options.count("limit").map { " limit=\($0)" } ?? ""
        let entry = OptimizerFactory.entry(optimizer.kind)
        let kept = OptimizerFactory.options(of: optimizer).filter { name, value in
            name != "lr" && entry?.hyperparameters.first { $0.name == name }?.defaultValue != value
        }
        let compiled =
            "compile \(optimizer.kind)"
            + kept.sorted { $0.key < $1.key }.map { " \($0.key)=\(NumberFormat.short($0.value))" }.joined()
            + (session.training.loss.map { " loss=\($0.rawValue)" } ?? "")
        return SearchReport(
            outcomes: outcomes, selection: selection, rates: rates, batches: batches, seeds: seeds, planned: count,
            epochs: epochs, trainingRows: rows.count, validationRows: validationRows.count, testRows: test.count,
            optimizer: optimizer.displayName, verbose: verbose,
            again: { setting in
                let rate = NumberFormat.short(setting.learningRate)
                return "seed \(setting.seed); model (the same layers); \(compiled) lr=\(rate); train epochs=\(epochs) "
                    + "batch=\(setting.batchSize) validation=\(NumberFormat.short(fraction))\(limit)"
            }
        ).reply
    }
}

/// What `search` prints and returns.
struct SearchReport {
    let outcomes: [Search.Outcome]
    let selection: ModelSelection
    let rates: [Double]
    let batches: [Int]
    let seeds: Int
    let planned: Int
    let epochs: Int
    let trainingRows: Int
    let validationRows: Int
    let testRows: Int
    let optimizer: String
    let verbose: Int
    /// The commands that train a configuration again.
    let again: (Search.Setting) -> String

    func setting(_ index: Int) -> String {
        let setting = outcomes[index].setting
        return "lr \(NumberFormat.short(setting.learningRate))"
            + (batches.count > 1 ? ", batch \(setting.batchSize)" : "") + " (#\(index + 1))"
    }

    func scores(_ index: Int) -> String {
        let candidate = outcomes[index].candidate
        return "val_loss \(fixed(candidate.validationLoss)), test_loss \(fixed(candidate.testLoss))"
            + (candidate.testAccuracy.map { ", test accuracy \(fixed($0))" } ?? "")
    }

    /// Four decimals, as `history` shows losses; a diverged loss in short form.
    func fixed(_ x: Double) -> String {
        Swift.abs(x) < 1000 ? NumberFormat.fixed(x, decimals: 4) : NumberFormat.short(x, digits: 4)
    }

    var reply: Reply {
        var outputs: [Output] = []
        let axes =
            [
                rates.count > 1 ? "\(rates.count) learning rates" : nil,
                batches.count > 1 ? "\(batches.count) batch sizes" : nil,
                seeds > 1 ? "\(seeds) seeds" : nil,
            ].compactMap { $0 }
        outputs.append(
            .text(
                "search: \(axes.count < 2 ? "" : axes.joined(separator: " × ") + " = ")\(planned) "
                    + "configuration\(planned == 1 ? "" : "s") of \(optimizer), \(epochs) "
                    + "epoch\(epochs == 1 ? "" : "s") of \(plural(trainingRows, "sample")) each; chosen on "
                    + "\(plural(validationRows, "validation sample")), scored on \(plural(testRows, "test sample"))"))
        if outcomes.count < planned {
            outputs.append(
                .warning(
                    "stopped by Ctrl-C after \(outcomes.count) of \(planned) configurations: what follows is about "
                        + "those \(outcomes.count)"))
        }
        let diverged = outcomes.filter { !$0.validationLoss.isFinite }.count
        let order = outcomes.indices.sorted {
            let (a, b) = (outcomes[$0].validationLoss, outcomes[$1].validationLoss)
            return (a.isNaN ? .infinity : a) < (b.isNaN ? .infinity : b)
        }
        let shown =
            verbose == 2
            ? order
            : verbose == 1
                ? Array(order.prefix(5)) + (order.prefix(5).contains(selection.byTest) ? [] : [selection.byTest]) : []
        if !shown.isEmpty {
            // The sort key beside the configuration, the pick last: a narrow terminal hides the
            // middle columns first.
            let accuracy = outcomes.first?.candidate.testAccuracy != nil
            let rows = shown.map { index in
                let outcome = outcomes[index]
                var picks: [String] = []
                if index == selection.byValidation { picks.append("validation") }
                if index == selection.byTest { picks.append("test") }
                var row: [String] = ["#\(index + 1)", fixed(outcome.validationLoss)]
                row.append(NumberFormat.short(outcome.setting.learningRate))
                if batches.count > 1 { row.append(String(outcome.setting.batchSize)) }
                row.append(fixed(outcome.candidate.testLoss))
                if accuracy { row.append(outcome.candidate.testAccuracy.map(fixed) ?? "") }
                row.append(outcome.validationLoss.isFinite ? picks.joined(separator: ", ") : "diverged")
                return row
            }
            let headers =
                ["config", "val_loss", "lr"] + (batches.count > 1 ? ["batch"] : []) + ["test_loss"]
                + (accuracy ? ["test_acc"] : []) + ["chosen by"]
            outputs.append(
                .table(
                    Table(
                        headers: headers, rows: rows,
                        alignments: [.left] + Array(repeating: .right, count: headers.count - 2) + [.left])))
            if shown.count < outcomes.count {
                outputs.append(
                    .text("(the best \(min(5, shown.count)) by validation loss; all \(outcomes.count): verbose=2)"))
            }
        }
        guard diverged < outcomes.count else {
            outputs.append(
                .warning(
                    "every configuration diverged (its loss is not a number): nothing to choose or report; try "
                        + "smaller learning rates"))
            return Reply(outputs, value: value, display: display)
        }
        let byValidation = selection.byValidation
        let byTest = selection.byTest
        let accuracyPart =
            selection.accuracyOptimism.map { ", \(NumberFormat.fixed(100 * $0, decimals: 1)) points of accuracy" } ?? ""
        let reported = outcomes[byValidation].candidate
        let report =
            "report the validation choice's, \(fixed(reported.testLoss))"
            + (reported.testAccuracy.map { " (accuracy \(fixed($0)))" } ?? "")
        let divergedNote =
            diverged == 0
            ? "" : " \(diverged) of the \(outcomes.count) diverged (their loss is not a number) and are never chosen."
        // verbose=0: the figures in two lines, as train's verbose=0 keeps its last line.
        guard verbose > 0 else {
            outputs.append(
                .text(
                    "optimism of choosing on the test set: \(fixed(selection.optimism)) in loss\(accuracyPart); "
                        + report + "." + divergedNote))
            return Reply(outputs, value: value, display: display)
        }
        outputs.append(.text("chosen on validation: \(setting(byValidation)): \(scores(byValidation))"))
        outputs.append(.text("chosen on the test set: \(setting(byTest)): \(scores(byTest))"))
        let half = testRows / 2
        outputs.append(
            .text(
                "optimism of choosing on the test set: \(fixed(selection.optimism)) in loss\(accuracyPart). "
                    + "Chosen on a random \(half) of the \(testRows) test samples (by loss; by accuracy for the "
                    + "accuracy), the winner scores that much better on those \(half) than on the other "
                    + "\(testRows - half) (the mean of \(selection.splits) halvings). A test score that chose is no "
                    + "longer a test score: " + report + "." + divergedNote))
        outputs.append(.text("to train the validation choice again: " + again(outcomes[byValidation].setting)))
        return Reply(outputs, value: value, display: display)
    }

    func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    var display: String {
        "Search(\(outcomes.count) configuration\(outcomes.count == 1 ? "" : "s"): _.optimism, _.by_validation…)"
    }

    func record(_ index: Int) -> Object {
        let outcome = outcomes[index]
        var fields: [(String, Object)] = [
            ("config", .scalar(Value(Double(index + 1)))), ("lr", .scalar(Value(outcome.setting.learningRate))),
            ("batch", .scalar(Value(Double(outcome.setting.batchSize)))),
            ("seed", .scalar(Value(Double(outcome.setting.seed)))),
            ("val_loss", .scalar(Value(outcome.validationLoss))),
            ("test_loss", .scalar(Value(outcome.candidate.testLoss))),
        ]
        if let accuracy = outcome.validationAccuracy { fields.append(("val_accuracy", .scalar(Value(accuracy)))) }
        if let accuracy = outcome.candidate.testAccuracy { fields.append(("test_accuracy", .scalar(Value(accuracy)))) }
        return .record(name: "Configuration", fields: fields)
    }

    var value: Object {
        let diverged = outcomes.filter { !$0.validationLoss.isFinite }.count
        var fields: [(String, Object)] = [
            ("configurations", .scalar(Value(Double(outcomes.count)))),
            ("diverged", .scalar(Value(Double(diverged)))),
        ]
        // Every configuration diverged: nothing was chosen, nothing measured.
        guard diverged < outcomes.count else { return .record(name: "Search", fields: fields) }
        fields += [
            ("optimism", .scalar(Value(selection.optimism))),
            ("by_validation", record(selection.byValidation)), ("by_test", record(selection.byTest)),
        ]
        if let accuracy = selection.accuracyOptimism { fields.append(("accuracy_optimism", .scalar(Value(accuracy)))) }
        return .record(name: "Search", fields: fields)
    }
}
