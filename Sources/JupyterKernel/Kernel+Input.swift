import Foundation
import JSON
import Notebook
import Rendering

/// A step-through (`backward L --step`) in a notebook: one page, then an input_request on the
/// stdin channel, as ipdb asks in ipykernel; Enter shows the next page, `q` the rest at once.
/// A front end that allows no stdin (nbclient, papermill, nbconvert) gets every page at once,
/// with a line saying so.
extension Kernel {
    /// Publishes outputs in order: step-throughs page by page, the rest in runs (pictures as
    /// one strip).
    func publishOutputs(_ outputs: some Collection<Output>, request: Message) {
        var run: [Output] = []
        func flush() {
            for rich in RichRenderer().render(outputs: run) { publish(rich, parent: request) }
            run = []
        }
        for output in outputs {
            guard case .steps(let title, let pages) = output else {
                run.append(output)
                continue
            }
            flush()
            if !publishSteps(title: title, pages: pages, request: request, allowStdin: allowStdin) {
                stepsInterrupted = true
            }
        }
        flush()
    }

    /// What the input box says between pages.
    static let stepPrompt = "[Enter: next step · q: the rest at once] "

    /// Publishes `pages` one at a time, each after the learner's Enter (the first at once);
    /// false when an interrupt stopped it at a prompt.
    @discardableResult
    func publishSteps(title: String, pages: [[Output]], request: Message, allowStdin: Bool) -> Bool {
        let renderer = TextRenderer()
        func show(_ index: Int) {
            let text = renderer.render(step: title, page: pages[index], index: index, of: pages.count)
            publish(.stream(name: "stdout", text: text + "\n"), parent: request)
        }
        guard allowStdin, pages.count > 1 else {
            if pages.count > 1 {
                publish(
                    .stream(
                        name: "stdout",
                        text: "(all \(pages.count) steps at once: this front end takes no input; in JupyterLab or "
                            + "jupyter console each step waits for Enter)\n"), parent: request)
            }
            pages.indices.forEach(show)
            return true
        }
        for index in pages.indices {
            show(index)
            guard index < pages.count - 1 else { break }
            guard let answer = input(prompt: Kernel.stepPrompt, request: request) else {
                publish(
                    .stream(
                        name: "stdout",
                        text: "(stopped: steps \(index + 2)–\(pages.count) of \(pages.count) are not shown)\n"),
                    parent: request)
                return false
            }
            if answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("q") {
                (index + 1..<pages.count).forEach(show)
                return true
            }
        }
        return true
    }

    /// Asks the front end for a line (input_request on stdin, to the client that sent
    /// `request`) and waits for its input_reply; nil after an interrupt or a shutdown.
    func input(prompt: String, request: Message) -> String? {
        let message = Message(
            identities: request.identities, header: Message.header(type: "input_request", session: sessionID),
            parentHeader: request.header, metadata: .object([]),
            content: .object([("prompt", .string(prompt)), ("password", false)]))
        send(message, on: stdin)
        while true {
            if interruptRequested() { return nil }
            guard !Socket.ready([stdin], timeout: 100).isEmpty else { continue }
            let frames: [[UInt8]]
            do throws(KernelError) { frames = try stdin.receive() } catch {
                log(error.description)
                continue
            }
            guard let reply = try? Message(frames: frames, signer: signer), reply.type == "input_reply" else {
                log("dropped a message on stdin that is not a signed input_reply")
                continue
            }
            return reply.content["value"]?.string ?? ""
        }
    }
}
