import CZMQ
import Foundation
import JSON
import Notebook

/// Gradbook as a Jupyter kernel: the notebook interpreter behind the Jupyter messaging
/// protocol (5.3) over ZeroMQ. A second front end, beside the terminal: every cell runs
/// through the same `Notebook.execute`, and its outputs go out as Jupyter's messages.
///
/// Sockets, as the protocol has them: shell and control (requests and replies; control is
/// served first, also in the middle of a long `train`, so an interrupt or a shutdown gets
/// through), stdin (bound, unused: Gradbook never asks for input), iopub (everything a cell
/// shows, and busy/idle) and heartbeat (an echo on its own thread).
public final class Kernel {
    let notebook: Notebook
    let connection: Connection
    let signer: Signer
    /// One id for this kernel process, in every header it sends.
    let sessionID = UUID().uuidString.lowercased()
    let context: Context
    let shell: Socket
    let control: Socket
    let stdin: Socket
    let iopub: Socket
    /// Where problems are reported (dropped messages, unknown requests): the kernel's stderr,
    /// which Jupyter keeps in its log.
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(("[gradbook kernel] " + $0 + "\n").utf8)) }
    /// Polled between batches of a long command, beside the interrupt_request message: the
    /// front end sets it to its SIGINT flag (interrupt_mode "signal").
    public var signalInterrupt: () -> Bool = { false }

    private var running = true
    /// The request being executed, the parent of what it publishes.
    private var current: Message?
    /// An interrupt_request (or a shutdown) arrived during an execution.
    private var interruptPending = false
    private var lastControlPoll = 0.0

    public init(notebook: Notebook, connection: Connection) throws(KernelError) {
        self.notebook = notebook
        self.connection = connection
        signer = Signer(key: connection.key)
        context = try Context()
        shell = try Socket(context, type: ZMQ_ROUTER, name: "shell")
        control = try Socket(context, type: ZMQ_ROUTER, name: "control")
        stdin = try Socket(context, type: ZMQ_ROUTER, name: "stdin")
        iopub = try Socket(context, type: ZMQ_PUB, name: "iopub")
        try shell.bind(connection.endpoint(connection.shellPort))
        try control.bind(connection.endpoint(connection.controlPort))
        try stdin.bind(connection.endpoint(connection.stdinPort))
        try iopub.bind(connection.endpoint(connection.iopubPort))
        try Heartbeat.start(context, endpoint: connection.endpoint(connection.heartbeatPort))
        notebook.interruptRequested = { [unowned self] in self.interruptRequested() }
        notebook.progress = { [unowned self] event in self.progress(event) }
    }

    /// The process that started the kernel: when it is gone (killed, crashed), so is the
    /// kernel, as ipykernel does — nobody could ever shut it down.
    private let parent = getppid()

    private var orphaned: Bool {
        guard getppid() != parent else { return false }
        log("the process that started the kernel (\(parent)) is gone: exiting")
        return true
    }

    /// Serves requests until a shutdown_request (or the parent's end).
    public func run() {
        publish("status", ["execution_state": "starting"], parent: nil)
        while running {
            for socket in Socket.ready([control, shell], timeout: 1000) where running {
                receive(on: socket)
            }
            if orphaned { running = false }
        }
    }

    /// Reads one message from `socket` and handles it; a message that fails its signature (or
    /// is malformed) is dropped and logged, never handled.
    private func receive(on socket: Socket) {
        let frames: [[UInt8]]
        do throws(KernelError) { frames = try socket.receive() } catch {
            log(error.description)
            return
        }
        let request: Message
        do throws(Message.Refusal) { request = try Message(frames: frames, signer: signer) } catch {
            log("dropped a message on \(socket.name): \(error)")
            return
        }
        handle(request, on: socket)
    }

    // MARK: - Requests

    private func handle(_ request: Message, on socket: Socket) {
        publish("status", ["execution_state": "busy"], parent: request)
        defer { publish("status", ["execution_state": "idle"], parent: request) }
        switch request.type {
        case "kernel_info_request": reply(request, on: socket, KernelInfo.content)
        case "execute_request": execute(request, on: socket)
        case "complete_request": reply(request, on: socket, complete(request.content))
        case "inspect_request": reply(request, on: socket, inspect(request.content))
        case "is_complete_request": reply(request, on: socket, isComplete(request.content))
        case "history_request": reply(request, on: socket, history(request.content))
        case "comm_info_request": reply(request, on: socket, .object([("status", "ok"), ("comms", .object([]))]))
        case "interrupt_request":
            interruptPending = current != nil
            reply(request, on: socket, ["status": "ok"])
        case "shutdown_request":
            let restart = request.content["restart"]?.bool ?? false
            let content: JSON = .object([("status", "ok"), ("restart", .bool(restart))])
            reply(request, on: socket, content)
            publish("shutdown_reply", content, parent: request)
            running = false
            interruptPending = current != nil
        default:
            log("ignored a \(request.type.isEmpty ? "message without a type" : request.type) on \(socket.name)")
        }
    }

    private func reply(_ request: Message, on socket: Socket, _ content: JSON) {
        let type = request.type.replacingOccurrences(of: "_request", with: "_reply")
        let message = Message(
            identities: request.identities, header: Message.header(type: type, session: sessionID),
            parentHeader: request.header, metadata: .object([]), content: content)
        send(message, on: socket)
    }

    /// Publishes on iopub (topic: the message type, as ipykernel does).
    func publish(_ type: String, _ content: JSON, parent: Message?) {
        let message = Message(
            identities: [Array("kernel.\(sessionID).\(type)".utf8)],
            header: Message.header(type: type, session: sessionID),
            parentHeader: parent?.header ?? .object([]), metadata: .object([]), content: content)
        send(message, on: iopub)
    }

    private func send(_ message: Message, on socket: Socket) {
        do throws(KernelError) { try socket.send(message.frames(signer: signer)) } catch { log(error.description) }
    }

    // MARK: - Execute

    private func execute(_ request: Message, on socket: Socket) {
        let code = request.content["code"]?.string ?? ""
        let silent = request.content["silent"]?.bool ?? false
        _ = signalInterrupt()  // a Ctrl-C that arrived while idle is not for this cell
        interruptPending = false
        current = request
        defer {
            current = nil
            display = nil
        }
        if !silent {
            publish(
                "execute_input",
                .object([("code", .string(code)), ("execution_count", .number(Double(notebook.cellCount + 1)))]),
                parent: request)
        }
        let cell = notebook.execute(code)
        let count = Double(notebook.cellCount)
        var error: (name: String, value: String, traceback: [String])?
        let renderer = RichRenderer()
        if let cell {
            for output in cell.outputs.flatMap(renderer.render) {
                if case .error(let name, let value, let traceback) = output { error = (name, value, traceback) }
                if !silent { publish(output, parent: request) }
            }
            if !silent, let result = renderer.result(cell) {
                publish(
                    "execute_result",
                    .object([
                        ("execution_count", .number(count)), ("data", RichOutput.bundle(result)),
                        ("metadata", .object([])),
                    ]), parent: request)
            }
        }
        var content: [(key: String, value: JSON)] = [("execution_count", .number(count))]
        if let error {
            content =
                [("status", "error")] + content + [
                    ("ename", .string(error.name)), ("evalue", .string(error.value)),
                    ("traceback", .array(error.traceback.map(JSON.string))),
                ]
        } else {
            let quits = cell?.quits == true
            if quits, !silent {
                // jupyter console leaves on ask_exit; a notebook stays open and keeps its kernel.
                publish(
                    .stream(
                        name: "stdout",
                        text: "quit: a notebook's kernel is stopped from its menu (Kernel ▸ Shut Down Kernel); "
                            + "jupyter console leaves\n"), parent: request)
            }
            let payload: [JSON] = quits ? [.object([("source", "ask_exit"), ("keepkernel", false)])] : []
            content =
                [("status", "ok")] + content + [("payload", .array(payload)), ("user_expressions", .object([]))]
        }
        reply(request, on: socket, .object(content))
    }

    /// One output as its iopub message.
    private func publish(_ output: RichOutput, parent: Message) {
        switch output {
        case .stream(let name, let text):
            publish("stream", .object([("name", .string(name)), ("text", .string(text))]), parent: parent)
        case .display(let bundle):
            publish(
                "display_data",
                .object([("data", RichOutput.bundle(bundle)), ("metadata", .object([])), ("transient", .object([]))]),
                parent: parent)
        case .error(let name, let value, let traceback):
            publish(
                "error",
                .object([
                    ("ename", .string(name)), ("evalue", .string(value)),
                    ("traceback", .array(traceback.map(JSON.string))),
                ]), parent: parent)
        }
    }

    /// Ctrl-C for a long command: SIGINT, or an interrupt_request on control. Control is
    /// looked at every 50 ms at most (the evaluator asks at every node).
    private func interruptRequested() -> Bool {
        if signalInterrupt() { interruptPending = true }
        let now = ProgressEvent.now()
        if now - lastControlPoll > 0.05 {
            lastControlPoll = now
            while !Socket.ready([control], timeout: 0).isEmpty { receive(on: control) }
            if orphaned {
                running = false
                interruptPending = true
            }
        }
        return interruptPending
    }

    // MARK: - Progress: one display, updated in place

    /// The live display of a long command: its finished lines (the header, each epoch's line)
    /// and the bar being drawn.
    private var display: (id: String, lines: [String], live: String?, lastDraw: Double, lastEpoch: Int)?
    private let progressText = ProgressText()

    private func progress(_ event: ProgressEvent) {
        guard let parent = current else { return }
        if case .outputs(let outputs) = event {
            finishDisplay()
            for output in outputs.flatMap(RichRenderer().render) { publish(output, parent: parent) }
            return
        }
        if display == nil {
            if case .finished = event { return }
            display = ("progress-" + UUID().uuidString.lowercased(), [], nil, 0, 0)
            showDisplay(update: false)
        }
        guard var state = display else { return }
        var force = true
        switch event {
        case .trainingStarted(let epochs, let first, let batches, let samples, let validation, let fast):
            state.lastEpoch = first + epochs - 1
            state.lines.append(
                progressText.header(
                    epochs: epochs, batches: batches, samples: samples, validationSamples: validation, fastPath: fast))
        case .batch(let epoch, let batch, let batches, let loss, let accuracy, let seconds):
            if batch == 1 { state.lines.append("Epoch \(epoch)/\(state.lastEpoch)") }
            state.live = progressText.batchLine(
                batch: batch, batches: batches, loss: loss, accuracy: accuracy, seconds: seconds)
            force = batch == 1
        case .epoch(_, _, let logs, let seconds, let batches, let total):
            state.live = nil
            state.lines.append(progressText.epochLine(logs: logs, seconds: seconds, batches: batches, of: total))
        case .note(let note): state.lines.append(note)
        case .download(let file, let received, let expected):
            let percent = expected.map { " \(received * 100 / max($0, 1))%" } ?? ""
            state.live = "downloading \(file): \(received / 1024) KiB\(percent)"
            force = received == expected
        case .finished:
            display = state
            finishDisplay()
            return
        case .outputs: return
        }
        display = state
        let now = ProgressEvent.now()
        if force || now - state.lastDraw > 0.25 {
            display?.lastDraw = now
            showDisplay(update: true)
        }
    }

    private func showDisplay(update: Bool) {
        guard let state = display, let parent = current else { return }
        let text = (state.lines + (state.live.map { [$0] } ?? [])).joined(separator: "\n")
        publish(
            update ? "update_display_data" : "display_data",
            .object([
                ("data", .object([("text/plain", .string(text))])), ("metadata", .object([])),
                ("transient", .object([("display_id", .string(state.id))])),
            ]), parent: parent)
    }

    /// Draws the display's final text (no live bar) and forgets it.
    private func finishDisplay() {
        guard display != nil else { return }
        display?.live = nil
        showDisplay(update: true)
        display = nil
    }

    // MARK: - Completion, inspection, history

    /// The text before the cursor; Jupyter counts the cursor in Unicode code points.
    private func prefix(_ content: JSON) -> (code: String, cursor: Int, before: String) {
        let code = content["code"]?.string ?? ""
        let scalars = code.unicodeScalars
        let cursor = min(content["cursor_pos"]?.count(upTo: Int(Int32.max)) ?? scalars.count, scalars.count)
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars.prefix(cursor))
        return (code, cursor, String(before))
    }

    private func complete(_ content: JSON) -> JSON {
        let (_, cursor, before) = prefix(content)
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? before
        let word = Notebook.wordToComplete(in: line)
        let matches = notebook.completions(for: line)
        return .object([
            ("status", "ok"), ("matches", .array(matches.map(JSON.string))),
            ("cursor_start", .number(Double(cursor - word.unicodeScalars.count))),
            ("cursor_end", .number(Double(cursor))),
            ("metadata", .object([])),
        ])
    }

    private func inspect(_ content: JSON) -> JSON {
        let (code, _, before) = prefix(content)
        let after = code.unicodeScalars.dropFirst(before.unicodeScalars.count)
        let tail = String(String.UnicodeScalarView(after.prefix { Kernel.isWordCharacter(Character($0)) }))
        let word = Notebook.wordToComplete(in: before) + tail
        // The word at the cursor; after a command, the command with that word (`compile adam`).
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? before
        let command = line.split(separator: " ").first.map(String.init) ?? ""
        let candidates = (command.isEmpty || command == word ? [] : [command + " " + word]) + [word, command]
        guard let text = candidates.lazy.filter({ !$0.isEmpty }).compactMap(notebook.inspect).first else {
            return .object([("status", "ok"), ("found", false), ("data", .object([])), ("metadata", .object([]))])
        }
        return .object([
            ("status", "ok"), ("found", true), ("data", .object([("text/plain", .string(text))])),
            ("metadata", .object([])),
        ])
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func isComplete(_ content: JSON) -> JSON {
        let status = notebook.completeness(content["code"]?.string ?? "")
        return status == .incomplete
            ? .object([("status", .string(status.rawValue)), ("indent", "")]) : ["status": .string(status.rawValue)]
    }

    /// `[session, line, input]` per cell (`[session, line, [input, output]]` with `output`):
    /// the last n (tail), a range of cell numbers, or those matching a glob (search).
    private func history(_ content: JSON) -> JSON {
        var cells = notebook.cells
        switch content["hist_access_type"]?.string ?? "tail" {
        case "range":
            let start = content["start"]?.number.map(Int.init) ?? 1
            let stop = content["stop"]?.number.map(Int.init) ?? Int.max
            cells = cells.filter { $0.number >= start && $0.number < stop }
        case "search":
            let pattern = content["pattern"]?.string ?? "*"
            cells = cells.filter { Kernel.glob(pattern, matches: $0.input) }
            if content["unique"]?.bool == true {
                var seen = Set<String>()
                cells = cells.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            fallthrough
        default:
            if let n = content["n"]?.count(upTo: Int(Int32.max)) { cells = Array(cells.suffix(n)) }
        }
        let output = content["output"]?.bool ?? false
        let entries: [JSON] = cells.map { cell in
            let input = JSON.string(cell.input)
            return [0, .number(Double(cell.number)), output ? [input, cell.result.map(JSON.string) ?? .null] : input]
        }
        return .object([("status", "ok"), ("history", .array(entries))])
    }

    /// `*` matches any run of characters, `?` one: the glob of history's search.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var (i, j, star, mark) = (0, 0, -1, 0)
        while j < t.count {
            if i < p.count, p[i] == "?" || p[i] == t[j] {
                i += 1
                j += 1
            } else if i < p.count, p[i] == "*" {
                star = i
                mark = j
                i += 1
            } else if star >= 0 {
                i = star + 1
                mark += 1
                j = mark
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}

/// kernel_info_reply: who this kernel is and its language.
enum KernelInfo {
    static let content: JSON = .object([
        ("status", "ok"), ("protocol_version", .string(Message.protocolVersion)), ("implementation", "gradbook"),
        ("implementation_version", "1.0"),
        ("language_info", NotebookDocument.languageInfo),
        (
            "banner",
            "Gradbook — see how neural networks learn. 'help' lists commands, 'lesson 1' starts the first lesson."
        ),
    ])
}

/// The heartbeat: a REP socket on its own thread that echoes every message, so Jupyter sees
/// the kernel alive while a long `train` holds the main thread.
enum Heartbeat {
    static func start(_ context: Context, endpoint: String) throws(KernelError) {
        // Bind here, so a port already taken is an error at start, not a silent thread exit.
        let socket = try Socket(context, type: ZMQ_REP, name: "heartbeat")
        try socket.bind(endpoint)
        let box = SocketBox(socket: socket)
        Thread.detachNewThread {
            while let frames = try? box.socket.receive() {
                try? box.socket.send(frames)
            }
        }
    }

    /// The socket handed to the heartbeat thread, which is its only user from then on.
    final class SocketBox: @unchecked Sendable {
        let socket: Socket
        init(socket: Socket) { self.socket = socket }
    }
}
