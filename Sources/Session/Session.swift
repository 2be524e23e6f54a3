import Datasets
import Explain
import Foundation
import Lessons
import NeuralNet
import Optimizers
import Randomness
import ScalarGrad
import TensorGrad

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state of one notebook: variables, numbered outputs, input history, and what the
/// commands remember between cells (the last backward pass, the lesson in progress).
public final class Session {
    /// Variables in the order they were first defined.
    public private(set) var names: [String] = []
    private var variables: [String: Object] = [:]
    /// `Out[n]` for every cell that produced a value.
    package var outputs: [Int: Object] = [:]
    /// The most recent output (`_`).
    package var lastOutput: Object?
    /// Every input line, in order (`history`).
    package var inputs: [String] = []
    /// The root of the most recent backward pass, for `grad`.
    package var lastBackwardRoot: Value?
    /// The root of the most recent tensor backward pass.
    package var lastTensorRoot: Tensor?
    /// Every random draw (randn, rand, initial weights, dropout) comes from here; `seed N`
    /// replaces it so that everything after is reproducible.
    package var generator: SeededGenerator
    /// The seed in force, if one was set.
    package var seed: UInt64?
    /// Predictions left as `name = ?` (an exported lesson): what uses them is skipped.
    package var untypedPredictions: Set<String> = []
    /// The last cell stopped at a statement that needs an untyped prediction: a `check` in the
    /// next cell (an exported lesson's check cell) is skipped too.
    package var lastCellSkipped: String?
    /// The network being built with `model`/`add`.
    public var model: Sequential?
    /// The loss of the last `forward` with labels, for a bare `backward`.
    package var lastLoss: Tensor?
    /// The batch of the last `forward` with labels: what `step` trains the model on.
    package var lastBatch: (input: Tensor, labels: Tensor, loss: Loss)?
    /// Functions defined with `f(x, y) = …`, by name.
    package private(set) var functions: [String: UserFunction] = [:]
    /// How the model trains: what `compile`, `schedule`, `clip`, `callback` and `step batch=` set.
    package var training = TrainingConfiguration()
    /// A new model, new data or a training run makes the batch (and loss) of the last
    /// `forward` stale: `step` then draws fresh minibatches from the data, as `train` would.
    package func forgetBatch() {
        lastBatch = nil
        lastLoss = nil
        if run?.isModel == true { run = nil }
    }

    /// The run `step`, `state` and `undo` act on (a model or a function being minimized).
    package var run: TrainingRun?
    /// Where data and files are found.
    package var paths: Paths

    /// A path the user typed, with a leading `~/` replaced by the home directory.
    package func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = paths.homeDirectory else { return path }
        return home + path.dropFirst()
    }
    /// A path as a message shows it: relative to the working directory when it lies inside it
    /// (`Tests/Fixtures/mnist-small`, not the clone's absolute path), as given otherwise.
    package func shownPath(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath
        guard path.hasPrefix("/"), !here.isEmpty, here != "/" else { return path }
        let prefix = here.hasSuffix("/") ? here : here + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
    /// The data `train` and `evaluate` use.
    package var data = LoadedData()
    /// Every `train` of this session, epoch after epoch, run after run.
    package var runs = RunRecords()

    /// Makes `model` the network commands act on (`model`, `load model`): a new run, with
    /// no stale batch, and the optimizer's state forgotten (t = 0, as a new PyTorch optimizer).
    /// The hints already given (`'step' continues …`): each is printed once a session.
    package var hintsGiven: Set<String> = []

    /// `text` the first time it is asked for, nil after.
    package func hintOnce(_ text: String) -> String? {
        hintsGiven.insert(text).inserted ? text : nil
    }

    /// The layers (as written) of the last model whose summary was printed: `model` prints
    /// the summary of a model built again with the same layers once.
    package var summarizedLayers: String?

    public func install(model: Sequential) {
        self.model = model
        lastLoss = nil
        lastBatch = nil
        run = nil
        runs.start()
        training.optimizer?.resetState()
    }

    /// Where lessons are read from, and the lesson being followed.
    public var lessons: LessonLibrary
    /// The language lessons start in (`en`, `zh`): `--lang`, else the locale; `lesson N lang=…`
    /// overrides it per lesson.
    public var language = "en"
    package var lessonProgress: LessonProgress?
    /// Where each lesson was left, between sessions (set by the interactive front end only).
    public var bookmarks: LessonBookmarks?

    public init(
        lessons: LessonLibrary = LessonLibrary(directory: nil), seed: UInt64? = nil, dataDirectory: String? = nil
    ) {
        self.lessons = lessons
        self.seed = seed
        paths = Paths(
            dataDirectory: dataDirectory ?? Session.defaultDataDirectory, dataDirectoryIsDefault: dataDirectory == nil)
        var system = SystemRandomNumberGenerator()
        generator = SeededGenerator(seed: seed ?? system.next())
    }

    /// Ctrl-C, as the front end reports it (`Notebook.interruptRequested`).
    public var interruptRequested: () -> Bool = { false }

    public subscript(name: String) -> Object? { variables[name] }

    /// Binds `name`; an unlabelled Value takes the name as its label, so graphs read `e = a·b`.
    package func assign(_ name: String, _ object: Object) {
        if variables[name] == nil { names.append(name) }
        variables[name] = object
        switch object {
        case .scalar(let value) where value.label == nil: value.label = name
        case .tensor(let tensor) where tensor.label == nil: tensor.label = name
        default: break
        }
    }

    /// `data/mnist` under the current directory (the executable passes $GRADBOOK_DATA instead
    /// when it is set).
    package static let defaultDataDirectory = "data/mnist"

    /// A user function, or one of the built-in test functions.
    package func function(named name: String) -> UserFunction? {
        functions[name] ?? UserFunction.library.first { $0.name == name }
    }

    package var functionNames: [String] { Array(functions.keys) + UserFunction.library.map(\.name) }

    /// Defines (or redefines) a function.
    package func define(_ function: UserFunction) {
        functions[function.name] = function
    }

    /// Removes `name`; returns false if it was not defined.
    @discardableResult
    package func remove(_ name: String) -> Bool {
        if functions.removeValue(forKey: name) != nil { return true }
        guard variables.removeValue(forKey: name) != nil else { return false }
        names.removeAll { $0 == name }
        return true
    }

    /// Forgets every variable and output; the input history is kept (as IPython's `%reset`).
    /// What the cells built goes; the paths, the seed's generator and the lesson in progress
    /// stay.
    package func reset() {
        names = []
        variables = [:]
        outputs = [:]
        lastOutput = nil
        functions = [:]
        lastBackwardRoot = nil
        lastTensorRoot = nil
        lastLoss = nil
        lastBatch = nil
        model = nil
        run = nil
        training = TrainingConfiguration()
        data = LoadedData()
        runs = RunRecords()
        summarizedLayers = nil
        hintsGiven = []
    }

    /// The defined name closest to `name`, if one is close enough to be a likely typo.
    package func suggestion(for name: String) -> String? {
        Suggestion.closest(to: name, among: names)
    }
}

