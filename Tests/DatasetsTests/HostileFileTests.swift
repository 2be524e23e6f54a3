import Foundation
import TestSupport
import Testing

@testable import Datasets

/// Data files that crashed the loaders or were accepted silently (issue 8): each is refused
/// with a message that says what is wrong and where.
@Suite struct HostileFileTests {
    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        // Python's gzip, as the fixture script uses: the tests do not need a compressor of their own.
        let input = NSTemporaryDirectory() + "gradbook-gz-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: input + ".gz")
        }
        let result = try Subprocess.run(
            [
                "python3", "-c",
                "import gzip,sys; d=open(sys.argv[1],'rb').read(); "
                    + "open(sys.argv[1]+'.gz','wb').write(gzip.compress(d, mtime=0))",
                input,
            ], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        return try readBytes(input + ".gz")
    }

    @Test func idxDimensionsThatOverflowAreRefused() {
        let header: [UInt8] = [0, 0, 8, 3] + Array(repeating: 0xFF, count: 12)
        #expect {
            try IDXFile(header)
        } throws: { error in
            (error as? DatasetError)?.description
                == "the header declares a 4294967295×4294967295×4294967295 array of unsigned bytes, more than the "
                + "limit of 1,073,741,824 bytes per data file"
        }
        // Large but representable: also refused by the limit, before any allocation.
        #expect(throws: DatasetError.self) { try IDXFile([0, 0, 0x0E, 2, 0, 1, 0, 0, 0, 1, 0, 0]) }
    }

    @Test(.enabled(if: Tools.hasPython, "needs python3 to make gzip files"))
    func aGzipBombStopsAtTheSizeTheHeaderDeclares() throws {
        // An honest header for 10 labels, then 64 MiB of zeros: inflating stops after 18 bytes.
        let bomb = try gzip([0, 0, 8, 1, 0, 0, 0, 10] + [UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 100_000)
        #expect {
            try IDXFile(bomb)
        } throws: { error in
            (error as? DatasetError)?.description == "decompresses to more than the 18 bytes expected"
        }
        // And a header that claims 2^32 items is refused before inflating anything.
        let huge = try gzip([0, 0, 8, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x10] + [UInt8](repeating: 0, count: 1000))
        #expect(throws: DatasetError.self) { try IDXFile(huge) }
    }

    @Test(.enabled(if: Tools.hasPython, "needs python3 to make gzip files"))
    func trailingGarbageAfterTheGzipStreamIsRefusedButMembersAreRead() throws {
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]
        let gz = try gzip(labels)
        #expect(try IDXFile(gz).bytes == [1, 2, 3])
        #expect {
            try IDXFile(gz + Array("garbage".utf8))
        } throws: { error in
            (error as? DatasetError)?.description
                == "7 bytes of trailing data after the end of the gzip stream (a damaged or concatenated file?)"
        }
        // The magic bytes and too little after them: truncated, not "not gzip".
        #expect(throws: DatasetError.corrupt("truncated: 10 bytes, a gzip file has at least 18 (header and trailer)")) {
            try IDXFile(Array(gz.prefix(10)))
        }
        // Two gzip members are one file to gunzip, and to us.
        let first = try gzip(Array(labels.prefix(9)))
        let second = try gzip(Array(labels.suffix(2)))
        #expect(try IDXFile(first + second).bytes == [1, 2, 3])
    }

    @Test func imageSizesMustAgreeAndAreReportedAsFound() throws {
        let directory = NSTemporaryDirectory() + "gradbook-mnist14-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        try write(
            "train-images-idx3-ubyte",
            [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 14, 0, 0, 0, 14] + [UInt8](repeating: 7, count: 2 * 196))
        try write("train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 2, 3, 4])
        try write(
            "t10k-images-idx3-ubyte",
            [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 7, count: 784))
        try write("t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 1, 5])
        #expect(
            throws: DatasetError.corrupt(
                "\(directory): training images are 14×14 pixels but test images are 28×28; both sets must have the "
                    + "same size"
            )
        ) {
            try MNIST.load(from: directory)
        }
    }

    @Test(arguments: [
        ("nan", "'nan' is not a number"), ("inf", "'inf' is not a number"), ("-inf", "'-inf' is not a number"),
        ("1e39", "'1e39' is too large for a 32-bit float"), ("0x10", "'0x10' is not a number"),
        ("1\u{0}", "a NUL byte at offset"), ("", "'' is not a number"), ("1,5", "values, the header has"),
    ])
    func csvCellsThatAreNotFiniteNumbersAreNamed(_ cell: String, _ message: String) {
        let text = "a,b,label\n1,2,0\n3,\(cell),1\n"
        #expect {
            try CSV.parse(text, label: "label", name: "t.csv")
        } throws: { error in
            (error as? DatasetError)?.description.contains(message) == true
        }
    }

    @Test func csvLabelsBeyondTheClassLimitAreRefused() throws {
        for label in [
            "3000000000", "9223372036854775807", "100000000", "99999999999999999999999", "-1", "0.5", "nan", "1e20",
            "inf",
        ] {
            #expect(throws: DatasetError.self, "\(label)") {
                try CSV.parse("a,label\n1,0\n2,\(label)\n", label: "label", name: "t.csv")
            }
        }
        let numeric = #expect(throws: DatasetError.self) {
            try CSV.parse("a,label\n1,0\n2,100000000\n", label: "label", name: "t.csv")
        }
        #expect(
            numeric?.description
                == "t.csv line 3: class label 100000000 would make 100000000 + 1 classes, more than the limit of "
                + "1,000 classes (use --regression for real-valued targets)"
        )
        let many = "a,label\n" + (0..<20_000).map { "\($0),class\($0)" }.joined(separator: "\n")
        let named = #expect(throws: DatasetError.self) { try CSV.parse(many, label: "label", name: "t.csv") }
        #expect(
            named?.description.hasPrefix(
                "t.csv line 1002: label 'class1000' is class number 1001, more than the limit of 1,000 classes") == true
        )
        let fraction = #expect(throws: DatasetError.self) {
            try CSV.parse("a,label\n1,0\n2,0.5\n", label: "label", name: "t.csv")
        }
        #expect(
            fraction?.description
                == "t.csv line 3: label '0.5' is not a class index (a whole number 0…999); for real-valued targets "
                + "use --regression"
        )
        // Names are names, even when some look like numbers.
        #expect(try CSV.parse("a,label\n1,cat\n2,7\n", label: "label").classNames == ["cat", "7"])
        // At the limit, all is well.
        let thousand = "a,label\n" + (0..<1000).map { "\($0),\($0)" }.joined(separator: "\n")
        #expect(try CSV.parse(thousand, label: "label").classCount == 1000)
        // A regression target may be any finite number.
        #expect(try CSV.parse("a,y\n1,3000000000\n", label: "y", regression: true).count == 1)
    }

    /// An IDX file of zero images is well formed, but no command can use an empty set.
    @Test func emptySetsAreRefusedWhereTheyAreMade() throws {
        let directory = NSTemporaryDirectory() + "gradbook-mnist0-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        for prefix in ["train", "t10k"] {
            try write("\(prefix)-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28])
            try write("\(prefix)-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 0])
        }
        #expect(throws: DatasetError.invalid("mnist train: no samples")) { try MNIST.load(from: directory) }
    }
}
