import CFuzzDriver
import Datasets

/// Any bytes as an IDX file (raw, or gzip when they start with its magic bytes): a clear
/// error or a parsed file whose dimensions account for every byte, never a crash.
func fuzzIDX(_ input: UnsafeRawBufferPointer) -> CInt {
    let bytes = Array(input)
    guard let file = try? IDXFile(bytes) else { return 0 }
    let elements = file.dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
    precondition(
        file.bytes.count == elements, "IDX accepted \(file.bytes.count) bytes for dimensions \(file.dimensions)")
    return 0
}

/// libFuzzer's entry point (its own main calls it when the linker picks libFuzzer's main).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzIDX(UnsafeRawBufferPointer(start: data, count: size))
}

gb_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in testOneInput(data, size) }
