import Foundation
import Limits

/// Reads a file's bytes; the error names the path and the reason.
public func readBytes(_ path: String) throws(DatasetError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .unreadable(path: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "is a directory") }
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
        size > Limit.fileBytes.value
    {
        throw .unreadable(path: path, reason: "\(Limit.grouped(size)) bytes, more than the limit of \(Limit.fileBytes)")
    }
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
        do throws(MemoryLimitError) { try MemoryLimit.check(size, for: "reading it") } catch {
            throw .unreadable(path: path, reason: error.description)
        }
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw .unreadable(path: path, reason: "cannot be read (permissions?)")
    }
    return [UInt8](data)
}
