import Foundation

/// A CSV file of numbers with a header row, one column of which is the label.
public enum CSV {
    /// Loads `path`: every column but `label` is a feature; the label column holds class
    /// names or numbers (classes are numbered in order of first appearance, or by value when
    /// all are whole numbers ≥ 0). With `regression`, the label is a real target instead.
    public static func load(_ path: String, label: String, regression: Bool = false) throws(DatasetError) -> Dataset {
        let bytes = try readBytes(path)
        return try parse(String(decoding: bytes, as: UTF8.self), label: label, regression: regression, name: path)
    }

    public static func parse(_ text: String, label: String, regression: Bool = false, name: String = "csv") throws(DatasetError) -> Dataset {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let headerLine = lines.first(where: { !$0.isEmpty }) else { throw .invalid("\(name): the file is empty") }
        let header = split(headerLine)
        guard let labelColumn = header.firstIndex(of: label) else {
            let hint = header.min { distance($0, label) < distance($1, label) }.map { " (columns: \(header.joined(separator: ", ")); did you mean '\($0)'?)" } ?? ""
            throw .invalid("\(name): no column named '\(label)'\(hint)")
        }
        guard header.count >= 2 else { throw .invalid("\(name): needs at least one feature column besides '\(label)'") }
        var features: [Float] = []
        var labelTexts: [String] = []
        var row = 0
        for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = split(line)
            guard cells.count == header.count else {
                throw .invalid("\(name) line \(number + 1): \(cells.count) values, the header has \(header.count)")
            }
            for (column, cell) in cells.enumerated() where column != labelColumn {
                guard let value = Float(cell) else {
                    throw .invalid("\(name) line \(number + 1), column '\(header[column])': '\(cell)' is not a number")
                }
                features.append(value)
            }
            labelTexts.append(cells[labelColumn])
            row += 1
        }
        guard row > 0 else { throw .invalid("\(name): a header but no rows") }
        let width = header.count - 1
        if regression {
            var values: [Float] = []
            for (index, text) in labelTexts.enumerated() {
                guard let v = Float(text) else { throw .invalid("\(name) row \(index + 1): label '\(text)' is not a number") }
                values.append(v)
            }
            return try Dataset(name: name, sampleShape: [width], features: .floats(features), targets: .values(values, width: 1))
        }
        let numeric = labelTexts.compactMap { Int($0) }
        if numeric.count == labelTexts.count, numeric.allSatisfy({ $0 >= 0 }) {
            let classes = (numeric.max() ?? 0) + 1
            return try Dataset(name: name, sampleShape: [width], features: .floats(features),
                               targets: .classes(numeric.map(Int32.init), classes: classes))
        }
        var names: [String] = []
        let labels = labelTexts.map { text -> Int32 in
            if let i = names.firstIndex(of: text) { return Int32(i) }
            names.append(text)
            return Int32(names.count - 1)
        }
        return try Dataset(name: name, sampleShape: [width], features: .floats(features),
                           targets: .classes(labels, classes: names.count), classNames: names)
    }

    /// Splits a line at commas outside double quotes.
    static func split(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle(); continue }
            if character == ",", !quoted { cells.append(cell.trimmingCharacters(in: .whitespaces)); cell = ""; continue }
            cell.append(character)
        }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        return cells
    }

    static func distance(_ a: String, _ b: String) -> Int {
        Set(a.lowercased()).symmetricDifference(Set(b.lowercased())).count + abs(a.count - b.count)
    }
}
