import CFuzzDriver
import Datasets

/// Any bytes through gunzip with a 1 MiB bound: an error or at most the bound, never a
/// crash, never more memory than the bound; a prefix is always the start of the whole.
func fuzzGunzip(_ input: UnsafeRawBufferPointer) -> CInt {
    let bytes = Array(input)
    let whole = try? Gzip.decompress(bytes, limit: 1 << 20)
    if let whole { precondition(whole.count <= 1 << 20, "gunzip returned \(whole.count) bytes past its limit") }
    if let head = try? Gzip.prefix(bytes, count: 64) {
        precondition(head.count <= 64, "a prefix of \(head.count) bytes")
        if let whole { precondition(Array(whole.prefix(64)) == head, "the prefix differs from the start of the whole") }
    }
    return 0
}

/// libFuzzer's entry point (its own main calls it when the linker picks libFuzzer's main).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzGunzip(UnsafeRawBufferPointer(start: data, count: size))
}

gb_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in testOneInput(data, size) }
