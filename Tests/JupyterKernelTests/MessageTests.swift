import JSON
import Testing

@testable import JupyterKernel

struct MessageTests {
    /// RFC 4231, test case 2: HMAC-SHA256 with key "Jefe".
    @Test func signsWithHMACSHA256InLowercaseHex() {
        let signer = Signer(key: Array("Jefe".utf8))
        #expect(
            signer.sign([Array("what do ya want ".utf8), Array("for nothing?".utf8)])
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Signer(key: []).sign([Array("anything".utf8)]) == "")
    }

    @Test func aSignedMessageReadsBackAndAWrongOneIsRefused() throws {
        let signer = Signer(key: Array("secret".utf8))
        let message = Message(
            identities: [[1, 2, 3]], header: Message.header(type: "execute_request", session: "s"),
            parentHeader: .object([]), metadata: .object([]), content: ["code": "a = 1"])
        let frames = message.frames(signer: signer)
        #expect(frames[1] == Message.delimiter)
        let back = try Message(frames: frames, signer: signer)
        #expect(back.type == "execute_request" && back.content["code"] == "a = 1" && back.identities == [[1, 2, 3]])

        #expect(throws: Message.Refusal.badSignature) {
            try Message(frames: message.frames(signer: Signer(key: Array("wrong".utf8))), signer: signer)
        }
        var unsigned = frames
        unsigned[2] = []
        #expect(throws: Message.Refusal.badSignature) { try Message(frames: unsigned, signer: signer) }
        var tampered = frames
        tampered[6] = Array(#"{"code":"del a"}"#.utf8)
        #expect(throws: Message.Refusal.badSignature) { try Message(frames: tampered, signer: signer) }
        #expect(throws: Message.Refusal.noDelimiter) { try Message(frames: [[1], [2]], signer: signer) }
        #expect(throws: Message.Refusal.missingParts(2)) {
            try Message(frames: [Message.delimiter, [], []], signer: signer)
        }
    }

    @Test func headersCarryTheProtocolAndAZonedDate() throws {
        let header = Message.header(type: "status", session: "abc")
        #expect(header["version"] == "5.3" && header["session"] == "abc" && header["msg_type"] == "status")
        let date = try #require(header["date"]?.string)
        #expect(date.count == 27 && date.hasSuffix("Z") && date.dropFirst(10).hasPrefix("T"), "\(date)")
    }

    @Test func theConnectionFileGivesEndpointsAndKey() throws {
        let json = try JSON(
            parsing: #"{"transport":"tcp","ip":"127.0.0.1","shell_port":5001,"iopub_port":5002,"stdin_port":5003,"#
                + #""control_port":5004,"hb_port":5005,"key":"k","signature_scheme":"hmac-sha256"}"#)
        let connection = try Connection(json: json)
        #expect(connection.endpoint(connection.shellPort) == "tcp://127.0.0.1:5001")
        #expect(connection.key == Array("k".utf8))
        #expect(throws: KernelError.self) { try Connection(json: ["ip": "127.0.0.1", "shell_port": 70000]) }
        var other = try #require(json.members)
        other.append(("signature_scheme", "hmac-md5"))
        #expect(throws: KernelError.self) { try Connection(json: .object(other)) }
    }

    @Test func historySearchUsesGlobs() {
        #expect(Kernel.glob("train*", matches: "train epochs=3"))
        #expect(Kernel.glob("*epochs=?", matches: "train epochs=3"))
        #expect(!Kernel.glob("train", matches: "train epochs=3"))
        #expect(Kernel.glob("*", matches: ""))
    }

    @Test func theKernelspecStartsThisExecutable() {
        let spec = KernelSpec.json(executable: "/opt/gradbook")
        #expect(spec["argv"] == ["/opt/gradbook", "kernel", "-f", "{connection_file}"])
        #expect(spec["language"] == "gradbook" && spec["display_name"] == "Gradbook")
        // `kernel install --lang zh`: the same kernel, its lessons in Chinese, a Chinese name.
        let chinese = KernelSpec.json(executable: "/opt/gradbook", extraArguments: ["--lang", "zh"])
        #expect(chinese["argv"] == ["/opt/gradbook", "kernel", "-f", "{connection_file}", "--lang", "zh"])
        #expect(chinese["display_name"] == "Gradbook（中文课程）")
    }
}