/// How the model trains: the optimizer and loss of `compile`, the schedule, clipping,
/// callbacks, and the minibatch of `step` — one value, so `reset` forgets it whole.
package struct TrainingConfiguration {
    /// The optimizer chosen with `compile`, and how `step` uses it.
    package var optimizer: Optimizer?
    /// The loss chosen with `compile … loss=NAME` (else the one `forward` inferred).
    public var loss: Loss?
    package var schedule: LearningRateSchedule?
    /// `schedule … per=batch`: train advances the schedule every batch instead of every epoch.
    package var schedulePerBatch = false
    package var clipping: GradientClipping?
    /// Callbacks for `train`.
    package var earlyStopping: EarlyStopping?
    /// Reduce the learning rate on a plateau: `train` watches `monitor` each epoch, `step` and
    /// `minimize` the loss each step (`callback reduce_lr` and `schedule plateau` set it).
    package var reduceOnPlateau: (plateau: ReduceOnPlateau, monitor: String)?
    /// The minibatch `step` draws from the training data (`step batch=B`); nil: all of it.
    package var stepBatch: Int? = 128

    public init() {}

    /// The plateau rule `step` and `minimize` apply per step (on the step's loss): the same one
    /// `train` applies per epoch (on its monitor).
    package var plateau: ReduceOnPlateau? {
        get { reduceOnPlateau?.plateau }
        set { reduceOnPlateau = newValue.map { (plateau: $0, monitor: reduceOnPlateau?.monitor ?? "val_loss") } }
    }

    /// The update every step and every batch of train goes through: clipping, then the schedule.
    package var updateRule: UpdateRule {
        UpdateRule(clipping: clipping, schedule: schedule, schedulePerBatch: schedulePerBatch)
    }
}

/// The data `train`, `evaluate` and `step` use.
package struct LoadedData {
    public var train: Dataset?
    package var test: Dataset?
    public init() {}
}

/// Every `train` of the session: the current run's history and the runs before it (one per
/// model), kept apart so they can be compared (`plot loss runs=a,b`).
package struct RunRecords {
    /// The current run's epochs.
    public var current = History()
    /// The current run's name (`train … name=`), `run1`, `run2`, … by default.
    package var currentName = "run1"
    /// Earlier runs, oldest first.
    package var past: [(name: String, history: History)] = []

    public init() {}

    /// A new model is a new run: the current one, if it trained, is kept under its name and
    /// the history starts again at epoch 1.
    public mutating func start() {
        guard !current.epochs.isEmpty else { return }  // nothing trained: the same run
        past.append((currentName, current))
        current = History()
        var number = past.count + 1
        while named("run\(number)") != nil { number += 1 }
        currentName = "run\(number)"
    }

    /// Every run with its history, the current one last.
    public var all: [(name: String, history: History)] {
        past + (current.epochs.isEmpty ? [] : [(currentName, current)])
    }

    /// A run's history by name (the current run included).
    package func named(_ name: String) -> History? {
        name == currentName ? current : past.last { $0.name == name }?.history
    }
}

/// Where `data mnist` and file commands look.
package struct Paths {
    /// Where `data mnist` looks by default ($GRADBOOK_DATA, --data DIR, or `data dir PATH`).
    public var dataDirectory: String
    /// True until a data directory is chosen (`--data`, `$GRADBOOK_DATA`, `data dir`).
    package var dataDirectoryIsDefault: Bool
    /// The small MNIST sample shipped in a checkout (Tests/Fixtures/mnist-small), which
    /// `data mnist` reads when no data directory was chosen and the default one is missing —
    /// so the lessons run on a fresh clone without a download.
    public var mnistSample: String?
    /// The user's home directory, for `~/` in paths (set by the front end; nil: no expansion).
    public var homeDirectory: String?

    public init(dataDirectory: String, dataDirectoryIsDefault: Bool) {
        self.dataDirectory = dataDirectory
        self.dataDirectoryIsDefault = dataDirectoryIsDefault
    }
}
