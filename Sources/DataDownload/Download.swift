import Datasets
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches files over HTTP(S) and installs each only after its checksum matched: a partial
/// or corrupted download is never used and never replaces a good file.
public enum Download {
    /// How far a download has come, for a progress display.
    public struct Progress: Sendable {
        public let file: String
        public let received: Int64
        public let expected: Int64?
    }

    /// Downloads the four MNIST files from `mirror` into `directory`. Files already present
    /// and valid are kept. Returns one line per file saying what happened.
    public static func mnist(
        into directory: String, mirror: String = MNIST.defaultMirror, checksums: [String: String] = MNIST.checksums,
        timeout: Double = 120,
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) throws(DatasetError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .download("cannot create \(directory): \(error.localizedDescription)")
        }
        var report: [String] = []
        for (file, checksum) in checksums.sorted(by: { $0.key > $1.key }) {
            let target = directory + "/" + file
            if let existing = try? readBytes(target), (try? verify(existing, checksum: checksum)) != nil {
                report.append("\(file): already present and valid")
                continue
            }
            let base = mirror.hasSuffix("/") ? mirror : mirror + "/"
            guard let url = URL(string: base + file) else { throw .download("bad mirror URL: \(mirror)") }
            let bytes = try fetch(url, timeout: timeout) { progress(Progress(file: file, received: $0, expected: $1)) }
            do {
                try verify(bytes, checksum: checksum)
            } catch {
                let kept =
                    FileManager.default.fileExists(atPath: target) ? "; the existing \(file) was left as it was" : ""
                throw .download("\(url.absoluteString): \(error) — the download was discarded\(kept)")
            }
            // Write beside the target, then rename: readers never see a half-written file.
            let temporary = target + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
                throw .download("cannot write \(temporary)")
            }
            if rename(temporary, target) != 0 {
                try? FileManager.default.removeItem(atPath: temporary)
                throw .download("cannot move \(temporary) to \(target): \(String(cString: strerror(errno)))")
            }
            report.append("\(file): downloaded \(bytes.count) bytes, SHA-256 of the content verified")
        }
        return report
    }

    /// Checks gzip'ed IDX bytes: they decompress, parse, and their content has the expected SHA-256.
    static func verify(_ bytes: [UInt8], checksum: String) throws(DatasetError) {
        let content = Gzip.isGzip(bytes) ? try Gzip.decompress(bytes) : bytes
        _ = try IDXFile(content)
        let actual = Checksum.sha256(content)
        guard actual == checksum else { throw .corrupt("SHA-256 of the content is \(actual), expected \(checksum)") }
    }

    /// One GET, with progress; the body is returned only if it arrived whole.
    static func fetch(_ url: URL, timeout: Double, progress: @escaping @Sendable (Int64, Int64?) -> Void)
        throws(DatasetError) -> [UInt8]
    {
        let receiver = Receiver(progress: progress)
        let session = URLSession(configuration: .ephemeral, delegate: receiver, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        session.dataTask(with: request).resume()
        receiver.done.wait()
        if let error = receiver.error { throw .download("\(url.absoluteString): \(error.localizedDescription)") }
        guard let http = receiver.response as? HTTPURLResponse else {
            throw .download("\(url.absoluteString): no HTTP response")
        }
        guard http.statusCode == 200 else { throw .download("\(url.absoluteString): HTTP \(http.statusCode)") }
        if http.expectedContentLength > 0, Int64(receiver.data.count) != http.expectedContentLength {
            throw .download(
                "\(url.absoluteString): received \(receiver.data.count) of \(http.expectedContentLength) bytes "
                    + "(connection cut)"
            )
        }
        return [UInt8](receiver.data)
    }

    /// Collects a response body and reports progress as it arrives.
    private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        var data = Data()
        var response: URLResponse?
        var error: Error?
        let done = DispatchSemaphore(value: 0)
        let progress: @Sendable (Int64, Int64?) -> Void

        init(progress: @escaping @Sendable (Int64, Int64?) -> Void) { self.progress = progress }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            self.response = response
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            self.data.append(data)
            let expected = response?.expectedContentLength ?? -1
            progress(Int64(self.data.count), expected > 0 ? expected : nil)
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            self.error = error
            done.signal()
        }
    }
}
