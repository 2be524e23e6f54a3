import CFuzzDriver
import Datasets

/// Any bytes as a CSV file, labelled by its last header column: a clear error, or a data set
/// whose every feature is a finite number and whose labels fit its classes.
func fuzzCSV(_ input: UnsafeRawBufferPointer) -> CInt {
    let text = String(decoding: input, as: UTF8.self)
    let header = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    let label = header.split(separator: ",").last.map { String($0).trimmingCharacters(in: " \t\"") } ?? "label"
    for regression in [false, true] {
        guard let data = try? CSV.parse(text, label: label, regression: regression, name: "fuzz.csv") else { continue }
        for row in 0..<data.count {
            precondition(data.sample(row).allSatisfy(\.isFinite), "CSV accepted a non-finite feature in row \(row)")
        }
    }
    return 0
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

/// libFuzzer's entry point (its own main calls it when the linker picks libFuzzer's main).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzCSV(UnsafeRawBufferPointer(start: data, count: size))
}

gb_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in testOneInput(data, size) }
