import ArgumentParser
import Foundation
import JSON
import JupyterKernel
import Lessons
import LineEditing
import Notebook

/// `gradbook kernel -f FILE` (Jupyter starts this) and `gradbook kernel install`.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Gradbook as a Jupyter kernel: 'gradbook kernel install', then pick Gradbook in JupyterLab.",
        subcommands: [Serve.self, Install.self],
        defaultSubcommand: Serve.self
    )

    /// `gradbook kernel -f CONNECTION_FILE`: speaks the Jupyter protocol until shut down.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve", abstract: "Run as a kernel on a connection file (what Jupyter starts).")

        @ArgumentParser.Option(name: .customShort("f"), help: ArgumentHelp("The connection file.", valueName: "FILE"))
        var connectionFile: String

        @OptionGroup var setup: Setup

        func run() throws {
            let connection: Connection
            do {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: connectionFile)))
                connection = try Connection(json: try JSON(parsing: bytes))
            } catch {
                FileHandleOutput.error("gradbook kernel: \(connectionFile): \(error)\n")
                throw ExitCode(2)
            }
            let notebook = setup.notebook()
            let kernel: Kernel
            do { kernel = try Kernel(notebook: notebook, connection: connection) } catch {
                FileHandleOutput.error("gradbook kernel: \(error)\n")
                throw ExitCode(1)
            }
            // interrupt_mode "signal": SIGINT stops a long command between batches, not the kernel.
            Interrupts.install()
            kernel.signalInterrupt = { Interrupts.take() }
            kernel.run()
        }
    }

    /// `gradbook kernel install [--user | --prefix DIR]`: writes the kernelspec.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the kernelspec, so Jupyter (JupyterLab, Notebook, console, nbclient) can start Gradbook."
        )

        @Flag(help: "Into your Jupyter data directory (the default).")
        var user = false

        @ArgumentParser.Option(
            help: ArgumentHelp("Into DIR/share/jupyter/kernels (a virtual environment's prefix).", valueName: "DIR"))
        var prefix: String?

        @OptionGroup var setup: Setup

        func validate() throws {
            if user, prefix != nil { throw ValidationError("--user and --prefix choose two places: give one") }
            if prefix?.isEmpty == true { throw ValidationError("--prefix needs a directory, got an empty name") }
            for (option, path) in [("--lessons", setup.lessons), ("--data", setup.data)] {
                guard let path else { continue }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw ValidationError(
                        "\(option) \(path): no such directory (every kernel Jupyter starts would look there)")
                }
            }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let directory =
                prefix.map { KernelSpec.prefixDirectory(URL(fileURLWithPath: $0).standardizedFileURL.path) }
                ?? KernelSpec.userDirectory(home: environment["HOME"] ?? NSHomeDirectory(), environment: environment)
            // Options given here are given to every kernel Jupyter starts.
            var extra: [String] = []
            if let lessons = setup.lessons {
                extra += ["--lessons", URL(fileURLWithPath: lessons).standardizedFileURL.path]
            }
            if let data = setup.data { extra += ["--data", URL(fileURLWithPath: data).standardizedFileURL.path] }
            if let limit = setup.maxMemory { extra += ["--max-memory", limit] }
            if let lang = setup.lang { extra += ["--lang", lang] }
            let executable = Self.executablePath()
            do {
                let files = try KernelSpec.install(into: directory, executable: executable, extraArguments: extra)
                print("installed the Gradbook kernel in \(directory):")
                for file in files { print("  " + file) }
                print(
                    "'jupyter kernelspec list' shows it"
                        + (prefix == nil ? "" : " when Jupyter runs in the Python environment of that prefix")
                        + "; in JupyterLab, pick Gradbook in the launcher.")
                if executable.contains("/.build/") {
                    print(
                        "note: kernel.json names \(executable), in a build folder: every kernel runs whatever the "
                            + "last 'swift build' left there, and none starts once .build is removed or the checkout "
                            + "moves. For a lasting install (a hub, an image), scripts/install puts gradbook in "
                            + "PREFIX/bin and installs the kernel from there.")
                }
            } catch {
                FileHandleOutput.error("gradbook kernel install: \(error)\n")
                throw ExitCode(1)
            }
        }

        /// This executable's absolute path (Jupyter starts the kernel from any directory).
        static func executablePath() -> String {
            URL(fileURLWithPath: LessonLibrary.executable).standardizedFileURL.resolvingSymlinksInPath().path
        }
    }
}
