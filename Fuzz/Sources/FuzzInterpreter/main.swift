import CFuzzDriver
import Foundation
import Notebook
import Session

/// Any bytes as a notebook session: each line a cell, in one session, as a user would type
/// them. Whatever the line, the interpreter answers with output or an error and the process
/// lives on; a line that fails leaves the session's variables as they were.
///
/// Long commands are stopped the way a user stops them, by an interrupt: `interruptRequested`
/// answers true once a cell has run for half a second. Lines that would reach the network
/// (`data download`) are skipped. The fuzzer runs in a scratch directory (scripts/fuzz), so
/// files a line writes (`--dot`, `--svg`) land there.
func fuzzInterpreter(_ input: UnsafeRawBufferPointer) -> CInt {
    let text = String(decoding: input, as: UTF8.self)
    let notebook = Notebook(session: Session(seed: 1, dataDirectory: "."))
    var cellStart = Date()
    notebook.interruptRequested = { Date().timeIntervalSince(cellStart) > 0.5 }
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(64) {
        if line.contains("download") { continue }
        let before = notebook.session.names.map { name in "\(name)=\(notebook.session[name]?.display ?? "")" }
        cellStart = Date()
        guard let cell = notebook.execute(String(line)) else { continue }
        let failed = cell.outputs.contains { if case .error = $0 { true } else { false } }
        if failed, !line.contains(";") {
            let after = notebook.session.names.map { name in "\(name)=\(notebook.session[name]?.display ?? "")" }
            precondition(after == before, "a failing line changed the variables: \(line.prefix(200))")
        }
    }
    return 0
}

/// libFuzzer's entry point (its own main calls it when the linker picks libFuzzer's main).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzInterpreter(UnsafeRawBufferPointer(start: data, count: size))
}

gb_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in testOneInput(data, size) }
