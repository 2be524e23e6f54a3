import Lessons
import NeuralNet
import Session
import TestSupport
import Testing

@testable import Notebook

/// Options are declared data: every command refuses what it does not declare, checks values
/// on the way in, and help and completion read the same declarations.
@Suite struct OptionTests {
    let notebook = Notebook()

    func errorText(_ line: String) -> String? {
        guard let cell = notebook.execute(line) else { return nil }
        for case .error(let error) in cell.outputs { return error.description }
        return nil
    }

    /// Every command, given an option it does not declare, refuses it by name; a command that
    /// reads its text itself (an expression, a statement, layers) says what it read instead.
    @Test(arguments: Command.builtins.map(\.name))
    func everyCommandRefusesAnUnknownOption(_ name: String) throws {
        let command = try #require(notebook.registry.command(named: name))
        let before = notebook.session.names
        let error = errorText("\(name) zzz_bogus=1")
        switch command.parsing {
        case .raw:
            // no_grad and check read a statement (no_grad zzz_bogus=1 assigns); model reads layers.
            if name == "model" {
                #expect(error?.contains("zzz_bogus") == true, "\(name): \(error ?? "no error")")
            }
            return
        default:
            #expect(error?.contains("unknown option 'zzz_bogus='") == true, "\(name): \(error ?? "no error")")
            let flag = errorText("\(name) --zzz-bogus")
            #expect(flag?.contains("unknown option '--zzz-bogus'") == true, "\(name): \(flag ?? "no error")")
        }
        #expect(notebook.session.names == before)
    }

    /// A number option's value may be an expression (`lr=best / 10`), as in Keras' `lr=best_lr`;
    /// what is not a single number is refused as any other bad value.
    @Test func numberOptionsTakeExpressions() throws {
        _ = notebook.execute("best = 0.5; n = 3; half = 2.5")
        _ = notebook.execute("compile sgd lr=best/10")
        #expect(notebook.session.training.optimizer?.learningRate == 0.05)
        _ = notebook.execute("compile sgd lr=best")
        #expect(notebook.session.training.optimizer?.learningRate == 0.5)
        #expect(errorText("compile sgd lr=nothing")?.contains("lr= must be a number ≥ 0, got 'nothing'") == true)
        #expect(errorText("compile sgd lr=-best")?.contains("lr=-best (= -0.5) is out of range") == true)
        _ = notebook.execute("data moons n=100")
        _ = notebook.execute("model dense 2->4 relu, dense 4->2 softmax")
        #expect(errorText("train epochs=half")?.contains("epochs= must be a whole number") == true)
        #expect(errorText("train epochs=n") == nil)
        #expect(notebook.session.runs.current.epochs.count == 3)
    }

    @Test func typosGetTheClosestOptionAndNothingRuns() {
        _ = notebook.execute("data moons n=100")
        _ = notebook.execute("model dense 2->4 relu, dense 4->2 softmax")
        _ = notebook.execute("compile adam")
        #expect(errorText("train epoch=10")?.contains("unknown option 'epoch=' — did you mean 'epochs='?") == true)
        #expect(errorText("train bacth=16")?.contains("did you mean 'batch='?") == true)
        #expect(errorText("history --input")?.contains("did you mean '--inputs'?") == true)
        #expect(errorText("compile adam beta=0.5")?.contains("did you mean 'beta1='?") == true)
        #expect(errorText("compile adma")?.contains("unknown 'adma' — did you mean 'adam'?") == true)
        #expect(errorText("model dense 2->3 actvation=relu")?.contains("did you mean 'activation='?") == true)
        #expect(notebook.session.training.optimizer?.stepCount == 0, "no training ran")
        #expect(notebook.session.runs.current.epochs.isEmpty)
    }

