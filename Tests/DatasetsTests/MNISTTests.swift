import Foundation
import Testing
import TestSupport
@testable import Datasets

/// The real MNIST from ../shared/data/mnist, and what happens to damaged copies of it.
@Suite struct MNISTTests {
    static let directory = packageRoot() + "/../shared/data/mnist"

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gradbook-mnist-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func loadsTheStandardSplit() throws {
        let (train, test) = try MNIST.load(from: Self.directory)
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
        for (gz, raw) in [("train-images-idx3-ubyte.gz", "train-images.idx3-ubyte"), ("train-labels-idx1-ubyte.gz", "train-labels.idx1-ubyte"),
                          ("t10k-images-idx3-ubyte.gz", "t10k-images.idx3-ubyte"), ("t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte")] {
            let bytes = try Gzip.decompress(try readBytes(Self.directory + "/" + gz))
            #expect(FileManager.default.createFile(atPath: dir + "/" + raw, contents: Data(bytes)))
        }
        let (train, test) = try MNIST.load(from: dir)
        #expect(train.count == 60000 && test.count == 10000 && test.label(0) == 7)
    }

    @Test func damagedFilesAreDescribedPrecisely() throws {
        let labels = try Gzip.decompress(try readBytes(Self.directory + "/t10k-labels-idx1-ubyte.gz"))
        // Truncated raw file.
        #expect(throws: DatasetError.corrupt("truncated: a 10000 array of unsigned bytes needs 10008 bytes, the file has 5008 (5000 missing)")) {
            try IDXFile(Array(labels.prefix(5008)))
        }
        // Extra bytes.
        #expect(throws: DatasetError.corrupt("3 bytes too many after a 10000 array of unsigned bytes (10008 expected)")) { try IDXFile(labels + [1, 2, 3]) }
        // Bad magic number and unknown type.
        var bad = labels
        bad[0] = 7
        #expect(throws: DatasetError.corrupt("bad magic number 0x07000801: an IDX file starts with two zero bytes")) { try IDXFile(bad) }
        bad = labels
        bad[2] = 0x42
        #expect(throws: DatasetError.corrupt("unknown IDX element type 0x42 (known: 08, 09, 0B, 0C, 0D, 0E)")) { try IDXFile(bad) }
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
        #expect(throws: DatasetError.missing(directory: dir, wanted: ["t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte"])) { try MNIST.load(from: dir) }
        // Test labels that belong to the training set: counts disagree.
        try FileManager.default.copyItem(atPath: Self.directory + "/train-labels-idx1-ubyte.gz", toPath: dir + "/t10k-labels-idx1-ubyte.gz")
        #expect(throws: DatasetError.corrupt("\(dir)/t10k-images-idx3-ubyte.gz has 10000 images but \(dir)/t10k-labels-idx1-ubyte.gz has 60000 labels")) {
            try MNIST.load(from: dir)
        }
        #expect(throws: DatasetError.self) { try MNIST.load(from: "/nonexistent/mnist") }
    }

    @Test func checksumsAreOfTheContent() throws {
        for (file, checksum) in MNIST.checksums {
            let content = try Gzip.decompress(try readBytes(Self.directory + "/" + file))
            #expect(SHA256.hex(content) == checksum, "\(file)")
        }
    }
}
