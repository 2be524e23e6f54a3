import Foundation
import Limits

/// A CSV file of numbers with a header row, one column of which is the label. Read as RFC
/// 4180 defines it (quoted fields with commas, line breaks and doubled quotes; CRLF, LF or CR;
/// a byte order mark) by `CSVReader`.
public enum CSV {
    /// Loads `path`: every column but `label` is a feature; the label column holds class
    /// names or numbers (classes are numbered in order of first appearance, or by value when
    /// all are whole numbers ≥ 0). With `regression`, the label is a real target instead.
    public static func load(_ path: String, label: String, regression: Bool = false) throws(DatasetError) -> Dataset {
        try parse(bytes: try readBytes(path), label: label, regression: regression, name: path)
    }

    public static func parse(_ text: String, label: String, regression: Bool = false, name: String = "csv")
        throws(DatasetError) -> Dataset
    {
        try parse(bytes: Array(text.utf8), label: label, regression: regression, name: name)
    }

    /// The file's bytes as a data set: RFC 4180 records (`CSVReader`), a header row first.
    public static func parse(bytes: [UInt8], label: String, regression: Bool = false, name: String = "csv")
        throws(DatasetError) -> Dataset
    {
        if let nul = bytes.firstIndex(of: 0) {
            throw .invalid("\(name): a NUL byte at offset \(nul): this is not a text file")
        }
        var features: [Float] = []
        var labelTexts: [String] = []
        var labelLines: [Int] = []  // the line of each record, for messages
        var header: [String] = []
        var labelColumn = 0
        var row = 0
        let failure: DatasetError? = bytes.withUnsafeBufferPointer { buffer -> DatasetError? in
            var reader = CSVReader(buffer)
            var fields: [CSVReader.Field] = []
            do throws(CSVReader.Malformed) {
                while true {
                    let line = reader.line
                    guard try reader.next(into: &fields) else { break }
                    if CSVReader.isBlank(fields) { continue }
                    if header.isEmpty {
                        header = fields.map(reader.text)
                        // A column by its name, or by its 0-based index when no column has that name.
                        guard
                            let column = header.firstIndex(of: label)
                                ?? Int(label).flatMap({ header.indices.contains($0) ? $0 : nil })
                        else {
                            let hint =
                                header.min { distance($0, label) < distance($1, label) }.map {
                                    " (columns: \(header.joined(separator: ", ")); did you mean '\($0)'?)"
                                } ?? ""
                            return .invalid("\(name): no column named '\(label)'\(hint)")
                        }
                        guard header.count >= 2 else {
                            return .invalid("\(name): needs at least one feature column besides '\(label)'")
                        }
                        labelColumn = column
                        features.reserveCapacity(buffer.count / 4)
                        continue
                    }
                    guard fields.count == header.count else {
                        return .invalid("\(name) line \(line): \(fields.count) values, the header has \(header.count)")
                    }
                    for (column, field) in fields.enumerated() where column != labelColumn {
                        guard let value = reader.number(field) else {
                            return .invalid(
                                "\(name) line \(line), column '\(header[column])': \(shown(reader.text(field))) is "
                                    + "not a number"
                            )
                        }
                        guard value.isFinite else {
                            return .invalid(
                                "\(name) line \(line), column '\(header[column])': \(shown(reader.text(field))) is "
                                    + "too large for a 32-bit float (at most 3.4e38)"
                            )
                        }
                        features.append(value)
                    }
                    labelTexts.append(reader.text(fields[labelColumn]))
                    labelLines.append(line)
                    row += 1
                }
            } catch {
                return .invalid("\(name) line \(error.line): \(error.reason)")
            }
            return header.isEmpty ? .invalid("\(name): the file is empty") : nil
        }
        if let failure { throw failure }
        guard row > 0 else { throw .invalid("\(name): a header but no rows") }
        let width = header.count - 1
        if regression {
            var values: [Float] = []
            for (index, text) in labelTexts.enumerated() {
                values.append(try number(text, at: "\(name) line \(labelLines[index]), label"))
            }
            return try Dataset(
                name: name, sampleShape: [width], features: .floats(features), targets: .values(values, width: 1))
        }
        // Labels that all read as numbers are class indices (Keras' sparse labels): each must
        // be a whole number 0…limit−1. Any other text makes every label a class name.
        if labelTexts.allSatisfy({ Double($0) != nil }) {
            var numeric: [Int] = []
            for (row, text) in labelTexts.enumerated() {
                guard let value = Double(text), value.isFinite, value == value.rounded(), value >= 0,
                    let index = Int(exactly: value)
                else {
                    throw .invalid(
                        "\(name) line \(labelLines[row]): label \(shown(text)) is not a class index (a whole number "
                            + "0…\(Limit.classes.value - 1)); for real-valued targets use --regression"
                    )
                }
                numeric.append(index)
            }
            let largest = numeric.max() ?? 0
            guard largest < Limit.classes.value else {
                let line = numeric.firstIndex(of: largest).map { labelLines[$0] } ?? 0
                throw .invalid(
                    "\(name) line \(line): class label \(largest) would make \(largest) + 1 classes, more than the "
                        + "limit of \(Limit.classes) (use --regression for real-valued targets)"
                )
            }
            return try Dataset(
                name: name, sampleShape: [width], features: .floats(features),
                targets: .classes(numeric.map { Int32($0) }, classes: largest + 1))
        }
        var names: [String] = []
        var index: [String: Int32] = [:]
        var labels: [Int32] = []
        labels.reserveCapacity(labelTexts.count)
        for (row, text) in labelTexts.enumerated() {
            if let i = index[text] {
                labels.append(i)
                continue
            }
            guard names.count < Limit.classes.value else {
                throw .invalid(
                    "\(name) line \(labelLines[row]): label '\(text.prefix(40))' is class number \(names.count + 1), "
                        + "more than "
                        + "the limit of \(Limit.classes) (use --regression for real-valued targets)"
                )
            }
            index[text] = Int32(names.count)
            labels.append(Int32(names.count))
            names.append(text)
        }
        return try Dataset(
            name: name, sampleShape: [width], features: .floats(features),
            targets: .classes(labels, classes: names.count), classNames: names)
    }

    /// A cell as a finite decimal number (`3`, `-0.5`, `1e-3`). Swift's parser alone would
    /// also take `nan`, `inf`, hexadecimal `0x10` and `1e39` (infinite as Float32); none of
    /// them is a measurement, so each is refused with its place in the file.
    static func number(_ cell: String, at place: String) throws(DatasetError) -> Float {
        let decimal = !cell.isEmpty && cell.unicodeScalars.allSatisfy { "0123456789+-.eE".unicodeScalars.contains($0) }
        guard decimal, let value = Float(cell) else {
            throw .invalid("\(place): \(shown(cell)) is not a number")
        }
        guard value.isFinite else {
            throw .invalid("\(place): \(shown(cell)) is too large for a 32-bit float (at most 3.4e38)")
        }
        return value
    }

    /// A cell for a message: quoted, control characters (a NUL of a binary file) made visible.
    static func shown(_ cell: String) -> String {
        let visible = cell.prefix(40).unicodeScalars.map {
            $0.value < 32 || $0.value == 127 ? String(format: "\\x%02X", $0.value) : String($0)
        }.joined()
        return "'\(visible)'" + (cell.count > 40 ? "…" : "")
    }

    static func distance(_ a: String, _ b: String) -> Int {
        Set(a.lowercased()).symmetricDifference(Set(b.lowercased())).count + abs(a.count - b.count)
    }
}