    @Test func valuesAreCheckedAgainstTheirDeclaredRange() {
        #expect(
            errorText("train validation=1.5")?.contains("validation=1.5 is out of range: expected a number in [0, 1)")
                == true)
        #expect(errorText("compile adam lr=")?.hasPrefix("compile: lr= needs a value: a number ≥ 0") == true)
        #expect(errorText("compile adam amsgrad=maybe")?.contains("amsgrad= must be 1 or 0") == true)
        #expect(errorText("callback reduce_lr factor=2")?.contains("factor=2 is out of range") == true)
        #expect(errorText("data moons n=0")?.contains("n= must be a whole number 1…1,000,000, got 0") == true)
        #expect(errorText("forward x loss=crossentropy")?.contains("did you mean 'cross_entropy'?") == true)
        #expect(errorText("train epochs=3 epochs=4")?.contains("epochs= is given twice") == true)
        #expect(errorText("graph x --dot")?.contains("--dot needs FILE") == true)
    }

    @Test func optionsAreParsedWithTheirAliasesAndDefaults() throws {
        let options = [
            CommandOption.count("batch", in: 1...100, aliases: ["batch_size"], default: "32", "b"),
            CommandOption.boolean("shuffle", default: "1", "s"), CommandOption.flag("all", "a"),
            CommandOption.text("svg", "FILE", "f"),
        ]
        let given = try OptionValues(["x", "batch_size=64", "--svg", "a b.svg", "--all", "y"], options: options)
        #expect(given.positionals == ["x", "y"])
        #expect(given.count("batch") == 64)
        #expect(given.text("svg") == "a b.svg")
        #expect(given.flag("all") && given.flag("shuffle"), "shuffle is on by its declared default")
        let defaults = try OptionValues([], options: options)
        #expect(defaults.count("batch") == 32 && !defaults.flag("all") && !defaults.has("batch"))
        #expect(throws: OptionError.self) { try OptionValues(["--all=maybe"], options: options) }
        #expect(throws: OptionError.self) { try OptionValues(["batch=1e3"], options: options) }
    }

    @Test func helpListsTheOptionsOfACommandAndOfEachForm() throws {
        let train = try #require(notebook.registry.command(named: "train")).helpText(variant: nil).joined(
            separator: "\n")
        #expect(train.contains("epochs=N") && train.contains("batch_size=") && train.contains("default 32"))
        let adam = try #require(notebook.registry.command(named: "compile")).helpText(variant: "adam").joined(
            separator: "\n")
        #expect(adam.contains("options of compile adam:") && adam.contains("beta2=X") && adam.contains("default 0.999"))
        let compile = try #require(notebook.registry.command(named: "compile")).helpText(variant: nil).joined(
            separator: "\n")
        #expect(compile.contains("help compile adam"))
    }

    @Test func tabCompletesOptionNamesValuesAndFirstWords() {
        _ = notebook.execute("f(x) = x^2")
        #expect(notebook.completions(for: "train ep") == ["epochs="])
        #expect(
            notebook.completions(for: "train ") == [
                "batch=", "checkpoint=", "epochs=", "every=", "limit=", "name=", "shuffle=", "validation=", "verbose=",
                "watch=",
            ])
        #expect(notebook.completions(for: "train epochs=").isEmpty)
        #expect(notebook.completions(for: "model dense 2->8 soft") == ["softmax", "softplus"])
        #expect(
            notebook.completions(for: "compile ad") == ["adagrad", "adam", "adam_eps_inside", "adam_nobias", "adamw"])
        #expect(notebook.completions(for: "compile adam loss=sp") == ["sparse_categorical_crossentropy"])
        #expect(notebook.completions(for: "compile adam be") == ["beta1=", "beta2="])
        #expect(notebook.completions(for: "data mo") == ["moons"])
        #expect(notebook.completions(for: "data moons no") == ["noise="])
        let lessons = Notebook(session: Session(lessons: LessonLibrary(directory: packageRoot() + "/Lessons")))
        #expect(
            Set(lessons.completions(for: "lesson "))
                == Set(
                    LessonLibrary(directory: packageRoot() + "/Lessons").lessons.map { String($0.number) } + [
                        "export", "lang=",
                    ])
        )
        #expect(notebook.completions(for: "callback early_stopping monitor=val") == ["val_accuracy", "val_loss"])
        #expect(notebook.completions(for: "train --sh") == ["--shuffle"])
        #expect(notebook.completions(for: "minimize f from (1) with adam am") == ["amsgrad="])
    }

    /// What a newcomer tried and saw ignored: each is now refused by name.
    @Test func extraWordsConflictsAndOpenRangesAreRefused() {
        _ = notebook.execute("data moons n=100")
        _ = notebook.execute("model dense 2->4 relu, dense 4->2 softmax")
        _ = notebook.execute("compile adam")
        #expect(errorText("train epochs")?.contains("unexpected 'epochs' — did you mean epochs=N?") == true)
        #expect(errorText("train epochs=1 foo")?.contains("unexpected 'foo'") == true)
        #expect(errorText("summary extra")?.contains("unexpected 'extra'") == true)
        #expect(errorText("clip norm=1 value=1")?.contains("not both") == true)
        #expect(errorText("clip off norm=1")?.contains("takes no norm=") == true)
        #expect(errorText("data moons classes=5")?.contains("unknown option 'classes='") == true)
        #expect(errorText("data blobs classes=1")?.contains("classes= must be a whole number 2…10") == true)
        #expect(
            errorText("compile adam beta1=1")?.contains("beta1=1 is out of range: expected a number in [0, 1)") == true)
        #expect(errorText("compile adam eps=0")?.contains("eps=0 is out of range: expected a number > 0") == true)
        #expect(errorText("clip norm=0")?.contains("norm=0 is out of range: expected a number > 0") == true)
        #expect(errorText("callback reduce_lr factor=1")?.contains("expected a number in (0, 1)") == true)
        #expect(errorText("plot loss --svg=")?.contains("--svg= needs FILE") == true)
        #expect(errorText("model dense 2->8 relu tanh")?.contains("relu takes no parameters, got 'tanh'") == true)
        #expect(errorText("model dense 2->8, dropout 0.2 0.3")?.contains("dropout takes one rate") == true)
        #expect(
            errorText("model dense 2->8 leaky_relu 0.2 0.3")?.contains("leaky_relu takes slope, got '0.2 0.3'") == true)
        #expect(notebook.session.model?.layers.count == 2, "the model survives every refusal")
        // A slope written after the activation is used, inside a dense layer as in its own layer.
        _ = notebook.execute("model dense 2->3 leaky_relu 0.5, leaky_relu 0.25, dense 3->2 softmax")
        let layers = notebook.session.model?.layers ?? []
        #expect((layers.first as? Dense)?.activation == .leakyReLU(0.5))
        #expect((layers.dropFirst().first as? ActivationLayer)?.activation == .leakyReLU(0.25))
    }

    /// A schedule starts from the rate compile set, not from where an earlier schedule left it,
    /// and counts the model's epochs (a second train goes on from epoch 4, as Keras'
    /// initial_epoch); `schedule none` puts the compiled rate back.
    @Test func schedulesStartFromTheCompiledRate() throws {
        _ = notebook.execute("data moons n=100")
        _ = notebook.execute("model dense 2->4 relu, dense 4->2 softmax")
        _ = notebook.execute("compile sgd lr=0.1")
        _ = notebook.execute("schedule exponential gamma=0.5")
        _ = notebook.execute("train epochs=3")
        _ = notebook.execute("schedule step step_size=1 gamma=0.1")
        _ = notebook.execute("train epochs=2")
        let rates = notebook.session.runs.current.values("lr").compactMap { $0 }
        #expect(rates.count == 5)
        for (rate, expected) in zip(rates, [0.1, 0.05, 0.025, 1e-4, 1e-5]) {
            expectClose(rate, expected, tolerance: 1e-12)
        }
        _ = notebook.execute("schedule none")
        #expect(notebook.session.training.optimizer?.learningRate == 0.1)
    }

    /// Two classes and one sigmoid output train with binary cross-entropy without naming it.
    @Test func twoClassesAndOneOutputImplyBinaryCrossEntropy() {
        _ = notebook.execute("data moons n=100")
        _ = notebook.execute("model dense 2->4 relu, dense 4->1 sigmoid")
        _ = notebook.execute("compile adam")
        let cell = notebook.execute("train epochs=1")
        #expect(cell?.outputs.contains { if case .error = $0 { true } else { false } } == false)
        #expect(notebook.session.runs.current.epochs.count == 1)
    }
}

