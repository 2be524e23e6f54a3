import Foundation
import Limits

/// MNIST (and Fashion-MNIST): the four IDX files of a directory, as datasets of 784 pixels
/// scaled to [0, 1] and labels 0…9.
public enum MNIST {
    /// The four files, each under its two usual names (gzip first).
    public static let files: [(role: String, names: [String])] = [
        ("train images", ["train-images-idx3-ubyte.gz", "train-images.idx3-ubyte", "train-images-idx3-ubyte"]),
        ("train labels", ["train-labels-idx1-ubyte.gz", "train-labels.idx1-ubyte", "train-labels-idx1-ubyte"]),
        ("test images", ["t10k-images-idx3-ubyte.gz", "t10k-images.idx3-ubyte", "t10k-images-idx3-ubyte"]),
        ("test labels", ["t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte", "t10k-labels-idx1-ubyte"]),
    ]

    /// SHA-256 of each file's *decompressed* content: the same for every mirror and every
    /// gzip level, so downloads are checked against the data itself.
    public static let checksums: [String: String] = [
        "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ]

    /// Where `data download mnist` fetches from (PyTorch's mirror of the original files).
    public static let defaultMirror = "https://ossci-datasets.s3.amazonaws.com/mnist/"

    /// The path of one of the four files in `directory`, under either naming.
    public static func locate(_ role: String, in directory: String) throws(DatasetError) -> String {
        guard let names = files.first(where: { $0.role == role })?.names else {
            throw .invalid("unknown MNIST file \(role)")
        }
        for name in names where FileManager.default.fileExists(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        throw .missing(directory: directory, wanted: Array(names.prefix(2)))
    }

    /// Loads the training and test sets, checking shapes and that images and labels agree.
    public static func load(from directory: String) throws(DatasetError) -> (train: Dataset, test: Dataset) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(
                path: directory, reason: "no such directory (set one with: data dir PATH, --data DIR or GRADBOOK_DATA)")
        }
        func part(_ images: String, _ labels: String, name: String) throws(DatasetError) -> (
            data: Dataset, imageSize: (Int, Int)
        ) {
            let imagePath = try locate(images, in: directory)
            let labelPath = try locate(labels, in: directory)
            let imageFile: IDXFile
            let labelFile: IDXFile
            do { imageFile = try IDXFile(try readBytes(imagePath)) } catch { throw error.inFile(imagePath) }
            do { labelFile = try IDXFile(try readBytes(labelPath)) } catch { throw error.inFile(labelPath) }
            guard imageFile.dimensions.count == 3 else {
                throw .corrupt(
                    "\(imagePath): images must have 3 dimensions (count, rows, columns), found "
                        + "\(imageFile.dimensions.count)"
                )
            }
            guard labelFile.dimensions.count == 1 else {
                throw .corrupt("\(labelPath): labels must have 1 dimension, found \(labelFile.dimensions.count)")
            }
            guard imageFile.dimensions[0] == labelFile.dimensions[0] else {
                throw .corrupt(
                    "\(imagePath) has \(imageFile.dimensions[0]) images but \(labelPath) has "
                        + "\(labelFile.dimensions[0]) labels"
                )
            }
            if let bad = labelFile.bytes.firstIndex(where: { $0 > 9 }) {
                throw .corrupt("\(labelPath): label \(labelFile.bytes[bad]) at position \(bad) is not a digit 0…9")
            }
            let (rows, columns) = (imageFile.dimensions[1], imageFile.dimensions[2])
            guard rows > 0, columns > 0, let pixels = Count.product(rows, columns), pixels <= Limit.layerWidth.value
            else {
                throw .corrupt("\(imagePath): images of \(rows)×\(columns) pixels (at most \(Limit.layerWidth) in all)")
            }
            let data = try Dataset(
                name: name, sampleShape: [pixels], features: .bytes(imageFile.bytes, scale: 1 / 255),
                targets: .classes(labelFile.bytes.map { Int32($0) }, classes: 10),
                classNames: (0...9).map(String.init))
            return (data, (rows, columns))
        }
        let train = try part("train images", "train labels", name: "mnist train")
        let test = try part("test images", "test labels", name: "mnist test")
        guard train.imageSize == test.imageSize else {
            throw .corrupt(
                "\(directory): training images are \(train.imageSize.0)×\(train.imageSize.1) pixels but test images "
                    + "are \(test.imageSize.0)×\(test.imageSize.1); both sets must have the same size"
            )
        }
        return (train.data, test.data)
    }
}
