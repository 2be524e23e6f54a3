import Testing

@testable import Limits

@Suite struct CountTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, 1e30, 9.3e18, 2.5, -1, 0])
    func refusesWhatIsNotACountInRange(_ x: Double) {
        #expect(throws: RangeError.self) { try Count.from(x, "epochs", atLeast: 1, limit: .epochs) }
    }

    @Test func acceptsWholeNumbersInRange() throws {
        #expect(try Count.from(1, "epochs", limit: .epochs) == 1)
        #expect(try Count.from(Double(Limit.epochs.value), "epochs", limit: .epochs) == Limit.epochs.value)
        #expect(try Count.from("128", "batch", in: 1...Int.max) == 128)
        #expect(try Count.from("1e3", "steps", limit: .steps) == 1000)
    }

    @Test func textThatIsNotADecimalNumberIsNamed() {
        for text in ["abc", "0x10", "nan", "inf", "", "1.5"] {
            #expect(throws: RangeError.self, "\(text)") { try Count.from(text, "n", in: 0...10) }
        }
    }

    @Test func messageNamesArgumentValueRangeAndLimit() {
        do {
            _ = try Count.from(1e30, "epochs", limit: .epochs)
            Issue.record("1e30 epochs was accepted")
        } catch {
            #expect(
                error.description == "epochs must be a whole number 1…100,000, got 1e+30 (the limit is 100,000 epochs)")
        }
        do {
            _ = try Count.from(.nan, "steps=", in: 1...10)
            Issue.record("nan was accepted")
        } catch {
            #expect(error.description == "steps= must be a whole number 1…10, got nan")
        }
    }

    @Test func elementCountsOverflowToNil() {
        #expect(Count.elements([3_037_000_500, 3_037_000_500]) == nil)
        #expect(Count.elements([2, 3, 4]) == 24)
        #expect(Count.elements([]) == 1)
        #expect(Count.elements([0, Int.max]) == 0)
        #expect(Count.elements([-1, 3]) == nil)
        #expect(Count.product(Int.max, 2) == nil)
    }

    @Test func limitsPrintWithTheirUnit() {
        #expect(Limit.tensorElements.description == "100,000,000 elements per tensor")
        #expect(Limit.grouped(-1234) == "-1,234")
        #expect(Set(Limit.all.map(\.name)).count == Limit.all.count)
    }
}

/// Sizes as a teacher writes them, in powers of 1024 as Docker and JupyterHub read `mem_limit`.
@Suite struct MemoryLimitParsingTests {
    @Test func sizesReadAsDockerReadsThem() {
        #expect(MemoryLimit.parse("512M") == 512 << 20)
        #expect(MemoryLimit.parse("1.5G") == 3 << 29)
        #expect(MemoryLimit.parse("2GiB") == 2 << 30)
        #expect(MemoryLimit.parse("256mb") == 256 << 20)
        #expect(MemoryLimit.parse("800000000") == 800_000_000)
        for bad in ["", "lots", "-1G", "0", "nanM", "1e30G", "G"] { #expect(MemoryLimit.parse(bad) == nil, "\(bad)") }
        #expect(MemoryLimit.format(95 << 20 + 300 << 10) == "95.2 MB")
        #expect(MemoryLimit.format(256 << 20) == "256 MB")
        #expect(MemoryLimit.format(3 << 29) == "1.5 GB")
        #expect(MemoryLimit.resident() > 1 << 20, "a process has more than a mebibyte resident")
    }
}
