import Datasets
import Foundation
import TestSupport
import Testing

@testable import DataDownload

/// `data download` against HTTP servers on 127.0.0.1 (Python's standard library): one serving
/// the repository's MNIST fixture, one that cuts every file short, one that serves damaged bytes.
/// The downloads are checked against the fixture's recorded checksums.
@Suite(.serialized, .enabled(if: Tools.hasPython, "needs python3 for the local HTTP server (scripts/test installs it)"))
struct DownloadTests {
    /// Starts a server in `mode` (serve, truncate, corrupt) and returns it with its base URL.
    func server(_ mode: String) throws -> (Subprocess, String) {
        let script = """
            import http.server, os, socketserver, sys
            root, mode = sys.argv[1], sys.argv[2]
            class Handler(http.server.BaseHTTPRequestHandler):
                def log_message(self, *args): pass
                def do_GET(self):
                    path = os.path.join(root, os.path.basename(self.path))
                    if not os.path.exists(path):
                        self.send_response(404); self.end_headers(); return
                    data = open(path, 'rb').read()
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(data)))
                    self.end_headers()
                    if mode == 'truncate':
                        self.wfile.write(data[: len(data) // 3]); self.wfile.flush(); self.connection.close(); return
                    if mode == 'corrupt':
                        data = bytes(b ^ 0x55 if 100 <= i < 400 else b for i, b in enumerate(data))
                    self.wfile.write(data)
            server = socketserver.TCPServer(('127.0.0.1', 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        let server = try Subprocess(
            ["python3", "-c", script, Fixtures.mnistSmall, mode],
            captureErrors: false)
        let port = server.read(timeout: 30) { $0.contains("\n") }.trimmingCharacters(in: .whitespacesAndNewlines)
        return (server, "http://127.0.0.1:\(port)/")
    }

    func emptyDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gradbook-download-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func downloadsVerifiesAndKeepsValidFiles() throws {
        let (process, url) = try server("serve")
        defer { process.stop() }
        let dir = try emptyDirectory()
        let report = try Download.mnist(
            into: dir, mirror: url, checksums: try Fixtures.mnistSmallChecksums(), timeout: 30)
        #expect(report.count == 4 && report.allSatisfy { $0.contains("verified") })
        let (train, test) = try MNIST.load(from: dir)
        #expect(train.count == 1000 && test.count == 200)
        let again = try Download.mnist(
            into: dir, mirror: url, checksums: try Fixtures.mnistSmallChecksums(), timeout: 30)
        #expect(again.allSatisfy { $0.hasSuffix("already present and valid") })
    }

    @Test func aTruncatedDownloadIsNeverUsed() throws {
        let (process, url) = try server("truncate")
        defer { process.stop() }
        let dir = try emptyDirectory()
        #expect {
            try Download.mnist(into: dir, mirror: url, checksums: try Fixtures.mnistSmallChecksums(), timeout: 30)
        } throws: { error in
            guard case .download(let message)? = error as? DatasetError else { return false }
            return message.contains("t10k-labels") || message.contains("train-")
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(leftovers.isEmpty, "nothing may be written: \(leftovers)")
    }

    @Test func aCorruptDownloadDoesNotReplaceAGoodFile() throws {
        let (process, url) = try server("corrupt")
        defer { process.stop() }
        let dir = try emptyDirectory()
        // A good train-labels file is already there; the others are missing and arrive damaged.
        let good = Fixtures.mnistSmall + "/train-labels-idx1-ubyte.gz"
        try FileManager.default.copyItem(atPath: good, toPath: dir + "/train-labels-idx1-ubyte.gz")
        #expect {
            try Download.mnist(into: dir, mirror: url, checksums: try Fixtures.mnistSmallChecksums(), timeout: 30)
        } throws: { error in
            (error as? DatasetError)?.description.contains("the download was discarded") == true
        }
        #expect(FileManager.default.contentsEqual(atPath: good, andPath: dir + "/train-labels-idx1-ubyte.gz"))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(files == ["train-labels-idx1-ubyte.gz"])
    }
}
