import CZMQ
import Foundation
import JSON
import Notebook
import Rendering

/// Gradbook as a Jupyter kernel: the notebook interpreter behind the Jupyter messaging
/// protocol (5.3) over ZeroMQ. A second front end, beside the terminal: every cell runs
/// through the same `Notebook.execute`, and its outputs go out as Jupyter's messages.
///
/// Sockets, as the protocol has them: shell and control (requests and replies; control is
/// served first, also in the middle of a long `train`, so an interrupt or a shutdown gets
/// through), stdin (a step-through's Enter between pages, when the front end allows it), iopub
/// (everything a cell shows, and busy/idle) and heartbeat (an echo on its own thread).
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
    var current: Message?
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
        notebook.redrawsPictures = true
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

    /// What control serves: it is read while a cell runs (for Ctrl-C), so a request that would
    /// run the interpreter there would re-enter it mid-cell.
    static let controlRequests: Set<String> = ["kernel_info_request", "interrupt_request", "shutdown_request"]

    private func handle(_ request: Message, on socket: Socket) {
        if socket === control, !Kernel.controlRequests.contains(request.type) {
            log("refused \(request.type) on control (it takes interrupt, shutdown and kernel_info only)")
            if request.type.hasSuffix("_request") {
                reply(
                    request, on: socket,
                    .object([
                        ("status", "error"), ("ename", "ControlChannel"),
                        ("evalue", .string("\(request.type) belongs on the shell channel, not control")),
                        ("traceback", .array([])),
                    ]))
            }
            return
        }
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

    func send(_ message: Message, on socket: Socket) {
        do throws(KernelError) { try socket.send(message.frames(signer: signer)) } catch { log(error.description) }
    }

    // MARK: - Execute

    private func execute(_ request: Message, on socket: Socket) {
        let code = request.content["code"]?.string ?? ""
        let silent = request.content["silent"]?.bool ?? false
        _ = signalInterrupt()  // a Ctrl-C that arrived while idle is not for this cell
        interruptPending = false
        current = request
        self.silent = silent
        allowStdin = request.content["allow_stdin"]?.bool ?? false
        stepsInterrupted = false
        progressState = ProgressState()
        defer { current = nil }
        if !silent {
            publish(
                "execute_input",
                .object([("code", .string(code)), ("execution_count", .number(Double(notebook.cellCount + 1)))]),
                parent: request)
        }
        let cell = notebook.execute(code)
        progress(.finished)  // a live line left open ends before the cell's last outputs
        let count = Double(notebook.cellCount)
        var error: (name: String, value: String, traceback: [String])?
        let renderer = RichRenderer()
        if let cell {
            // The cell's status: its last error, also one already delivered (a failed check).
            for output in cell.outputs {
                switch output {
                case .error, .check(passed: false, _):
                    for case .error(let name, let value, let traceback) in renderer.render(output) {
                        error = (name, value, traceback)
                    }
                default: continue
                }
            }
            if !silent { publishOutputs(cell.undelivered, request: request) }
            if !silent, let result = renderer.result(cell) {
                publish(
                    "execute_result",
                    .object([
                        ("execution_count", .number(count)), ("data", RichOutput.bundle(result)),
                        ("metadata", .object([])),
                    ]), parent: request)
            }
        }
        if stepsInterrupted, error == nil {
            // As input() answers Ctrl-C in IPython: the cell ends with KeyboardInterrupt.
            error = ("KeyboardInterrupt", "stopped at a step-through's prompt", [])
            if !silent {
                publish(
                    .error(name: "KeyboardInterrupt", value: "stopped at a step-through's prompt", traceback: []),
                    parent: request)
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
    func publish(_ output: RichOutput, parent: Message) {
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
    func interruptRequested() -> Bool {
        if signalInterrupt() { interruptPending = true }
        let now = LiveProgress.now()
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

    // A long command's progress, written to stdout (Kernel+Progress.swift).
    var progressState = ProgressState()
    let progressText = ProgressText()
    /// The request being executed asked for no output (`silent`).
    var silent = false
    /// The request being executed lets the kernel ask for input (`allow_stdin`).
    var allowStdin = false
    /// An interrupt stopped a step-through at its prompt: the cell ends as interrupted.
    var stepsInterrupted = false
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
