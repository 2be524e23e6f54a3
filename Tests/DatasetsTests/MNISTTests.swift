import DataDownload
import Foundation
import TestSupport
import Testing

@testable import Datasets

/// The real MNIST — the repository's slice of it, and the full set where this machine has
/// it — and what happens to damaged copies of it.
@Suite struct MNISTTests {
    static let directory = Fixtures.mnistSmall

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gradbook-mnist-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func fixtureIsTheFirstImagesOfMNIST() throws {
        let (train, test) = try MNIST.load(from: Self.directory)
        #expect(train.count == 1000 && test.count == 200)
        #expect(train.sampleShape == [784] && train.classCount == 10)
        // The first training labels of MNIST are 5 0 4 1 9, the first test labels 7 2 1 0 4.
        #expect((0..<5).map { train.label($0) } == [5, 0, 4, 1, 9])
        #expect((0..<5).map { test.label($0) } == [7, 2, 1, 0, 4])
        let sums = try Fixtures.mnistSmallChecksums()
        #expect(sums.count == 4)
        for (file, checksum) in sums {
            let content = try Gzip.decompress(try readBytes(Self.directory + "/" + file))
            #expect(
                Checksum.sha256(content) == checksum, "\(file) does not match Tests/Fixtures/mnist-small/SHA256SUMS")
        }
    }

    @Test(.enabled(if: Fixtures.fullMNIST != nil, Fixtures.fullMNISTMissing))
    func loadsTheStandardSplit() throws {
        let (train, test) = try MNIST.load(from: try #require(Fixtures.fullMNIST))
        #expect(train.count == 60000 && test.count == 10000)
        #expect(train.sampleShape == [784] && train.classCount == 10)
        // The first training label of MNIST is 5, the first test label 7.
        #expect(train.label(0) == 5 && test.label(0) == 7)
        let pixels = train.sample(0)
        #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 1 } && pixels.contains(1))
        var counts = [Int](repeating: 0, count: 10)
        for i in 0..<test.count { counts[Int(test.label(i) ?? 0)] += 1 }
        #expect(counts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    }

    @Test func readsRawIDXUnderTheOtherNaming() throws {
        let dir = try temporaryDirectory()
        for (gz, raw) in [
            ("train-images-idx3-ubyte.gz", "train-images.idx3-ubyte"),
            ("train-labels-idx1-ubyte.gz", "train-labels.idx1-ubyte"),
            ("t10k-images-idx3-ubyte.gz", "t10k-images.idx3-ubyte"),
            ("t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte"),
        ] {
            let bytes = try Gzip.decompress(try readBytes(Self.directory + "/" + gz))
            #expect(FileManager.default.createFile(atPath: dir + "/" + raw, contents: Data(bytes)))
        }
        let (train, test) = try MNIST.load(from: dir)
        #expect(train.count == 1000 && test.count == 200 && test.label(0) == 7)
    }

    @Test func damagedFilesAreDescribedPrecisely() throws {
        let labels = try Gzip.decompress(try readBytes(Self.directory + "/t10k-labels-idx1-ubyte.gz"))
        // Truncated raw file.
        #expect(
            throws: DatasetError.corrupt(
                "truncated: a 200 array of unsigned bytes needs 208 bytes, the file has 108 (100 missing)")
        ) {
            try IDXFile(Array(labels.prefix(108)))
        }
        // Extra bytes.
        #expect(throws: DatasetError.corrupt("3 bytes too many after a 200 array of unsigned bytes (208 expected)")) {
            try IDXFile(labels + [1, 2, 3])
        }
        // Bad magic number and unknown type.
        var bad = labels
        bad[0] = 7
        #expect(throws: DatasetError.corrupt("bad magic number 0x07000801: an IDX file starts with two zero bytes")) {
            try IDXFile(bad)
        }
        bad = labels
        bad[2] = 0x42
        #expect(throws: DatasetError.corrupt("unknown IDX element type 0x42 (known: 08, 09, 0B, 0C, 0D, 0E)")) {
            try IDXFile(bad)
        }
        #expect(throws: DatasetError.self) { try IDXFile([0, 0, 8]) }
        // A truncated gzip stream.
        let gz = try readBytes(Self.directory + "/t10k-labels-idx1-ubyte.gz")
        #expect {
            try IDXFile(Array(gz.prefix(gz.count / 2)))
        } throws: { error in
            (error as? DatasetError)?.description.hasPrefix("truncated: the compressed data ends after") == true
        }
        // Corrupt compressed bytes.
        var flipped = gz
        for i in 20..<60 { flipped[i] ^= 0xFF }
        #expect(throws: DatasetError.self) { try IDXFile(flipped) }
    }

    @Test func mismatchedAndMissingFilesAreNamed() throws {
        let dir = try temporaryDirectory()
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"] {
            try FileManager.default.copyItem(atPath: Self.directory + "/" + name, toPath: dir + "/" + name)
        }
        #expect(
            throws: DatasetError.missing(
                directory: dir, wanted: ["t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte"])
        ) { try MNIST.load(from: dir) }
        // Test labels that belong to the training set: counts disagree.
        try FileManager.default.copyItem(
            atPath: Self.directory + "/train-labels-idx1-ubyte.gz", toPath: dir + "/t10k-labels-idx1-ubyte.gz")
        #expect(
            throws: DatasetError.corrupt(
                "\(dir)/t10k-images-idx3-ubyte.gz has 200 images but \(dir)/t10k-labels-idx1-ubyte.gz has 1000 labels")
        ) {
            try MNIST.load(from: dir)
        }
        #expect(throws: DatasetError.self) { try MNIST.load(from: "/nonexistent/mnist") }
    }

    @Test(.enabled(if: Fixtures.fullMNIST != nil, Fixtures.fullMNISTMissing))
    func checksumsAreOfTheContent() throws {
        let directory = try #require(Fixtures.fullMNIST)
        for (file, checksum) in MNIST.checksums {
            let content = try Gzip.decompress(try readBytes(directory + "/" + file))
            #expect(Checksum.sha256(content) == checksum, "\(file)")
        }
    }
}
