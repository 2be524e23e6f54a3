import JSON
import Safetensors
import Testing

struct SafetensorsTests {
    let sample = Safetensors(
        tensors: [
            ("dense_1.W", .init(shape: [2, 3], values: [1, -2, 3.5, 0, .pi, -0.0])),
            ("dense_1.b", .init(shape: [3], values: [0.25, 0.5, 0.75])),
            ("scalar", .init(shape: [], values: [7])),
        ],
        metadata: [("format", "pt"), ("note", "a \"quoted\" value")])

    /// The layout the format specifies, byte for byte: a little-endian length, a header padded
    /// with spaces to 8 bytes, then the float32 data in order.
    @Test func writesTheDocumentedLayout() throws {
        let bytes = try sample.serialized()
        let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        #expect((8 + length) % 8 == 0)
        let header = try JSON(parsing: bytes[8..<(8 + length)])
        #expect(header["__metadata__"]?["format"] == "pt")
        #expect(header["dense_1.W"]?["dtype"] == "F32")
        #expect(header["dense_1.W"]?["shape"] == [2, 3])
        #expect(header["dense_1.W"]?["data_offsets"] == [0, 24])
        #expect(header["dense_1.b"]?["data_offsets"] == [24, 36])
        #expect(header["scalar"]?["shape"] == [])
        #expect(bytes.count == 8 + length + 40)
        // 3.5 as float32 is 0x40600000, little-endian.
        #expect(Array(bytes[(8 + length + 8)..<(8 + length + 12)]) == [0x00, 0x00, 0x60, 0x40])
    }

    @Test func roundTrips() throws {
        let back = try Safetensors(parsing: try sample.serialized())
        #expect(back == sample)
        #expect(back["dense_1.W"]?.values[4] == Float.pi)
        #expect(back.metadata("note") == "a \"quoted\" value")
    }

    /// A file written by Python's safetensors (`save_file({"a": np.array([[1,2],[3,4]], "f8"), "b":
    /// np.zeros(1, "f4")}, metadata={"k": "v"})`): F64 is read too, and tensors may be stored in
    /// any order.
    @Test func readsFloat64AndAnyOrder() throws {
        let header =
            #"{"__metadata__":{"k":"v"},"b":{"dtype":"F32","shape":[1],"data_offsets":[32,36]},"#
            + #""a":{"dtype":"F64","shape":[2,2],"data_offsets":[0,32]}}"#
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8)
        for x in [1.0, 2, 3, 4] { bytes += withUnsafeBytes(of: x.bitPattern.littleEndian, Array.init) }
        bytes += [0, 0, 0, 0]
        let file = try Safetensors(parsing: bytes)
        #expect(file["a"] == .init(shape: [2, 2], values: [1, 2, 3, 4]))
        #expect(file["b"] == .init(shape: [1], values: [0]))
        #expect(file.metadata("k") == "v")
    }

    @Test func refusesTruncatedAndCorruptFilesWithTheReason() throws {
        let good = try sample.serialized()
        func error(_ bytes: [UInt8]) -> String {
            do {
                _ = try Safetensors(parsing: bytes)
                return "parsed"
            } catch { return error.description }
        }
        #expect(error([1, 2, 3]).hasPrefix("not a safetensors file, or a truncated one: 3 bytes"))
        #expect(
            error(Array(good.dropLast(4)))
                == "corrupt or truncated data: tensor 'scalar' needs bytes 36 to 40 of the data, the file has 36")
        #expect(error(Array(good.prefix(20))).contains("not a safetensors file, or a truncated one"))
        var huge = good
        huge[7] = 0xFF
        #expect(error(huge).contains("the header length, say 18374686"))
        var notJSON = good
        notJSON[8] = UInt8(ascii: "x")
        #expect(error(notJSON).hasPrefix("corrupt header: not JSON"))
        #expect(error(good + [0]).contains("the file has 41"))
    }

    @Test(arguments: [
        (#"{"t":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}"#, 1, "tensor 't' is I8: Gradbook reads F32 and F64"),
        (#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, 4, "F32 [2] needs 8 bytes, data_offsets give 4"),
        (#"{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, 4, "is not a list of sizes"),
        (#"{"t":{"dtype":"F32","shape":[1e300],"data_offsets":[0,4]}}"#, 4, "is not a list of sizes"),
        (
            #"{"t":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, 4,
            "is not a list of sizes"
        ),
        (#"{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, "starts at byte 4 of the data, expected 0"),
        (
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                + #""b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
            4, "overlaps"
        ),
        (
            #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,99]}}"#, 4,
            "needs bytes 0 to 99 of the data, the file has 4"
        ),
        (#"{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, 4, "are not [begin, end] with begin ≤ end"),
        (#"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"t":{}}"#, 4, "appears twice"),
        (#"{"__metadata__":{"k":1}}"#, 0, "__metadata__[\"k\"] must be a string"),
        (#"[1]"#, 0, "expected a JSON object, found an array"),
    ])
    func refusesInconsistentHeaders(_ header: String, _ dataBytes: Int, _ reason: String) {
        let bytes =
            withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8)
            + [UInt8](repeating: 0, count: dataBytes)
        do {
            _ = try Safetensors(parsing: bytes)
            Issue.record("parsed \(header)")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test func refusesToWriteAShapeThatDoesNotHoldTheValues() {
        let bad = Safetensors(tensors: [("w", .init(shape: [2, 2], values: [1, 2, 3]))])
        #expect(throws: SafetensorsError.invalidTensor(name: "w", reason: "shape [2, 2] does not hold 3 values")) {
            try bad.serialized()
        }
    }
}
