import CFuzzDriver
import Safetensors

/// Any bytes as a safetensors file (its JSON header included): a clear error, or a file
/// whose tensors hold exactly what their shapes say and which writes back to a file that
/// reads back the same — never a crash.
func fuzzSafetensors(_ input: UnsafeRawBufferPointer) -> CInt {
    guard let file = try? Safetensors(parsing: Array(input)) else { return 0 }
    for (name, tensor) in file.tensors {
        let count = tensor.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        precondition(count == tensor.values.count, "'\(name)' has \(tensor.values.count) values for \(tensor.shape)")
    }
    guard let written = try? file.serialized() else { return 0 }  // e.g. a tensor named twice is refused
    let again = try? Safetensors(parsing: written)
    precondition(
        again?.tensors.map(\.name) == file.tensors.map(\.name)
            && again?.tensors.map(\.tensor.shape) == file.tensors.map(\.tensor.shape),
        "a file read, written and read again changed")
    return 0
}

/// libFuzzer's entry point (its own main calls it when the linker picks libFuzzer's main).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzSafetensors(UnsafeRawBufferPointer(start: data, count: size))
}

gb_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in testOneInput(data, size) }
