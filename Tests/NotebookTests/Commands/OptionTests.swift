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
        #expect(notebook.session.optimizer?.stepCount == 0, "no training ran")
        #expect(notebook.session.trainingHistory.epochs.isEmpty)
    }

    @Test func valuesAreCheckedAgainstTheirDeclaredRange() {
        #expect(
            errorText("train validation=1.5")?.contains("validation=1.5 is out of range: expected a number in 0…0.99")
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
            Option.count("batch", in: 1...100, aliases: ["batch_size"], default: "32", "b"),
            Option.boolean("shuffle", default: "1", "s"), Option.flag("all", "a"),
            Option.text("svg", "FILE", "f"),
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
        #expect(notebook.completions(for: "compile ad") == ["adagrad", "adam", "adam_nobias", "adamw"])
        #expect(notebook.completions(for: "compile adam loss=sp") == ["sparse_categorical_crossentropy"])
        #expect(notebook.completions(for: "compile adam be") == ["beta1=", "beta2="])
        #expect(notebook.completions(for: "data mo") == ["moons"])
        #expect(notebook.completions(for: "data moons no") == ["noise="])
        let lessons = Notebook(session: Session(lessons: LessonLibrary(directory: packageRoot() + "/Lessons")))
        #expect(lessons.completions(for: "lesson ") == ["1", "2"])
        #expect(notebook.completions(for: "callback early_stopping monitor=val") == ["val_accuracy", "val_loss"])
        #expect(notebook.completions(for: "train --sh") == ["--shuffle"])
        #expect(notebook.completions(for: "minimize f from (1) with adam am") == ["amsgrad="])
    }
}
