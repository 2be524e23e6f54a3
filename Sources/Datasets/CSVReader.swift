#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Records of a CSV file as RFC 4180 defines them, read over the UTF-8 bytes without making a
/// string per cell: fields separated by commas, records by CRLF, LF or CR; a field in double
/// quotes may hold commas, line breaks and quotes written twice (`"say ""hi"""`). A UTF-8
/// byte order mark at the start is skipped. Spaces and tabs around an unquoted field are not
/// part of it (a spreadsheet's `1, 2` is two numbers).
struct CSVReader {
    /// Where a field's bytes are: `start ..< end`, and whether it was quoted with doubled
    /// quotes inside (its text then needs them halved).
    struct Field {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    /// A malformed record, with its line.
    struct Malformed: Error {
        let line: Int
        let reason: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The line (1-based) where the next record starts.
    private(set) var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"),
        cr = UInt8(ascii: "\r")

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Reads the next record into `fields` (cleared first); false at the end of the file.
    mutating func next(into fields: inout [Field]) throws(Malformed) -> Bool {
        fields.removeAll(keepingCapacity: true)
        guard index < bytes.count else { return false }
        let startLine = line
        while true {
            // One field.
            while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] == Self.quote {
                index += 1
                let start = index
                var escaped = false
                while true {
                    guard index < bytes.count else {
                        throw Malformed(line: startLine, reason: "a quoted field is not closed (a \" is missing)")
                    }
                    let byte = bytes[index]
                    if byte == Self.quote {
                        if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                            escaped = true
                            index += 2
                            continue
                        }
                        break
                    }
                    if byte == Self.lf || (byte == Self.cr && !(index + 1 < bytes.count && bytes[index + 1] == Self.lf))
                    {
                        line += 1
                    }
                    index += 1
                }
                fields.append(Field(start: start, end: index, escaped: escaped))
                index += 1  // the closing quote
                while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
                    throw Malformed(
                        line: line, reason: "text after a closing quote (write a quote inside a quoted field as \"\")")
                }
            } else {
                let start = index
                while index < bytes.count, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr
                { index += 1 }
                var end = index
                while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
                fields.append(Field(start: start, end: end, escaped: false))
            }
            // What ends the field: a comma (another field follows), a line break or the end.
            guard index < bytes.count else { return true }
            let byte = bytes[index]
            index += 1
            if byte == Self.comma { continue }
            if byte == Self.cr, index < bytes.count, bytes[index] == Self.lf { index += 1 }
            line += 1
            return true
        }
    }

    /// The field's text, doubled quotes halved.
    func text(_ field: Field) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.escaped ? raw.replacingDoubledQuotes() : raw
    }

    /// True for a record that is one empty field: a blank line.
    static func isBlank(_ fields: [Field]) -> Bool { fields.count == 1 && fields[0].start == fields[0].end }

    /// The field as a finite decimal number (`3`, `-0.5`, `1e-3`), or nil: only digits, signs,
    /// a point and an exponent are allowed (no `nan`, `inf` or hexadecimal), parsed by the C
    /// library without making a string.
    func number(_ field: Field) -> Float? {
        let count = field.end - field.start
        guard count > 0, count < 64 else { return count >= 64 ? slowNumber(field) : nil }
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw -> Float? in
            let out = raw.bindMemory(to: CChar.self)
            for k in 0..<count {
                let byte = bytes[field.start + k]
                guard Self.isDecimal(byte) else { return nil }
                out[k] = CChar(bitPattern: byte)
            }
            out[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let value = strtof(out.baseAddress!, &end)
            guard let end, end - out.baseAddress! == count else { return nil }
            return value
        }
    }

    private func slowNumber(_ field: Field) -> Float? {
        let text = self.text(field)
        guard text.utf8.allSatisfy(Self.isDecimal) else { return nil }
        return Float(text)
    }

    private static func isDecimal(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}

private extension String {
    func replacingDoubledQuotes() -> String {
        var out = ""
        var previousQuote = false
        for character in self {
            if character == "\"", previousQuote {
                previousQuote = false
                continue
            }
            previousQuote = character == "\""
            out.append(character)
        }
        return out
    }
}
