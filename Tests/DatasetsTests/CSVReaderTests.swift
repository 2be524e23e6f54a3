import Testing

@testable import Datasets

/// RFC 4180: quoted fields with commas, line breaks and doubled quotes; CRLF, LF and CR line
/// ends; a byte order mark; blank lines; and errors that name the line.
@Suite struct CSVReaderTests {
    func records(_ text: String) throws -> [[String]] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(buffer)
            var fields: [CSVReader.Field] = []
            var out: [[String]] = []
            while try reader.next(into: &fields) { out.append(fields.map(reader.text)) }
            return out
        }
    }

    @Test func quotedFieldsHoldCommasLineBreaksAndQuotes() throws {
        #expect(try records("a,\"b,c\",d\n") == [["a", "b,c", "d"]])
        #expect(try records("\"line\nbreak\",2\r\n3,4") == [["line\nbreak", "2"], ["3", "4"]])
        #expect(try records("\"say \"\"hi\"\"\",\"\"\"\"") == [["say \"hi\"", "\""]])
        #expect(try records("\"\",x") == [["", "x"]])
    }

    @Test func lineEndsAndTheByteOrderMark() throws {
        let expected = [["a", "b"], ["1", "2"]]
        #expect(try records("a,b\r\n1,2\r\n") == expected)
        #expect(try records("a,b\r1,2") == expected)
        #expect(try records("a,b\n1,2") == expected)
        #expect(try records("\u{FEFF}a,b\n1,2\n") == expected)
        #expect(try records(" a , b \n1,\t2") == expected, "blanks around unquoted fields are not part of them")
        #expect(try records("a,b\n\n1,2\n") == [["a", "b"], [""], ["1", "2"]])
    }

    @Test func malformedRecordsNameTheirLine() {
        #expect(throws: CSVReader.Malformed.self) { try records("a,b\n\"open,2\n") }
        do {
            _ = try records("a,b\n\"x\ny\",2\n\"q\"z,3\n")
            Issue.record("no error")
        } catch let error as CSVReader.Malformed {
            #expect(error.line == 4 && error.reason.contains("after a closing quote"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aDataSetFromAnRFC4180File() throws {
        let text =
            "\u{FEFF}\"width, cm\",\"height\",species\r\n1.5,2,\"setosa\"\r\n\r\n2.5,\"3\",\"virginica, "
            + "\"\"big\"\"\"\r\n"
        let data = try CSV.parse(text, label: "species", name: "t.csv")
        #expect(data.count == 2 && data.featureWidth == 2)
        #expect(data.classNames == ["setosa", "virginica, \"big\""])
        #expect(data.sample(1) == [2.5, 3])
        #expect(throws: DatasetError.invalid("t.csv line 3: a quoted field is not closed (a \" is missing)")) {
            try CSV.parse("a,label\n1,0\n\"2,1\n", label: "label", name: "t.csv")
        }
        // A record whose quoted field spans lines is named by the line it starts on.
        #expect(throws: DatasetError.invalid("t.csv line 4, column 'a': 'x' is not a number")) {
            try CSV.parse("a,label\n1,\"two\nlines\"\nx,0\n", label: "label", name: "t.csv")
        }
    }

    @Test func theLabelColumnByNameOrByIndex() throws {
        let byIndex = try CSV.parse("x,y,kind\n1,2,a\n3,4,b\n", label: "2")
        #expect(byIndex.classNames == ["a", "b"] && byIndex.sample(1) == [3, 4])
        #expect(throws: DatasetError.self) { try CSV.parse("x,y,kind\n1,2,a\n", label: "3") }
    }
}