extension OptionTests {
    /// Every option a command declares appears in its usage line (`name=` or `--name`), so the
    /// synopsis never drifts from what the command takes. (Variants with many options — a
    /// catalog of optimizers or schedules — write `OPTION=VALUE …` and list them in help.)
    @Test(arguments: Command.builtins.map { $0.name })
    func usageMentionsEveryOption(_ name: String) throws {
        let command = try #require(Command.builtins.first { $0.name == name })
        // `model` reads its text itself (a list of layers, each with the layer options that
        // `add`'s usage lists); a catalog of optimizers or schedules writes `OPTION=VALUE …`.
        if case .raw = command.parsing { return }
        let open = command.usage.contains("OPTION=VALUE")
        for option in command.options + (open ? [] : command.variants.flatMap(\.options)) {
            let written = [option.name + "=", "--" + option.name] + option.aliases.map { $0 + "=" }
            #expect(
                written.contains { command.usage.contains($0) },
                "usage of \(name) lacks \(option.name): \(command.usage)")
        }
    }

    /// Every activation of the operation table is named where layers are written: add's
    /// usage and model's help (softplus was missing from both).
    @Test func layerHelpNamesEveryActivation() throws {
        let add = try #require(Command.builtins.first { $0.name == "add" })
        let model = try #require(Command.builtins.first { $0.name == "model" })
        for name in Activation.names where name != "linear" {
            #expect(add.usage.contains(name), "add's usage lacks \(name)")
            #expect(model.discussion.contains(name), "model's help lacks \(name)")
        }
    }
}
